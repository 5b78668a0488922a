import type { SampleSums } from '@loopcx/shared';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import { pathUnder, pathWithin } from '../../org/scope.ts';
import { tenantTimeZone } from '../../tenancy/queries/tenant-time-zone.ts';
import { auditSums, countedAudits } from './audit-metric.ts';

/**
 * Per given unit, the sums of an audit metric (`audit.fatal_error_rate`, `audit.general_error_rate`, `audit.score`)
 * over its whole subtree for the tenant-local days [from, through): the audits POST /metrics/query counts by default
 * (submitted, every kind but self-inspections, by submit time) with the same sums (`auditSums`), so a target's value
 * and interval equal the dashboard's. One query grouped by the audited unit's path; each row is added to every
 * given unit whose subtree holds it. A `UnitSampler` of the targets capability.
 */
export async function auditUnitSamples(
  ex: Executor,
  tenantId: string,
  metricKey: string,
  from: string,
  through: string,
  units: { id: string; path: string }[],
): Promise<Map<string, SampleSums>> {
  const out = new Map<string, SampleSums>(units.map((u) => [u.id, { k: 0, n: 0, sum: 0, sumsq: 0 }]));
  if (from >= through || units.length === 0) return out;
  const tz = await tenantTimeZone(ex, tenantId);
  // Only the outermost units need a LIKE: every other given unit lies under one of them.
  const tops = units.filter((u) => !units.some((o) => o.path !== u.path && pathWithin(u.path, o.path)));
  const under = sql.join(
    [...new Set(tops.map((u) => u.path))].map((path) => pathUnder('o', path)),
    sql` OR `,
  );
  const list = await rows<{ path: string; k: number; n: number; sum: number; sumsq: number }>(
    ex,
    sql`SELECT o.path, ${auditSums(metricKey)}
        FROM audits a JOIN org_units o ON o.tenant_id = a.tenant_id AND o.id = a.org_unit_id
        WHERE ${countedAudits(tenantId, tz, from, through)} AND (${under})
        GROUP BY o.path`,
  );
  for (const r of list)
    for (const u of units) {
      if (!pathWithin(r.path, u.path)) continue;
      const s = out.get(u.id)!;
      s.k += Number(r.k);
      s.n += Number(r.n);
      s.sum += Number(r.sum);
      s.sumsq += Number(r.sumsq);
    }
  return out;
}
