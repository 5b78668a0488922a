import { beforeAll, describe, expect, it } from 'vitest';
import { queryOutcomes } from '../domains/metrics/outcomes.ts';
import type { Actor } from '../platform/auth.ts';
import type { AppContext } from '../platform/context.ts';
import { one, sql } from '../platform/db.ts';

/**
 * The demo tenant's X → O story (decision 78): registered from `demo.test.ts`, which seeds the demo once; `get`
 * gives its context and tenant when the tests run.
 */
export function describeOutcomeDemo(get: () => { ctx: AppContext; tenantId: string }) {
  describe('demo X → O validation', () => {
    let ctx: AppContext;
    let tenantId: string;
    beforeAll(() => {
      ({ ctx, tenantId } = get());
    });

    it('promoters buy again within 14 days more often than detractors, significantly; a dashboard shows it', async () => {
      const hq = await one<{ id: string; path: string }>(
        ctx.db,
        sql`SELECT id, path FROM org_units WHERE tenant_id = ${tenantId} AND code = 'HQ'`,
      );
      const analyst = await one<{ id: string }>(
        ctx.db,
        sql`SELECT id FROM users WHERE tenant_id = ${tenantId} AND email = 'analyst@savor.example'`,
      );
      const actor: Actor = {
        tenantId,
        kind: 'user',
        id: analyst!.id,
        role: 'analyst',
        orgUnitId: hq!.id,
        orgPath: hq!.path,
      };
      const r = await queryOutcomes(ctx.db, actor, {
        metric: 'nps',
        outcomeEventType: 'order.completed',
        outcome: 'occurs',
        withinDays: 14,
        now: ctx.clock.now(),
      });
      const [detractors, , promoters] = r.groups;
      expect(promoters.n).toBeGreaterThan(100);
      expect(detractors.n).toBeGreaterThan(100);
      expect(promoters.rate!).toBeGreaterThan(detractors.rate!);
      expect(r.verdict).toBe('predictive');
      expect(r.pending).toBeGreaterThan(0);
      const tile = await one<{ n: number }>(
        ctx.db,
        sql`SELECT count(*)::int AS n FROM saved_dashboards WHERE tenant_id = ${tenantId} AND jsonb_array_length(config->'outcomes') > 0`,
      );
      expect(tile!.n).toBe(1);
    });
  });
}
