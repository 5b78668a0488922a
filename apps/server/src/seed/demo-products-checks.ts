import { ZScorecard } from '@loopcx/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { getProduct } from '../domains/products/queries/products.ts';
import { productScorecard } from '../domains/products/queries/scorecard.ts';
import type { Actor } from '../platform/auth.ts';
import type { AppContext } from '../platform/context.ts';
import { one, rows, sql } from '../platform/db.ts';

/**
 * The demo tenant's products (decision 80): registered from `demo.test.ts`, which seeds the demo once; `get` gives
 * its context and tenant when the tests run.
 */
export function describeProductsDemo(get: () => { ctx: AppContext; tenantId: string }) {
  describe('demo products', () => {
    let ctx: AppContext;
    let tenantId: string;
    let analyst: Actor;
    beforeAll(async () => {
      ({ ctx, tenantId } = get());
      const u = await one<{ id: string; org_unit_id: string; path: string }>(
        ctx.db,
        sql`SELECT u.id, u.org_unit_id, o.path FROM users u JOIN org_units o ON o.tenant_id = u.tenant_id AND o.id = u.org_unit_id
            WHERE u.tenant_id = ${tenantId} AND u.email = 'analyst@savor.example'`,
      );
      analyst = { tenantId, kind: 'user', id: u!.id, role: 'analyst', orgUnitId: u!.org_unit_id, orgPath: u!.path };
    });

    it('has the menu lines at their stages, the crayfish moved to review by its NPS rule with a note to its owner', async () => {
      const list = await rows<{ code: string; stage: string }>(
        ctx.db,
        sql`SELECT code, stage FROM products WHERE tenant_id = ${tenantId} ORDER BY code`,
      );
      expect(Object.fromEntries(list.map((p) => [p.code, p.stage]))).toEqual({
        'BEEF-NOODLE': 'launched',
        BREAKFAST: 'launched',
        'COLD-NOODLE': 'retired',
        CRAYFISH: 'review',
        'HOTPOT-SOLO': 'concept',
        'KIDS-MEAL': 'launched',
        'SALAD-BOWL': 'test',
      });
      const review = await one<{ from_stage: string; changed_by: string | null; note: string; owner_id: string }>(
        ctx.db,
        sql`SELECT c.from_stage, c.changed_by, c.note, p.owner_id FROM product_stage_changes c JOIN products p ON p.tenant_id = c.tenant_id AND p.id = c.product_id
            WHERE c.tenant_id = ${tenantId} AND p.code = 'CRAYFISH' AND c.to_stage = 'review'`,
      );
      expect(review).toMatchObject({ from_stage: 'launched', changed_by: null });
      expect(review!.note).toMatch(/NPS < \d+ \(target\) for 2 months/);
      const bell = await one<{ n: number }>(
        ctx.db,
        sql`SELECT count(*)::int AS n FROM notifications WHERE tenant_id = ${tenantId} AND channel = 'in_app'
              AND recipient = ${review!.owner_id} AND kind = 'system' AND subject LIKE '%麻辣小龙虾%'`,
      );
      expect(bell!.n).toBe(1);
    });

    it('derives holdings from the order events and shows non-empty scorecards for the launched dishes', async () => {
      const held = await one<{ holders: number; products: number; orders: number; returns: number }>(
        ctx.db,
        sql`SELECT (SELECT count(DISTINCT customer_id)::int FROM product_holdings WHERE tenant_id = ${tenantId}) AS holders,
                   (SELECT count(DISTINCT product_id)::int FROM product_holdings WHERE tenant_id = ${tenantId}) AS products,
                   (SELECT count(*)::int FROM product_event_links WHERE tenant_id = ${tenantId} AND kind = 'order') AS orders,
                   (SELECT count(*)::int FROM product_event_links WHERE tenant_id = ${tenantId} AND kind = 'return') AS returns`,
      );
      expect(held!.holders).toBeGreaterThan(1000);
      expect(held!.products).toBe(6);
      expect(held!.returns).toBeGreaterThan(50);
      const now = ctx.clock.now();
      const from = new Date(now.getTime() - 89 * 86400_000).toISOString().slice(0, 10);
      const to = now.toISOString().slice(0, 10);
      const cards = new Map<string, ReturnType<typeof ZScorecard.parse>>();
      for (const code of ['BEEF-NOODLE', 'KIDS-MEAL', 'BREAKFAST', 'CRAYFISH']) {
        const id = (await one<{ id: string }>(
          ctx.db,
          sql`SELECT id FROM products WHERE tenant_id = ${tenantId} AND code = ${code}`,
        ))!.id;
        const p = await getProduct(ctx.db, analyst, id, now);
        const sc = ZScorecard.parse(await productScorecard(ctx.db, analyst, p, { from, to }));
        expect(sc.nps.n, code).toBeGreaterThan(100);
        expect(sc.nps.target, code).not.toBeNull();
        expect(sc.orders, code).toBeGreaterThan(100);
        expect(sc.holders, code).toBeGreaterThan(100);
        cards.set(code, sc);
      }
      const crayfish = cards.get('CRAYFISH')!;
      const beef = cards.get('BEEF-NOODLE')!;
      expect(crayfish.nps.value!).toBeLessThan(beef.nps.value!);
      expect(crayfish.nps.vsTarget!).toBeLessThan(0);
      expect(crayfish.returnRate!).toBeGreaterThan(beef.returnRate!);
      expect(crayfish.complaints.length).toBeGreaterThan(0);
      expect(crayfish.tickets.open + crayfish.tickets.closed).toBeGreaterThan(0);
    });
  });
}
