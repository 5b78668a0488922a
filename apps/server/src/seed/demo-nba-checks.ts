import { ZNextBestAction } from '@loopcx/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { decideNextBestAction } from '../domains/nba/commands/decide.ts';
import { ruleUplift } from '../domains/nba/queries/uplift.ts';
import type { Actor } from '../platform/auth.ts';
import type { AppContext } from '../platform/context.ts';
import { rows, sql } from '../platform/db.ts';
import { demoActors } from './actors.ts';

/**
 * The demo tenant's next-best-action story (decision 82, demo step 78): registered from `demo.test.ts`, which
 * seeds the demo once; `get` gives its context and tenant when the tests run.
 */
export function describeNbaDemo(get: () => { ctx: AppContext; tenantId: string }) {
  describe('demo next-best action', () => {
    let ctx: AppContext;
    let tenantId: string;
    let actor: Actor;
    beforeAll(async () => {
      ({ ctx, tenantId } = get());
      actor = (await demoActors(ctx.db, tenantId))('analyst@savor.example');
    });

    it('four rules with 10–20 % holdouts; decisions of both arms spread over the last 90 days', async () => {
      const rules = await rows<{
        id: string;
        name: string;
        holdout_pct: number;
        n: number;
        held: number;
        span: number;
      }>(
        ctx.db,
        sql`SELECT r.id, r.name, r.holdout_pct,
                   count(d.id)::int AS n, count(d.id) FILTER (WHERE d.arm = 'holdout')::int AS held,
                   coalesce(extract(epoch FROM max(d.decided_at) - min(d.decided_at)) / 86400, 0)::float8 AS span
              FROM nba_rules r LEFT JOIN nba_decisions d ON d.tenant_id = r.tenant_id AND d.rule_id = r.id
             WHERE r.tenant_id = ${tenantId} GROUP BY r.tenant_id, r.id ORDER BY r.priority`,
      );
      expect(rules).toHaveLength(4);
      for (const r of rules) {
        expect(r.holdout_pct).toBeGreaterThanOrEqual(10);
        expect(r.holdout_pct).toBeLessThanOrEqual(20);
      }
      const [call, coupon] = rules;
      for (const r of [call, coupon]) {
        expect(r.n, r.name).toBeGreaterThan(100);
        expect(r.held, r.name).toBeGreaterThan(5);
        expect(Number(r.span), r.name).toBeGreaterThan(60);
      }
    });

    it('the 回访 rule shows a clear positive uplift; the 致歉券 rule shows no evidence', async () => {
      const rules = await rows<{ id: string; action: { type: string } }>(
        ctx.db,
        sql`SELECT id, action FROM nba_rules WHERE tenant_id = ${tenantId} ORDER BY priority`,
      );
      const now = ctx.clock.now();
      const call = await ruleUplift(ctx.db, actor, rules.find((r) => r.action.type === 'service_call')!.id, { now });
      expect(call.verdict).toBe('works');
      expect(call.difference!.ci[0]).toBeGreaterThan(0);
      expect(call.treatment.taken).toBeGreaterThan(0);
      expect(call.treatment.pending + call.holdout.pending).toBeGreaterThan(0);
      const coupon = await ruleUplift(ctx.db, actor, rules.find((r) => r.action.type === 'apology_coupon')!.id, {
        now,
      });
      expect(coupon.verdict).toBe('no_evidence');
      expect(coupon.treatment.n).toBeGreaterThan(30);
      expect(coupon.holdout.n).toBeGreaterThan(5);
    });

    it('recently seen customers get an action (or a holdout) from the rules, and the answer is stable', async () => {
      const recent = await rows<{ id: string }>(
        ctx.db,
        sql`SELECT id FROM customers WHERE tenant_id = ${tenantId} AND merged_into IS NULL
             ORDER BY last_seen_at DESC NULLS LAST, id LIMIT 80`,
      );
      let matched = 0;
      for (const c of recent) {
        const a = ZNextBestAction.parse(
          await ctx.db.transaction((tx) => decideNextBestAction(tx, actor, c.id, ctx.clock.now())),
        );
        if (!a.rule) continue;
        matched++;
        const b = await ctx.db.transaction((tx) => decideNextBestAction(tx, actor, c.id, ctx.clock.now()));
        expect(b).toEqual(a);
      }
      expect(matched).toBeGreaterThan(0);
    });
  });
}
