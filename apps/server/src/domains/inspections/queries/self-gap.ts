import type { TAuditSelfGap } from '@loopcx/shared';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import { invalid } from '../../../platform/errors.ts';
import { pathUnder, pathUnderUnit, requireUnitInScope } from '../../org/scope.ts';
import { tenantTimeZone } from '../../tenancy/queries/tenant-time-zone.ts';

/**
 * Per direct child of a unit (default: the caller's), the mean score (0–100) of its self-inspections and of its
 * external audits (every other kind) submitted in [from, to) (the tenant's days), and the gap between them: a
 * positive gap is a unit grading itself more kindly than outsiders do.
 */
export async function selfGap(
  ex: Executor,
  actor: Actor,
  q: { orgUnitId?: string; from: string; to: string },
): Promise<TAuditSelfGap> {
  if (q.from >= q.to) throw invalid('to', 'give from < to');
  const unit = await requireUnitInScope(ex, actor, q.orgUnitId ?? actor.orgUnitId);
  const tz = await tenantTimeZone(ex, actor.tenantId);
  const list = await rows<{
    id: string;
    code: string;
    name: string;
    name_en: string | null;
    self_score: number | null;
    self_n: number;
    ext_score: number | null;
    ext_n: number;
  }>(
    ex,
    sql`SELECT c.id, c.code, c.name, c.name_en,
          avg(a.score * 100) FILTER (WHERE a.kind = 'self_inspection')::float8 AS self_score,
          count(a.score) FILTER (WHERE a.kind = 'self_inspection')::int AS self_n,
          avg(a.score * 100) FILTER (WHERE a.kind <> 'self_inspection')::float8 AS ext_score,
          count(a.score) FILTER (WHERE a.kind <> 'self_inspection')::int AS ext_n
        FROM org_units c
        LEFT JOIN org_units o ON o.tenant_id = c.tenant_id AND ${pathUnderUnit('o', 'c')}
        LEFT JOIN audits a ON a.tenant_id = o.tenant_id AND a.org_unit_id = o.id AND a.status = 'submitted'
          AND a.submitted_at >= (${q.from}::date::timestamp AT TIME ZONE ${tz}::text)
          AND a.submitted_at < (${q.to}::date::timestamp AT TIME ZONE ${tz}::text)
        WHERE c.tenant_id = ${actor.tenantId} AND c.parent_id = ${unit.id} AND c.status = 'active' AND ${pathUnder('c', unit.path)}
        GROUP BY c.id, c.code, c.name, c.name_en ORDER BY c.code`,
  );
  return {
    rows: list.map((r) => ({
      orgUnitId: r.id,
      code: r.code,
      name: r.name,
      nameEn: r.name_en,
      selfScore: r.self_score,
      selfN: r.self_n,
      externalScore: r.ext_score,
      externalN: r.ext_n,
      gap: r.self_score !== null && r.ext_score !== null ? r.self_score - r.ext_score : null,
    })),
  };
}
