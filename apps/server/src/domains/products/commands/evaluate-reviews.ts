import { mean, nps, type TReviewRule } from '@loopcx/shared';
import type { AppContext } from '../../../platform/context.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { announce, type NotifyResult, notify } from '../../notifications/commands/notify.ts';
import { monthlyScores } from '../queries/monthly-scores.ts';
import { monthsBetween } from '../queries/scorecard.ts';
import { parseRules, productSettings } from '../settings.ts';
import { changeStage } from './change-stage.ts';

/** One month a rule judged: its value and sample size (null value: no responses). */
interface MonthValue {
  month: string;
  value: number | null;
  n: number;
}

/** The first day and last day (YYYY-MM-DD) of the `count` months ending with month `last` (YYYY-MM). */
function monthRange(last: string, count: number): { from: string; to: string } {
  const [y, m] = last.split('-').map(Number);
  const start = new Date(Date.UTC(y, m - count, 1));
  const end = new Date(Date.UTC(y, m, 0));
  return { from: start.toISOString().slice(0, 10), to: end.toISOString().slice(0, 10) };
}

/**
 * Whether `rule` fires for a product: each of the `months` closed months up to `lastMonth` has at least `minN`
 * responses and a value below the threshold (the product's target for the metric, or the rule's number). A rule
 * naming `target` for a product without that target never fires.
 */
export async function ruleFires(
  ex: Executor,
  tenantId: string,
  product: { code: string; targets: Record<string, number> },
  rule: TReviewRule,
  lastMonth: string,
): Promise<{ fires: boolean; threshold: number | null; months: MonthValue[] }> {
  const threshold = rule.below === 'target' ? (product.targets[rule.metric] ?? null) : rule.below;
  const { from, to } = monthRange(lastMonth, rule.months);
  const scores = new Map(
    (await monthlyScores(ex, tenantId, product.code, from, to, sql`true`)).map((m) => [m.month, m]),
  );
  const months = monthsBetween(from, to).map((month) => {
    const m = scores.get(month);
    const v = m ? (rule.metric === 'nps' ? nps(m.nps) : mean(m.csat)) : { value: null, n: 0 };
    return { month, value: v.value === null ? null : Math.round(v.value * 10) / 10, n: v.n };
  });
  const fires =
    threshold !== null &&
    months.length === rule.months &&
    months.every((m) => m.value !== null && m.n >= rule.minN && m.value < threshold);
  return { fires, threshold, months };
}

/** The tenant-local month before the one `now` falls in (YYYY-MM): the last closed month. */
async function lastClosedMonth(ex: Executor, tenantId: string, now: Date): Promise<string | undefined> {
  const r = await one<{ m: string }>(
    ex,
    sql`SELECT to_char(date_trunc('month', ${now.toISOString()}::timestamptz AT TIME ZONE timezone) - interval '1 month', 'YYYY-MM') AS m
        FROM tenants WHERE id = ${tenantId}`,
  );
  return r?.m;
}

/**
 * At month close, judges every launched product of a tenant against its review rules (its own, else the tenant's
 * default) for the month that just closed. A rule that fires moves the product to `review` with an automatic
 * stage-change note naming the rule and the months' values, and tells the owner (a `system` notification). One
 * `product_review_runs` row per product and month, claimed before judging: whatever the number of ticks or
 * workers, a product is judged once per month, and a product put back to `launched` during the month is not moved
 * again until the next month closes. Returns the ids of the products moved.
 */
export async function evaluateReviews(ctx: AppContext, tenantId: string): Promise<string[]> {
  const now = ctx.clock.now();
  const month = await lastClosedMonth(ctx.db, tenantId, now);
  if (!month) return [];
  const settings = await productSettings(ctx.db, tenantId);
  const due = await rows<{ id: string }>(
    ctx.db,
    sql`SELECT p.id FROM products p WHERE p.tenant_id = ${tenantId} AND p.stage = 'launched'
          AND NOT EXISTS (SELECT 1 FROM product_review_runs x WHERE x.tenant_id = p.tenant_id AND x.product_id = p.id AND x.month = ${`${month}-01`}::date)
        ORDER BY p.code`,
  );
  const moved: string[] = [];
  for (const { id } of due) {
    const notified = await ctx.db.transaction(async (tx): Promise<NotifyResult[] | undefined> => {
      const claimed = await one(
        tx,
        sql`INSERT INTO product_review_runs (tenant_id, product_id, month, triggered, ran_at)
            VALUES (${tenantId}, ${id}, ${`${month}-01`}::date, false, ${now.toISOString()})
            ON CONFLICT DO NOTHING RETURNING 1 AS ok`,
      );
      if (!claimed) return undefined;
      const p = await one<{
        code: string;
        name: string;
        stage: string;
        owner_id: string | null;
        targets: Record<string, number>;
        review_rules: unknown;
      }>(
        tx,
        sql`SELECT code, name, stage, owner_id, targets, review_rules FROM products
            WHERE tenant_id = ${tenantId} AND id = ${id} FOR UPDATE`,
      );
      if (p?.stage !== 'launched') return undefined;
      const rules = p.review_rules === null ? settings.reviewRules : parseRules(p.review_rules);
      for (const rule of rules) {
        const r = await ruleFires(tx, tenantId, p, rule, month);
        if (!r.fires) continue;
        const label = rule.metric === 'nps' ? 'NPS' : 'CSAT';
        const values = r.months.map((m) => `${m.month}: ${m.value} (n=${m.n})`).join('; ');
        const note = `复盘规则触发 Review rule: ${label} < ${r.threshold}${rule.below === 'target' ? ' (target)' : ''} for ${rule.months} months — ${values}`;
        await tx.execute(
          sql`UPDATE product_review_runs SET triggered = true, detail = ${JSON.stringify({ rule, months: r.months })}::jsonb
              WHERE tenant_id = ${tenantId} AND product_id = ${id} AND month = ${`${month}-01`}::date`,
        );
        await changeStage(tx, {
          tenantId,
          productId: id,
          from: 'launched',
          to: 'review',
          by: null,
          note,
          rule,
          at: now,
        });
        moved.push(id);
        if (!p.owner_id) return [];
        return notify(tx, ctx, {
          tenantId,
          kind: 'system',
          userIds: [p.owner_id],
          title: `产品进入复盘 ${p.name} moved to review`,
          body: note,
          link: `/products/${id}`,
          data: { productId: id, month },
        });
      }
      return undefined;
    });
    if (notified?.length) announce(ctx, notified);
  }
  return moved;
}

/** The scheduled task: every tenant with launched products (a run row per product and month keeps it cheap). */
export async function evaluateAllTenants(ctx: AppContext) {
  for (const t of await rows<{ tenant_id: string }>(
    ctx.db,
    sql`SELECT DISTINCT tenant_id FROM products WHERE stage = 'launched'`,
  ))
    await evaluateReviews(ctx, t.tenant_id);
}
