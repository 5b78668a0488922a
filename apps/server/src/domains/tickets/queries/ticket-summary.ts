import type { Actor } from '../../../platform/auth.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import { ticketUnitScope } from '../scope.ts';

/**
 * Volume, SLA compliance, reopen rate and mean time to close of the tickets opened in [from, to) in the caller's
 * subtree, by unit, and the root-cause Pareto. Reports count every ticket of the subtree, not only an agent's own.
 */
export async function ticketSummary(ex: Executor, actor: Actor, from: string, to: string) {
  const where = sql`WHERE ${ticketUnitScope(actor)} AND t.created_at >= ${from} AND t.created_at < ${to}`;
  const base = sql`FROM tickets t JOIN org_units o ON o.tenant_id = t.tenant_id AND o.id = t.org_unit_id ${where}`;
  const [totals] = await rows<Record<string, number | string | null>>(
    ex,
    sql`SELECT count(*)::int AS volume, count(*) FILTER (WHERE t.status IN ('resolved','closed'))::int AS resolved,
        count(*) FILTER (WHERE t.resolved_at IS NOT NULL AND t.resolved_at <= t.resolution_due_at)::int AS within_sla,
        count(*) FILTER (WHERE t.reopen_count > 0)::int AS reopened,
        avg(extract(epoch FROM t.closed_at - t.created_at) / 3600) FILTER (WHERE t.closed_at IS NOT NULL) AS mean_hours_to_close ${base}`,
  );
  const byUnit = await rows<{
    orgUnitId: string;
    code: string;
    name: string;
    volume: number;
    meanHoursToClose: number | string | null;
  }>(
    ex,
    sql`SELECT o.id AS "orgUnitId", o.code, o.name, count(*)::int AS volume,
        avg(extract(epoch FROM t.closed_at - t.created_at) / 3600) FILTER (WHERE t.closed_at IS NOT NULL) AS "meanHoursToClose" ${base} GROUP BY o.id, o.code, o.name ORDER BY volume DESC LIMIT 100`,
  );
  const pareto = await rows<{ code: string; name: string; nameEn: string | null; count: number }>(
    ex,
    sql`SELECT rc.code, rc.name, rc.name_en AS "nameEn", count(*)::int AS count
        FROM tickets t JOIN org_units o ON o.tenant_id = t.tenant_id AND o.id = t.org_unit_id
        JOIN root_causes rc ON rc.tenant_id = t.tenant_id AND rc.id = t.root_cause_id
        ${where}
        GROUP BY rc.code, rc.name, rc.name_en ORDER BY count DESC`,
  );
  const volume = Number(totals.volume);
  const resolved = Number(totals.resolved);
  return {
    from,
    to,
    volume,
    resolved,
    slaCompliance: resolved ? Number(totals.within_sla) / resolved : null,
    reopenRate: volume ? Number(totals.reopened) / volume : null,
    meanHoursToClose: totals.mean_hours_to_close === null ? null : Number(totals.mean_hours_to_close),
    byUnit,
    rootCausePareto: pareto,
  };
}
