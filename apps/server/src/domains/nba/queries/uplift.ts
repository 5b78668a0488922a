import {
  dayRangeInstants,
  differenceInterval,
  lastDays,
  type TNbaUplift,
  twoProportionTest,
  wilson,
} from '@loopcx/shared';
import { type Actor, atTenantRoot } from '../../../platform/auth.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import { invalid } from '../../../platform/errors.ts';
import { scopedCustomerIds } from '../../customers/scope.ts';
import { tenantTimeZone } from '../../tenancy/queries/tenant-time-zone.ts';
import { getRule } from './rules.ts';

const DAY_MS = 86_400_000;

interface ArmCounts {
  arm: 'treatment' | 'holdout';
  n: number;
  hits: number;
  pending: number;
  taken: number;
  dismissed: number;
}

/**
 * A rule's measured uplift (decision 82): among its decisions made in [from, to) whose outcome window has fully
 * passed, the share of customers with ≥ 1 outcome event strictly after the decision and before decision + N days
 * (anywhere in the tenant), treatment against holdout. Intent to treat: every treatment decision counts whether or
 * not staff marked it taken, so a rule staff ignore shows no uplift. One statement, an EXISTS probe per decision on
 * events_customer_type_time_idx (migration 0090). Below the tenant root, only customers seen in the caller's subtree.
 */
export async function ruleUplift(
  ex: Executor,
  actor: Actor,
  ruleId: string,
  q: { from?: string; to?: string; now: Date },
): Promise<TNbaUplift> {
  const rule = await getRule(ex, actor.tenantId, ruleId);
  const tz = await tenantTimeZone(ex, actor.tenantId);
  const to = q.to ?? lastDays(tz, 1, q.now).to;
  const from = q.from ?? lastDays(tz, 365, q.now).from;
  if (from >= to) throw invalid('to', 'give from < to as dates (YYYY-MM-DD)');
  const range = dayRangeInstants(tz, { from, to });
  const completeBy = new Date(q.now.getTime() - rule.outcome.withinDays * DAY_MS).toISOString();
  const scope = atTenantRoot(actor) ? sql`` : sql`AND d.customer_id IN (${scopedCustomerIds(actor)})`;
  const probe = sql`EXISTS (SELECT 1 FROM events e
      WHERE e.tenant_id = ${actor.tenantId} AND e.customer_id = d.customer_id AND e.type = ${rule.outcome.eventType}
        AND e.occurred_at > d.decided_at AND e.occurred_at < d.decided_at + make_interval(days => ${rule.outcome.withinDays}::int))`;
  const counts = await rows<ArmCounts>(
    ex,
    sql`SELECT d.arm,
               count(*) FILTER (WHERE d.decided_at <= ${completeBy}::timestamptz)::int AS n,
               count(*) FILTER (WHERE d.decided_at <= ${completeBy}::timestamptz AND ${probe})::int AS hits,
               count(*) FILTER (WHERE d.decided_at > ${completeBy}::timestamptz)::int AS pending,
               count(*) FILTER (WHERE d.status = 'taken')::int AS taken,
               count(*) FILTER (WHERE d.status = 'dismissed')::int AS dismissed
          FROM nba_decisions d
         WHERE d.tenant_id = ${actor.tenantId} AND d.rule_id = ${rule.id}
           AND d.decided_at >= ${range.from.toISOString()}::timestamptz AND d.decided_at < ${range.to.toISOString()}::timestamptz
           ${scope}
         GROUP BY d.arm`,
  );
  const of = (arm: ArmCounts['arm']) => {
    const c = counts.find((x) => x.arm === arm);
    return {
      n: Number(c?.n ?? 0),
      hits: Number(c?.hits ?? 0),
      pending: Number(c?.pending ?? 0),
      taken: Number(c?.taken ?? 0),
      dismissed: Number(c?.dismissed ?? 0),
    };
  };
  return { ruleId: rule.id, from, to, outcome: rule.outcome, ...summarizeUplift(of('treatment'), of('holdout')) };
}

type Arm = { n: number; hits: number; pending: number };

/**
 * Rates with Wilson intervals, the difference treatment − holdout with Newcombe's interval (the X → O maths of
 * decision 78), the relative lift, a two-proportion z test, and the verdict read off the interval: above 0 works,
 * below 0 harms, straddling 0 (or an empty arm) no evidence.
 */
export function summarizeUplift(t: Arm & { taken: number; dismissed: number }, h: Arm) {
  const arm = (a: Arm) => ({
    n: a.n,
    outcomes: a.hits,
    rate: a.n ? (a.hits / a.n) * 100 : null,
    ci: a.n ? wilson(a.hits, a.n) : null,
    pending: a.pending,
  });
  const both = t.n > 0 && h.n > 0;
  const difference = both
    ? { points: (t.hits / t.n - h.hits / h.n) * 100, ci: differenceInterval(t.hits, t.n, h.hits, h.n) }
    : null;
  const relativeLift = both && h.hits > 0 ? t.hits / t.n / (h.hits / h.n) - 1 : null;
  const verdict: TNbaUplift['verdict'] = !difference
    ? 'no_evidence'
    : difference.ci[0] > 0
      ? 'works'
      : difference.ci[1] < 0
        ? 'harms'
        : 'no_evidence';
  return {
    treatment: { ...arm(t), taken: t.taken, dismissed: t.dismissed },
    holdout: arm(h),
    difference,
    relativeLift,
    test: both ? twoProportionTest(t.hits, t.n, h.hits, h.n) : null,
    verdict,
  };
}
