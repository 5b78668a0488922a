import type { TAuditResult, TCalibrationReport, TChecklistItem } from '@loopcx/shared';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import { invalid } from '../../../platform/errors.ts';
import { orgScope } from '../../org/scope.ts';
import { tenantTimeZone } from '../../tenancy/queries/tenant-time-zone.ts';
import { cohensKappa, type Rating } from '../kappa.ts';
import { checklistItems, getChecklist } from './checklists.ts';

interface PairRating {
  a_id: string;
  version: number;
  a_inspector: string | null;
  a_name: string | null;
  a_external: boolean;
  b_inspector: string | null;
  b_name: string | null;
  b_external: boolean;
  code: string;
  ra: TAuditResult;
  rb: TAuditResult;
}

/**
 * Every item rating of the submitted calibration pairs of a checklist whose original audit was submitted in
 * [from, to) (the tenant's days). A pair is in scope through the original's unit (`orgScope` on `o`); the partner
 * audits the same unit, so it is in the same scope.
 */
async function pairRatings(ex: Executor, actor: Actor, q: { checklistId: string; from: string; to: string }) {
  const tz = await tenantTimeZone(ex, actor.tenantId);
  return rows<PairRating>(
    ex,
    sql`SELECT a.id AS a_id, a.checklist_version AS version,
          a.inspector_id AS a_inspector, COALESCE(ua.name, a.external_name) AS a_name, a.external_name IS NOT NULL AS a_external,
          b.inspector_id AS b_inspector, COALESCE(ub.name, b.external_name) AS b_name, b.external_name IS NOT NULL AS b_external,
          ra.code, ra.result AS ra, rb.result AS rb
        FROM audits b
        JOIN audits a ON a.tenant_id = b.tenant_id AND a.id = b.calibration_of
        JOIN org_units o ON o.tenant_id = a.tenant_id AND o.id = a.org_unit_id
        JOIN audit_results ra ON ra.tenant_id = a.tenant_id AND ra.audit_id = a.id
        JOIN audit_results rb ON rb.tenant_id = b.tenant_id AND rb.audit_id = b.id AND rb.code = ra.code
        LEFT JOIN users ua ON ua.tenant_id = a.tenant_id AND ua.id = a.inspector_id
        LEFT JOIN users ub ON ub.tenant_id = b.tenant_id AND ub.id = b.inspector_id
        WHERE b.tenant_id = ${actor.tenantId} AND b.status = 'submitted' AND a.status = 'submitted'
          AND a.checklist_id = ${q.checklistId} AND ${orgScope(actor)}
          AND a.submitted_at >= (${q.from}::date::timestamp AT TIME ZONE ${tz}::text)
          AND a.submitted_at < (${q.to}::date::timestamp AT TIME ZONE ${tz}::text)
        ORDER BY a.submitted_at, a.id, ra.code`,
  );
}

/** Ratings grouped by a key, with the distinct pairs (original audit ids) behind them. */
class Groups<K> {
  readonly ratings = new Map<K, Rating[]>();
  readonly pairs = new Map<K, Set<string>>();
  add(key: K, pair: string, r: Rating) {
    if (!this.ratings.has(key)) this.ratings.set(key, []);
    if (!this.pairs.has(key)) this.pairs.set(key, new Set());
    this.ratings.get(key)?.push(r);
    this.pairs.get(key)?.add(pair);
  }
  kappa(key: K) {
    return cohensKappa(this.ratings.get(key) ?? [], this.pairs.get(key)?.size ?? 0);
  }
}

const inspectorKey = (id: string | null, name: string | null) => id ?? `external:${name ?? ''}`;

/**
 * Inspector agreement on a checklist in a period: Cohen's κ over all item ratings of all pairs (original vs
 * partner), per item over all pairs, and per inspector against their partners (the inspector's answers first).
 * Items are the current version's, then any item only older pinned versions had.
 */
export async function calibrationReport(
  ex: Executor,
  actor: Actor,
  q: { checklistId: string; from: string; to: string },
): Promise<TCalibrationReport> {
  if (q.from >= q.to) throw invalid('to', 'give from < to');
  const checklist = await getChecklist(ex, actor, q.checklistId);
  const list = await pairRatings(ex, actor, q);
  const all = new Groups<'all'>();
  const byItem = new Groups<string>();
  const byInspector = new Groups<string>();
  const who = new Map<string, { inspectorId: string | null; name: string | null; external: boolean }>();
  for (const r of list) {
    all.add('all', r.a_id, [r.ra, r.rb]);
    byItem.add(r.code, r.a_id, [r.ra, r.rb]);
    const ka = inspectorKey(r.a_inspector, r.a_name);
    const kb = inspectorKey(r.b_inspector, r.b_name);
    byInspector.add(ka, r.a_id, [r.ra, r.rb]);
    byInspector.add(kb, r.a_id, [r.rb, r.ra]);
    who.set(ka, { inspectorId: r.a_inspector, name: r.a_name, external: r.a_external });
    who.set(kb, { inspectorId: r.b_inspector, name: r.b_name, external: r.b_external });
  }
  const items = new Map<string, TChecklistItem>(checklist.items.map((i) => [i.code, i]));
  const older = [...new Set(list.map((r) => r.version))].filter((v) => v !== checklist.version).sort((x, y) => y - x);
  for (const v of older)
    for (const i of await checklistItems(ex, actor.tenantId, q.checklistId, v))
      if (!items.has(i.code)) items.set(i.code, i);
  return {
    checklistId: q.checklistId,
    from: q.from,
    to: q.to,
    overall: all.kappa('all'),
    items: [...items.values()].map((i) => ({
      code: i.code,
      text: i.text,
      textEn: i.textEn,
      severity: i.severity,
      ...byItem.kappa(i.code),
    })),
    inspectors: [...who.entries()]
      .map(([key, w]) => ({ ...w, ...byInspector.kappa(key) }))
      .sort((x, y) => (x.name ?? '').localeCompare(y.name ?? '')),
  };
}
