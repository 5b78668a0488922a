import type { MetricValue } from '@loopcx/shared';
import type { Actor } from '../../../platform/auth.ts';
import type { AppContext } from '../../../platform/context.ts';
import { one, rows, sql } from '../../../platform/db.ts';
import { queryMetric } from '../../metrics/query.ts';
import { pathUnder } from '../../org/scope.ts';

type Value = MetricValue & { suppressed: boolean };
const Z = 1.959963984540054;

/** A row of the metrics engine as a comparable value (variance recovered from its 95 % interval). */
const toValue = (
  r: { value: number | null; n: number; ci: [number, number] | null; suppressed: boolean } | undefined,
): Value =>
  r
    ? {
        value: r.value,
        n: r.n,
        ci: r.ci,
        suppressed: r.suppressed,
        variance: r.ci ? ((r.ci[1] - r.ci[0]) / (2 * Z)) ** 2 : null,
      }
    : { value: null, n: 0, ci: null, variance: null, suppressed: true };

/**
 * Window and trailing values of a formula metric (e.g. cpo) or an audit indicator (`audit.*`) for every unit of the rule's kind in its scope, through
 * the same query function dashboards use, so a rule sees exactly the number a manager sees. Units with nothing
 * in the window are skipped. Unknown or archived metrics evaluate to nothing (the rule stays silent).
 */
export async function formulaEvaluations(
  ctx: AppContext,
  tenantId: string,
  c: { metric: string; minN: number; unitKind: string; windowDays: number },
  scopePath: string,
  period: { windowStart: string; trailingStart: string; tomorrow: string },
) {
  const root = await one<{ id: string; path: string }>(
    ctx.db,
    sql`SELECT id, path FROM org_units WHERE tenant_id = ${tenantId} AND parent_id IS NULL ORDER BY created_at LIMIT 1`,
  );
  if (!root) return [];
  // The rule engine reads on the tenant's behalf: the whole organisation, clipped below by the rule's scope.
  const actor: Actor = {
    tenantId,
    kind: 'apiKey',
    id: tenantId,
    role: 'owner',
    orgUnitId: root.id,
    orgPath: root.path,
  };
  const units = await rows<{ id: string; path: string }>(
    ctx.db,
    sql`SELECT o.id, o.path FROM org_units o WHERE o.tenant_id = ${tenantId} AND o.kind = ${c.unitKind} AND o.status = 'active' AND ${pathUnder('o', scopePath)}`,
  );
  const out: Array<{ unitId: string; path: string; lowerIsBetter: boolean; w: Value; tr: () => Promise<Value> }> = [];
  for (const u of units) {
    let res: Awaited<ReturnType<typeof queryMetric>>;
    try {
      res = await queryMetric(ctx.db, actor, {
        metric: c.metric,
        orgUnitId: u.id,
        from: period.windowStart,
        to: period.tomorrow,
        minN: c.minN,
      });
    } catch {
      return [];
    }
    const w = toValue(res.rows[0] as Parameters<typeof toValue>[0]);
    if (w.n === 0) continue;
    // The audit error rates carry no definition: like any error rate, lower is better (a rise is the anomaly).
    const lowerIsBetter =
      ('definition' in res && res.definition.direction === 'lower') || /^audit\.\w+_error_rate$/.test(c.metric);
    const tr = async () =>
      toValue(
        (
          await queryMetric(ctx.db, actor, {
            metric: c.metric,
            orgUnitId: u.id,
            from: period.trailingStart,
            to: period.windowStart,
            minN: c.minN,
          })
        ).rows[0] as Parameters<typeof toValue>[0],
      );
    out.push({ unitId: u.id, path: u.path, lowerIsBetter, w, tr });
  }
  return out;
}
