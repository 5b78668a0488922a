import { randomUUID } from 'node:crypto';
import { ZHoldingList, ZProductDetail } from '@loopcx/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { one, rows, sql } from '../../platform/db.ts';
import { setupTestSuite } from '../../testing/harness.ts';
import { linkEventsJob } from '../products/jobs.ts';
import { sweepTenant } from './commands/resolve-customers.ts';

const env = setupTestSuite();
let key: string;
const api = (method: string, url: string, payload?: unknown, as = 'admin') =>
  env.inject({ method: method as 'GET', url: `/api/v1${url}`, headers: env.a.as(as), payload: payload as object });
const db = () => env.t.ctx.db;
const tenantId = () => env.a.tenantId;

const customer = async (member: string) => {
  const res = await api('POST', '/customers', { identities: [{ kind: 'member', value: member }] });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
};
const order = async (member: string, day: number, skus: string[]) => {
  const res = await env.inject({
    method: 'POST',
    url: '/api/v1/events/batch',
    headers: { authorization: `Bearer ${key}` },
    payload: {
      events: [
        {
          type: 'order.completed',
          occurredAt: new Date(Date.UTC(2026, 0, day, 4)).toISOString(),
          orgUnitCode: env.a.units.S1.code,
          customer: member,
          properties: { lines: skus.map((sku) => ({ sku })) },
          idempotencyKey: `mh-${member}-${day}`,
        },
      ],
    },
  });
  expect(res.statusCode, res.body).toBeLessThan(300);
};

beforeAll(async () => {
  env.t.clock.set('2026-01-20T00:00:00Z');
  key = (await api('POST', '/api-keys', { name: 'pos' })).json().key;
});

describe('a merge moves the merged profile’s holdings, product links, NBA decisions and panel memberships', () => {
  it('sums a product both held (earliest since), moves the rest, and the product pages read the survivor', async () => {
    const product = async (code: string) =>
      ZProductDetail.parse((await api('POST', '/products', { code, name: code, stage: 'launched' })).json());
    const noodle = await product('MH-NOODLE');
    const rice = await product('MH-RICE');
    const a = await customer('M-MA');
    const b = await customer('M-MB');
    await order('M-MA', 5, ['MH-NOODLE']);
    await order('M-MA', 6, ['MH-NOODLE']);
    await order('M-MB', 2, ['MH-NOODLE', 'MH-RICE']);
    await order('M-MB', 9, ['MH-NOODLE']);
    await sweepTenant(env.t.ctx, tenantId(), { mode: 'full' });
    expect(await env.runJobs([linkEventsJob])).toBeGreaterThan(0);
    expect((await api('GET', `/products/${noodle.id}`)).json().holders).toBe(2);

    // An NBA rule both were exposed to, and a panel: b alone in one, both in another.
    const rule = randomUUID();
    await db().execute(
      sql`INSERT INTO nba_rules (tenant_id, id, name, priority, action, outcome)
          VALUES (${tenantId()}, ${rule}, 'upsell', 1, '{"type":"upsell","label":"x"}'::jsonb, '{"eventType":"order.completed","withinDays":7}'::jsonb)`,
    );
    for (const c of [a, b])
      await db().execute(
        sql`INSERT INTO nba_decisions (tenant_id, id, rule_id, customer_id, arm, decided_at, action)
            VALUES (${tenantId()}, ${randomUUID()}, ${rule}, ${c}, 'treatment', '2026-01-10T00:00:00Z', '{}'::jsonb)`,
      );
    const [solo, shared] = [randomUUID(), randomUUID()];
    for (const p of [solo, shared])
      await db().execute(sql`INSERT INTO panels (tenant_id, id, name) VALUES (${tenantId()}, ${p}, ${p.slice(0, 8)})`);
    const member = (panel: string, c: string) =>
      db().execute(
        sql`INSERT INTO panel_members (tenant_id, id, panel_id, customer_id, display_name, status, applied_at)
            VALUES (${tenantId()}, ${randomUUID()}, ${panel}, ${c}, 'm', 'active', '2026-01-01T00:00:00Z')`,
      );
    await member(solo, b);
    await member(shared, b);
    await member(shared, a);

    const res = await api('POST', `/customers/${a}/merge`, { otherId: b });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().merge.moved).toMatchObject({ holdings: 2, productLinks: 3, nbaDecisions: 1, panelMembers: 1 });

    const held = await rows<{ product_id: string; count: number; since: string; customer_id: string }>(
      db(),
      sql`SELECT product_id, count, since, customer_id FROM product_holdings WHERE tenant_id = ${tenantId()}
          AND customer_id IN (${a}, ${b}) ORDER BY count DESC`,
    );
    expect(held.map((h) => [h.customer_id, h.product_id, h.count])).toEqual([
      [a, noodle.id, 4],
      [a, rice.id, 1],
    ]);
    expect(new Date(held[0].since).toISOString()).toBe('2026-01-02T04:00:00.000Z');
    const list = ZHoldingList.parse(
      (await api('GET', `/products/holdings?customerId=${a}`, undefined, 'agent')).json(),
    );
    expect(list.items.map((i) => [i.code, i.count])).toEqual([
      ['MH-NOODLE', 4],
      ['MH-RICE', 1],
    ]);
    expect((await api('GET', `/products/${noodle.id}`)).json().holders).toBe(1);
    expect(
      await one(
        db(),
        sql`SELECT count(*)::int AS n FROM product_event_links WHERE tenant_id = ${tenantId()} AND customer_id = ${b}`,
      ),
    ).toEqual({ n: 0 });
    expect(
      await rows(
        db(),
        sql`SELECT customer_id FROM nba_decisions WHERE tenant_id = ${tenantId()} AND rule_id = ${rule} AND customer_id = ${b}`,
      ),
    ).toEqual([]);
    // The solo panel's membership moved; in the shared panel b's stays (a is already a member there).
    const members = await rows<{ panel_id: string; customer_id: string }>(
      db(),
      sql`SELECT panel_id, customer_id FROM panel_members WHERE tenant_id = ${tenantId()} AND panel_id IN (${solo}, ${shared})
          ORDER BY panel_id = ${solo} DESC, customer_id = ${a} DESC`,
    );
    expect(members).toEqual([
      { panel_id: solo, customer_id: a },
      { panel_id: shared, customer_id: a },
      { panel_id: shared, customer_id: b },
    ]);
    // A merge that fails (already merged) moves nothing: the transaction rolls back.
    expect((await api('POST', `/customers/${a}/merge`, { otherId: b })).statusCode).toBe(409);
    expect((await api('GET', `/products/holdings?customerId=${a}`)).json().items.length).toBe(2);
  });
});
