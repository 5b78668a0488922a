import type { SQL } from 'drizzle-orm';
import { type Actor, atTenantRoot } from '../../../platform/auth.ts';
import { type Executor, one, sql } from '../../../platform/db.ts';
import { invalid, notFound } from '../../../platform/errors.ts';
import { requireUnitInScope, unitIdsUnder } from '../../org/scope.ts';
import type { TTextFilters } from '../schema.ts';

const DAY = 86400_000;

/**
 * The period of a text query: `from`/`to` as given, else the 30 days up to the end of today (UTC days, so a text
 * stored this instant is inside); the previous period has the same length.
 */
export function period(f: TTextFilters, now: Date) {
  const to = f.to ? new Date(f.to) : new Date(Math.floor(now.getTime() / DAY) * DAY + DAY);
  const from = f.from ? new Date(f.from) : new Date(to.getTime() - 30 * DAY);
  if (from >= to) throw invalid('to', 'must be after from');
  if (to.getTime() - from.getTime() > 3 * 366 * DAY) throw invalid('from', 'a period spans at most three years');
  const span = to.getTime() - from.getTime();
  return { from: from.toISOString(), to: to.toISOString(), prevFrom: new Date(from.getTime() - span).toISOString() };
}

/** `AND a.triage IN (…)` for a triage filter over text_analyses (empty when none is given). */
export function triageClause(triage: readonly string[] | undefined, alias = 'a'): SQL {
  if (!triage?.length) return sql``;
  return sql`AND ${sql.raw(alias)}.triage IN (${sql.join(
    triage.map((t) => sql`${t}`),
    sql`, `,
  )})`;
}

/**
 * The WHERE clause over a table carrying tenant_id, org_unit_id, touchpoint_id, occurred_at and source_kind
 * (text_analyses or text_topic_hits, alias given). Scope: the tenant and the caller's subtree (or the chosen unit's
 * subtree inside it); items without a unit only for callers scoped at the tenant root. The period is left to the
 * caller (current and previous periods reuse the clause).
 */
export async function textScope(ex: Executor, actor: Actor, f: TTextFilters, alias: string): Promise<SQL> {
  const a = sql.raw(alias);
  let path = actor.orgPath;
  if (f.orgUnitId) {
    path = (await requireUnitInScope(ex, actor, f.orgUnitId)).path;
  }
  if (
    f.touchpointId &&
    !(await one(ex, sql`SELECT 1 FROM touchpoints WHERE tenant_id = ${actor.tenantId} AND id = ${f.touchpointId}`))
  )
    throw notFound('Touchpoint');
  const atRoot = atTenantRoot(actor) && !f.orgUnitId;
  const inUnits = sql`${a}.org_unit_id IN (${unitIdsUnder(actor.tenantId, path)})`;
  const parts: SQL[] = [
    sql`${a}.tenant_id = ${actor.tenantId}`,
    atRoot ? sql`(${a}.org_unit_id IS NULL OR ${inUnits})` : inUnits,
  ];
  if (f.touchpointId) parts.push(sql`${a}.touchpoint_id = ${f.touchpointId}`);
  if (f.source) parts.push(sql`${a}.source_kind = ${f.source}`);
  return sql.join(parts, sql` AND `);
}
