import { beforeAll, describe, expect, it } from 'vitest';
import { one, rows, sql } from '../../platform/db.ts';
import { problem, setupTestSuite } from '../../testing/harness.ts';
import { sweepTenant } from './commands/resolve-customers.ts';

const env = setupTestSuite();
let key: string;
const post = (url: string, payload: unknown, as = 'admin', tenant: 'a' | 'b' = 'a') =>
  env.inject({ method: 'POST', url, headers: env[tenant].as(as), payload: payload as Record<string, unknown> });
const customer = async (member: string, extra: Record<string, unknown> = {}) => {
  const res = await post('/api/v1/customers', { identities: [{ kind: 'member', value: member }], ...extra });
  expect(res.statusCode).toBe(201);
  return res.json().id as string;
};
const orders = async (member: string, n: number) => {
  const events = Array.from({ length: n }, (_, i) => ({
    type: 'order.completed',
    occurredAt: new Date(Date.UTC(2026, 0, 2 + i, 4)).toISOString(),
    orgUnitCode: env.a.units.S1.code,
    customer: member,
    value: 10,
    properties: { valid: true },
    idempotencyKey: `m-${member}-${i}`,
  }));
  await env.inject({
    method: 'POST',
    url: '/api/v1/events/batch',
    headers: { authorization: `Bearer ${key}` },
    payload: { events },
  });
};
const state = async (id: string) => ({
  customer: await one(
    env.t.ctx.db,
    sql`SELECT attributes, merged_into, display_name FROM customers WHERE tenant_id = ${env.a.tenantId} AND id = ${id}`,
  ),
  identities: await rows(
    env.t.ctx.db,
    sql`SELECT kind, value FROM customer_identities WHERE tenant_id = ${env.a.tenantId} AND customer_id = ${id} ORDER BY kind, value`,
  ),
  tags: await rows(
    env.t.ctx.db,
    sql`SELECT tag, source FROM customer_tags WHERE tenant_id = ${env.a.tenantId} AND customer_id = ${id} ORDER BY tag`,
  ),
  events: await rows(
    env.t.ctx.db,
    sql`SELECT id FROM events WHERE tenant_id = ${env.a.tenantId} AND customer_id = ${id} ORDER BY id`,
  ),
});

beforeAll(async () => {
  env.t.clock.set('2026-01-20T00:00:00Z');
  key = (await post('/api/v1/api-keys', { name: 'pos' })).json().key;
});

describe('POST /api/v1/customers/:id/merge', () => {
  it('moves identities, tags and history to the survivor (its attributes win), keeps the merged profile, and refuses a second merge', async () => {
    const a = await customer('M-A', { displayName: 'Alice', attributes: { city: '上海', vip: true }, tags: ['VIP'] });
    const b = await customer('M-B', {
      identities: [
        { kind: 'member', value: 'M-B' },
        { kind: 'phone', value: '13700001234' },
      ],
      attributes: { city: '北京', birthMonth: 6 },
      tags: ['素食', 'VIP'],
    });
    await orders('M-A', 2);
    await orders('M-B', 3);
    await sweepTenant(env.t.ctx, env.a.tenantId, { mode: 'full' });
    const res = await post(`/api/v1/customers/${a}/merge`, { otherId: b });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.merge.moved).toMatchObject({ identities: 2, events: 3, memberIds: ['M-B'] });
    expect(body.customer.attributes).toEqual({ city: '上海', vip: true, birthMonth: 6 });
    expect(body.customer.identities.map((i: { display: string }) => i.display).sort()).toEqual([
      '137****1234',
      'M-A',
      'M-B',
    ]);
    expect(body.customer.tags.map((t: { tag: string }) => t.tag).sort()).toEqual(['VIP', '素食']);
    expect(body.customer.merges).toEqual([{ mergedId: b, mergedAt: expect.any(String) }]);
    // The merged profile still exists and names its survivor; searching its member id or phone finds the survivor.
    expect(
      (await env.inject({ method: 'GET', url: `/api/v1/customers/${b}`, headers: env.a.as('admin') })).json()
        .mergedInto,
    ).toBe(a);
    for (const q of ['M-B', '137 0000 1234']) {
      expect(
        (
          await env.inject({
            method: 'GET',
            url: `/api/v1/customers?q=${encodeURIComponent(q)}`,
            headers: env.a.as('admin'),
          })
        )
          .json()
          .items.map((c: { id: string }) => c.id),
      ).toEqual([a]);
    }
    const tl = (
      await env.inject({
        method: 'GET',
        url: `/api/v1/customers/${a}/timeline?kinds=event`,
        headers: env.a.as('admin'),
      })
    ).json().items;
    expect(tl).toHaveLength(5);
    expect((await state(a)).events).toHaveLength(5);
    // New events for the merged member id resolve to the survivor.
    await orders('M-B', 4);
    await sweepTenant(env.t.ctx, env.a.tenantId, { mode: 'full' });
    expect((await state(a)).events).toHaveLength(6);
    expect((await state(b)).events).toHaveLength(0);
    // Second merge of the same pair, either way round: 409 naming the survivor.
    for (const [x, y] of [
      [a, b],
      [b, a],
    ]) {
      const again = await post(`/api/v1/customers/${x}/merge`, { otherId: y });
      expect(again.statusCode).toBe(409);
      expect(problem(again).detail).toContain('already merged');
    }
  });

  it('401, 403 for non-writers, 422 for bad input or self-merge, 404 for unknown or other-tenant profiles', async () => {
    const a = await customer('M-C');
    const other = (
      await post('/api/v1/customers', { identities: [{ kind: 'member', value: 'M-C' }] }, 'owner', 'b')
    ).json().id;
    expect(
      (await env.inject({ method: 'POST', url: `/api/v1/customers/${a}/merge`, payload: { otherId: other } }))
        .statusCode,
    ).toBe(401);
    expect((await post(`/api/v1/customers/${a}/merge`, { otherId: other }, 'analyst')).statusCode).toBe(403);
    for (const body of [{}, { otherId: 'nope' }, { otherId: 42 }, { otherId: a, extra: 1 }]) {
      const r = await post(`/api/v1/customers/${a}/merge`, body);
      expect(r.statusCode, JSON.stringify(body)).toBe(422);
      problem(r);
    }
    const self = await post(`/api/v1/customers/${a}/merge`, { otherId: a });
    expect(self.statusCode).toBe(422);
    expect(problem(self).invalidParams?.[0].name).toBe('otherId');
    expect((await post(`/api/v1/customers/${a}/merge`, { otherId: other })).statusCode).toBe(404);
    expect((await post(`/api/v1/customers/${other}/merge`, { otherId: a })).statusCode).toBe(404);
    expect(
      (await post('/api/v1/customers/00000000-0000-4000-8000-000000000000/merge', { otherId: a })).statusCode,
    ).toBe(404);
  });

  it('is atomic: a failure in its last step leaves both profiles exactly as they were', async () => {
    const a = await customer('M-D', { attributes: { k: 1 }, tags: ['t1'] });
    const b = await customer('M-E', { attributes: { k: 2, j: 3 }, tags: ['t2'] });
    await orders('M-E', 2);
    await sweepTenant(env.t.ctx, env.a.tenantId, { mode: 'full' });
    const before = [await state(a), await state(b)];
    // Recording the merge (the step after every move) fails for this pair only.
    await env.t.ctx.db.execute(
      sql.raw(`CREATE OR REPLACE FUNCTION test_fail_merge() RETURNS trigger LANGUAGE plpgsql AS $$
               BEGIN IF NEW.merged_id = '${b}'::uuid THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$`),
    );
    await env.t.ctx.db.execute(
      sql.raw(
        `CREATE TRIGGER test_fail_merge_${b.slice(0, 8)} BEFORE INSERT ON customer_merges FOR EACH ROW EXECUTE FUNCTION test_fail_merge()`,
      ),
    );
    try {
      const res = await post(`/api/v1/customers/${a}/merge`, { otherId: b });
      expect(res.statusCode).toBe(500);
      problem(res);
    } finally {
      await env.t.ctx.db.execute(sql.raw(`DROP TRIGGER test_fail_merge_${b.slice(0, 8)} ON customer_merges`));
    }
    expect([await state(a), await state(b)]).toEqual(before);
    expect(before[1].events).toHaveLength(2);
    // Without the fault the same merge goes through.
    expect((await post(`/api/v1/customers/${a}/merge`, { otherId: b })).statusCode).toBe(200);
    expect((await state(a)).events).toHaveLength(2);
  });
});
