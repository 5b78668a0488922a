import { beforeAll, describe, expect, it } from 'vitest';
import { getConceptTest, listDecisions } from '../domains/concept-tests/queries/concept-tests.ts';
import { gateEvidence } from '../domains/concept-tests/queries/gate-evidence.ts';
import type { Actor } from '../platform/auth.ts';
import type { AppContext } from '../platform/context.ts';
import { one, rows, sql } from '../platform/db.ts';
import { demoActors } from './actors.ts';

/**
 * The demo tenant's concept tests (decision 79, demo step 74): registered from `demo.test.ts`, which seeds the demo
 * once; `get` gives its context and tenant when the tests run.
 */
export function describeConceptDemo(get: () => { ctx: AppContext; tenantId: string }) {
  describe('demo concept tests', () => {
    let ctx: AppContext;
    let tenantId: string;
    let actor: Actor;
    beforeAll(async () => {
      ({ ctx, tenantId } = get());
      actor = (await demoActors(ctx.db, tenantId))('owner@savor.example');
    });
    const byName = async (name: string) => {
      const t = await one<{ id: string }>(
        ctx.db,
        sql`SELECT id FROM concept_tests WHERE tenant_id = ${tenantId} AND name = ${name}`,
      );
      expect(t, name).toBeDefined();
      return getConceptTest(ctx.db, actor, t!.id);
    };

    it('the crayfish box is vetoed at 52 % (upper bound under 60 %), the salad bowl launched at 72 %, each recorded once', async () => {
      const crayfish = await byName('新品：麻辣小龙虾套餐');
      const salad = await byName('新品：轻食沙拉碗');
      expect(crayfish.status).toBe('veto');
      expect(salad.status).toBe('launch');
      // The salad bowl's test names its catalogue product, still at stage test (decision 79, step 79).
      expect(salad.product_code).toBe('SALAD-BOWL');
      expect(crayfish.product_id).toBeNull();
      for (const [t, decision, approval, n] of [
        [crayfish, 'veto', 0.52, 250],
        [salad, 'launch', 0.72, 200],
      ] as const) {
        const records = await listDecisions(ctx.db, actor, t.id);
        expect(records.map((r) => [r.kind, r.decision])).toEqual([['computed', decision]]);
        expect(records[0].evidence).toMatchObject({ decision, approval, n });
        const live = await gateEvidence(ctx.db, actor, t, ctx.clock.now());
        expect(live).toMatchObject({ decision, approval, n });
        if (decision === 'veto') expect(live.ci![1]).toBeLessThan(0.6);
        else expect(live.ci![0]).toBeGreaterThanOrEqual(0.6);
        // Text analytics found reasons in the comments; the dislikes of the crayfish box name price.
        expect(live.reasons.length).toBeGreaterThan(2);
        expect(live.bySegment.filter((s) => s.by === 'unit').length).toBe(8);
        // The segment question's answers read as its choice texts, not the stored values.
        expect(live.bySegment.filter((s) => s.by === 'answer').map((s) => s.label)).toContain('每月');
        expect(live.bySegment.filter((s) => s.by === 'answer').map((s) => s.labelEn)).toContain('Monthly');
      }
      const crayfishLive = await gateEvidence(ctx.db, actor, crayfish, ctx.clock.now());
      expect(crayfishLive.negativeReasons.map((r) => r.code).join()).toMatch(/price/);
    });

    it('the mini-program ordering flow has a SUS score with its band', async () => {
      const sus = await byName('小程序点餐流程');
      expect(sus.kind).toBe('sus');
      const live = await gateEvidence(ctx.db, actor, sus, ctx.clock.now());
      expect(live.usability).toMatchObject({ kind: 'sus', n: 60 });
      expect(live.usability!.mean).toBeGreaterThan(50);
      expect(live.usability!.mean).toBeLessThan(90);
      expect(live.usability!.band).not.toBeNull();
      const surveys = await rows<{ status: string }>(
        ctx.db,
        sql`SELECT s.status FROM concept_tests t JOIN surveys s ON s.tenant_id = t.tenant_id AND s.id = t.survey_id WHERE t.tenant_id = ${tenantId}`,
      );
      expect(surveys.map((s) => s.status)).toEqual(['live', 'live', 'live']);
    });
  });
}
