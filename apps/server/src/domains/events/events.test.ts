import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { rows, sql } from '../../platform/db.ts';
import { problem, setupTestSuite } from '../../testing/harness.ts';
import { eventsRebuildRollupsJob } from './jobs.ts';

const env = setupTestSuite();
let key: string;
let keyB: string;
const bearer = (k: string) => ({ authorization: `Bearer ${k}` });
const post = (url: string, payload: unknown, headers: Record<string, string>) =>
  env.inject({ method: 'POST', url, headers, payload: payload as Record<string, unknown> });

beforeAll(async () => {
  key = (await post('/api/v1/api-keys', { name: 'pos' }, env.a.as('admin'))).json().key;
  keyB = (await post('/api/v1/api-keys', { name: 'pos' }, env.b.as('admin'))).json().key;
});

const order = (i: number, extra: Record<string, unknown> = {}) => ({
  type: 'order.completed',
  occurredAt: new Date(Date.UTC(2026, 0, 5 + (i % 3), 4)).toISOString(),
  orgUnitCode: env.a.units[i % 2 ? 'S1' : 'S3'].code,
  customer: `M-${1000 + (i % 7)}`,
  properties: { valid: i % 5 !== 0, amount: 50 + i, channel: 'delivery' },
  value: 50 + i,
  idempotencyKey: `ord-${i}`,
  ...extra,
});

describe('POST /api/v1/events and /events/batch', () => {
  it('401 without a key, 403 for roles that may not write, 422 for a bad envelope', async () => {
    expect((await post('/api/v1/events/batch', { events: [order(1)] }, {})).statusCode).toBe(401);
    expect((await post('/api/v1/events', order(1), {})).statusCode).toBe(401);
    expect((await post('/api/v1/events', order(1), env.a.as('viewer'))).statusCode).toBe(403);
    for (const body of [
      {},
      { events: [] },
      { events: 'x' },
      { events: Array(5001).fill({}) },
      { events: [order(1)], extra: 1 },
    ]) {
      const res = await post('/api/v1/events/batch', body, bearer(key));
      expect(res.statusCode, JSON.stringify(body).slice(0, 80)).toBe(422);
      expect(problem(res).invalidParams?.[0].name).toMatch(/^events|extra|body/);
    }
  });

  it('stores good items, reports bad ones per item with the field, and keeps rollups equal to raw counts', async () => {
    const bad = [
      { ...order(100), type: 'order.teleported' },
      { ...order(101), properties: { valid: 'yes' } },
      { ...order(102), properties: { channel: 'pigeon' } },
      { ...order(103), orgUnitCode: 'NOPE' },
      { ...order(104), orgUnitCode: env.b.units.S1.code },
      { ...order(105), occurredAt: '2099-01-01T00:00:00Z' },
      { ...order(106), value: 'lots' },
      { ...order(107), touchpointId: '00000000-0000-4000-8000-000000000000' },
      { ...order(108), idempotencyKey: 'bad key with spaces' },
      'not an object',
    ];
    const good = Array.from({ length: 40 }, (_, i) => order(i));
    const res = await post(
      '/api/v1/events/batch',
      { events: [...good.slice(0, 20), ...bad, ...good.slice(20)] },
      bearer(key),
    );
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ created: 40, duplicates: 0, invalid: 10 });
    const errs = body.results
      .slice(20, 30)
      .map((r: { status: string; errors: Array<{ name: string }> }) => [r.status, r.errors[0].name]);
    expect(errs).toEqual([
      ['invalid', 'events.20.type'],
      ['invalid', 'events.21.properties.valid'],
      ['invalid', 'events.22.properties.channel'],
      ['invalid', 'events.23.orgUnitCode'],
      ['invalid', 'events.24.orgUnitCode'],
      ['invalid', 'events.25.occurredAt'],
      ['invalid', 'events.26.value'],
      ['invalid', 'events.27.touchpointId'],
      ['invalid', 'events.28.idempotencyKey'],
      ['invalid', 'events.29'],
    ]);
    // Replaying the batch: every good item is a duplicate with its original id; a reused key with a new body is invalid.
    const again = (
      await post('/api/v1/events/batch', { events: [...good, { ...order(3), value: 999 }] }, bearer(key))
    ).json();
    expect(again).toMatchObject({ created: 0, duplicates: 40, invalid: 1 });
    expect(again.results[0].id).toBe(body.results[0].id);
    expect(again.results[40].errors[0]).toEqual({
      name: 'events.40.idempotencyKey',
      reason: 'already used for a different event',
    });
    const [check] = await rows<{
      raw: number;
      rolled: number;
      valid: number;
      rolledValid: number;
      sum: number;
      rolledSum: number;
    }>(
      env.t.ctx.db,
      sql`SELECT (SELECT count(*) FROM events WHERE tenant_id = ${env.a.tenantId} AND type = 'order.completed')::int AS raw,
                 (SELECT sum(n) FROM event_rollups WHERE tenant_id = ${env.a.tenantId} AND type = 'order.completed' AND variant = '')::int AS rolled,
                 (SELECT count(*) FROM events WHERE tenant_id = ${env.a.tenantId} AND type = 'order.completed' AND properties->>'valid' = 'true')::int AS valid,
                 (SELECT sum(n) FROM event_rollups WHERE tenant_id = ${env.a.tenantId} AND type = 'order.completed' AND variant = 'valid=true')::int AS "rolledValid",
                 (SELECT sum(value) FROM events WHERE tenant_id = ${env.a.tenantId})::float8 AS sum,
                 (SELECT sum(sum) FROM event_rollups WHERE tenant_id = ${env.a.tenantId} AND variant = '')::float8 AS "rolledSum"`,
    );
    expect(check).toEqual({
      raw: 40,
      rolled: 40,
      valid: 32,
      rolledValid: 32,
      sum: check.rolledSum,
      rolledSum: check.rolledSum,
    });
  });

  it('single events: 201 created, 200 duplicate, 422 naming the field, 409 for a reused key', async () => {
    const e = {
      type: 'call.inbound',
      orgUnitId: env.a.units.S2.id,
      properties: { reason: 'complaint', resolved: false },
      value: 320,
      idempotencyKey: 'call-1',
    };
    const first = await post('/api/v1/events', e, bearer(key));
    expect(first.statusCode).toBe(201);
    const second = await post('/api/v1/events', e, bearer(key));
    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual({ id: first.json().id, status: 'duplicate' });
    const bad = await post(
      '/api/v1/events',
      { ...e, idempotencyKey: 'call-2', properties: { reason: 'boredom' } },
      bearer(key),
    );
    expect(bad.statusCode).toBe(422);
    expect(problem(bad).invalidParams).toEqual([
      { name: 'properties.reason', reason: expect.stringContaining('one of') },
    ]);
    expect((await post('/api/v1/events', { ...e, value: 1 }, bearer(key))).statusCode).toBe(409);
    expect((await post('/api/v1/events', [e], bearer(key))).statusCode).toBe(422);
    // The store manager of S1 may not write (role), and an API key of tenant B cannot write into tenant A's units.
    const cross = await post('/api/v1/events', { ...e, idempotencyKey: 'x-1' }, bearer(keyB));
    expect(cross.statusCode).toBe(422);
    expect(problem(cross).invalidParams?.[0].name).toBe('orgUnitId');
  });

  it('stores each field as sent (time to the millisecond, unit, touchpoint, customer, properties, value) and defaults the rest', async () => {
    const tp = (
      await post('/api/v1/touchpoints', { code: 'ev-roundtrip', name: 'POS', channel: 'digital' }, env.a.as('admin'))
    ).json().id as string;
    const full = {
      type: 'call.inbound',
      occurredAt: '2026-01-07T09:15:42.123+08:00',
      orgUnitCode: env.a.units.S3.code,
      touchpointId: tp,
      customer: { externalId: 'M-77' },
      properties: { reason: 'refund', resolved: false, durationSec: 12.25, queue: '包含"引号"\\n' },
      value: -0.5,
      idempotencyKey: 'rt-1',
    };
    const bare = { type: 'page.view', orgUnitId: env.a.units.S1.id, occurredAt: '2026-01-07T01:00:00Z' };
    const res = (await post('/api/v1/events/batch', { events: [full, bare] }, bearer(key))).json();
    expect(res).toMatchObject({ created: 2, invalid: 0 });
    const get = async (id: string) =>
      (await env.inject({ method: 'GET', url: `/api/v1/events/${id}`, headers: env.a.as('analyst') })).json();
    expect(await get(res.results[0].id)).toMatchObject({
      type: 'call.inbound',
      occurredAt: '2026-01-07T01:15:42.123Z',
      orgUnit: { id: env.a.units.S3.id },
      touchpointId: tp,
      customerRef: 'M-77',
      properties: full.properties,
      value: -0.5,
      idempotencyKey: 'rt-1',
      source: 'api',
    });
    expect(await get(res.results[1].id)).toMatchObject({
      type: 'page.view',
      occurredAt: '2026-01-07T01:00:00.000Z',
      orgUnit: { id: env.a.units.S1.id },
      touchpointId: null,
      customerRef: null,
      properties: {},
      value: null,
      idempotencyKey: null,
    });
  });
});

describe('event types', () => {
  it('lists built-ins, declares a custom type with a schema, validates against it and rejects bad schemas', async () => {
    const list = (await env.inject({ method: 'GET', url: '/api/v1/event-types', headers: env.a.as('viewer') })).json();
    expect(list.items.map((t: { key: string }) => t.key)).toEqual(
      expect.arrayContaining(['order.completed', 'call.inbound', 'page.view', 'ticket.closed']),
    );
    expect((await env.inject({ method: 'GET', url: '/api/v1/event-types' })).statusCode).toBe(401);
    for (const body of [
      { key: 'Loyalty', name: 'x' },
      { key: 'loyalty', name: 'x' },
      { key: 'loyalty.redeemed', name: '' },
      { key: 'loyalty.redeemed', name: 'x', properties: { points: { type: 'float' } } },
      { key: 'loyalty.redeemed', name: 'x', properties: { points: { type: 'number', dimension: true } } },
      { key: 'loyalty.redeemed', name: 'x', properties: { tier: { type: 'integer', enum: ['gold'] } } },
    ]) {
      const res = await post('/api/v1/event-types', body, env.a.as('admin'));
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      expect(problem(res).invalidParams?.length).toBeGreaterThan(0);
    }
    expect(
      (await post('/api/v1/event-types', { key: 'order.completed', name: 'x' }, env.a.as('admin'))).statusCode,
    ).toBe(409);
    expect(
      (await post('/api/v1/event-types', { key: 'loyalty.redeemed', name: 'x' }, env.a.as('analyst'))).statusCode,
    ).toBe(403);
    const created = await post(
      '/api/v1/event-types',
      {
        key: 'loyalty.redeemed',
        name: '积分兑换',
        nameEn: 'Points redeemed',
        strict: true,
        properties: {
          points: { type: 'integer', required: true },
          tier: { type: 'string', enum: ['gold', 'silver'], dimension: true },
        },
      },
      env.a.as('admin'),
    );
    expect(created.statusCode).toBe(201);
    expect(
      (await post('/api/v1/event-types', { key: 'loyalty.redeemed', name: 'again' }, env.a.as('admin'))).statusCode,
    ).toBe(409);
    const ev = (p: Record<string, unknown>, k: string) => ({
      type: 'loyalty.redeemed',
      orgUnitCode: env.a.units.S1.code,
      properties: p,
      idempotencyKey: k,
    });
    const res = (
      await post(
        '/api/v1/events/batch',
        {
          events: [
            ev({ points: 100, tier: 'gold' }, 'l1'),
            ev({ tier: 'gold' }, 'l2'),
            ev({ points: 1.5 }, 'l3'),
            ev({ points: 5, colour: 'red' }, 'l4'),
          ],
        },
        bearer(key),
      )
    ).json();
    expect(
      res.results.map((r: { status: string; errors?: Array<{ name: string }> }) => r.errors?.[0].name ?? r.status),
    ).toEqual(['created', 'events.1.properties.points', 'events.2.properties.points', 'events.3.properties.colour']);
    // Tenant B does not see tenant A's type: undeclared there.
    const inB = (
      await post(
        '/api/v1/events/batch',
        { events: [{ ...ev({ points: 1 }, 'b1'), orgUnitCode: env.b.units.S1.code }] },
        bearer(keyB),
      )
    ).json();
    expect(inB.results[0].errors[0]).toMatchObject({ name: 'events.0.type' });
    expect(
      (await env.inject({ method: 'GET', url: '/api/v1/event-types/loyalty.redeemed', headers: env.b.as('admin') }))
        .statusCode,
    ).toBe(404);
  });

  it('a new dimension rebuilds rollups from raw events; archived types refuse new events; built-ins are read-only', async () => {
    await post(
      '/api/v1/event-types',
      { key: 'app.opened', name: 'App opened', properties: { platform: { type: 'string' } } },
      env.a.as('admin'),
    );
    const evs = ['ios', 'ios', 'android'].map((p, i) => ({
      type: 'app.opened',
      orgUnitCode: env.a.units.S1.code,
      properties: { platform: p },
      idempotencyKey: `app-${i}`,
    }));
    expect((await post('/api/v1/events/batch', { events: evs }, bearer(key))).json().created).toBe(3);
    const patch = await env.inject({
      method: 'PATCH',
      url: '/api/v1/event-types/app.opened',
      headers: env.a.as('admin'),
      payload: { properties: { platform: { type: 'string', enum: ['ios', 'android', 'web'], dimension: true } } },
    });
    expect(patch.statusCode).toBe(200);
    await env.runJobs([eventsRebuildRollupsJob]);
    const variants = await rows<{ variant: string; n: number }>(
      env.t.ctx.db,
      sql`SELECT variant, sum(n)::int AS n FROM event_rollups WHERE tenant_id = ${env.a.tenantId} AND type = 'app.opened' GROUP BY 1 ORDER BY 1`,
    );
    expect(variants).toEqual([
      { variant: '', n: 3 },
      { variant: 'platform=android', n: 1 },
      { variant: 'platform=ios', n: 2 },
    ]);
    expect(
      (await env.inject({ method: 'DELETE', url: '/api/v1/event-types/app.opened', headers: env.a.as('admin') })).json()
        .status,
    ).toBe('archived');
    const refused = (
      await post('/api/v1/events/batch', { events: [{ ...evs[0], idempotencyKey: 'app-9' }] }, bearer(key))
    ).json();
    expect(refused.results[0].errors[0]).toEqual({ name: 'events.0.type', reason: 'this event type is archived' });
    expect(
      (
        await env.inject({
          method: 'PATCH',
          url: '/api/v1/event-types/order.completed',
          headers: env.a.as('admin'),
          payload: { name: 'x' },
        })
      ).statusCode,
    ).toBe(409);
    expect(
      (
        await env.inject({
          method: 'PATCH',
          url: '/api/v1/event-types/app.opened',
          headers: env.b.as('admin'),
          payload: { name: 'x' },
        })
      ).statusCode,
    ).toBe(404);
  });
});

describe('GET /api/v1/events', () => {
  it('filters by type, unit subtree, period and customer, paginates, and scopes managers to their subtree', async () => {
    const all = await env.inject({
      method: 'GET',
      url: '/api/v1/events?type=order.completed&limit=15',
      headers: env.a.as('analyst'),
    });
    expect(all.statusCode).toBe(200);
    const page1 = all.json();
    expect(page1.items).toHaveLength(15);
    const page2 = (
      await env.inject({
        method: 'GET',
        url: `/api/v1/events?type=order.completed&limit=15&cursor=${page1.nextCursor}`,
        headers: env.a.as('analyst'),
      })
    ).json();
    const page3 = (
      await env.inject({
        method: 'GET',
        url: `/api/v1/events?type=order.completed&limit=15&cursor=${page2.nextCursor}`,
        headers: env.a.as('analyst'),
      })
    ).json();
    const ids = [...page1.items, ...page2.items, ...page3.items].map((e: { id: string }) => e.id);
    expect(new Set(ids).size).toBe(40);
    expect(page3.nextCursor).toBeNull();
    const mine = (
      await env.inject({
        method: 'GET',
        url: '/api/v1/events?type=order.completed&limit=100',
        headers: env.a.as('storeManager'),
      })
    ).json();
    expect(mine.items.length).toBe(20);
    expect(mine.items.every((e: { orgUnit: { code: string } }) => e.orgUnit.code === env.a.units.S1.code)).toBe(true);
    const r2 = (
      await env.inject({
        method: 'GET',
        url: `/api/v1/events?orgUnitId=${env.a.units.R2.id}&type=order.completed&from=2026-01-05&to=2026-01-06`,
        headers: env.a.as('admin'),
      })
    ).json();
    expect(r2.items.length).toBeGreaterThan(0);
    expect(
      r2.items.every(
        (e: { occurredAt: string; orgUnit: { code: string } }) =>
          e.occurredAt.startsWith('2026-01-05') && e.orgUnit.code === env.a.units.S3.code,
      ),
    ).toBe(true);
    const cust = (
      await env.inject({ method: 'GET', url: '/api/v1/events?customerRef=M-1003', headers: env.a.as('admin') })
    ).json();
    expect(cust.items.every((e: { customerRef: string }) => e.customerRef === 'M-1003')).toBe(true);
    expect(
      (
        await env.inject({
          method: 'GET',
          url: `/api/v1/events?orgUnitId=${env.a.units.S3.id}`,
          headers: env.a.as('manager'),
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await env.inject({
          method: 'GET',
          url: `/api/v1/events?orgUnitId=${env.b.units.HQ.id}`,
          headers: env.a.as('admin'),
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await env.inject({ method: 'GET', url: `/api/v1/events/${ids[0]}`, headers: env.b.as('admin') })).statusCode,
    ).toBe(404);
    expect(
      (await env.inject({ method: 'GET', url: `/api/v1/events/${ids[0]}`, headers: env.a.as('admin') })).json().id,
    ).toBe(ids[0]);
    expect(
      (await env.inject({ method: 'GET', url: '/api/v1/events?cursor=garbage', headers: env.a.as('admin') }))
        .statusCode,
    ).toBe(422);
    expect(
      (await env.inject({ method: 'GET', url: '/api/v1/events?limit=9999', headers: env.a.as('admin') })).statusCode,
    ).toBe(422);
    expect((await env.inject({ method: 'GET', url: '/api/v1/events' })).statusCode).toBe(401);
    expect((await env.inject({ method: 'GET', url: '/api/v1/events', headers: env.a.as('agent') })).statusCode).toBe(
      403,
    );
  });
});

describe('POST /api/v1/events/import', () => {
  const csv = [
    'type,occurred_at,org_unit_code,customer,value,valid,channel,amount',
    `order.completed,2026-02-01 12:30,${'CODE_S1'},M-1,88.5,是,dine_in,88.5`,
    `order.completed,2026-02-01T13:00:00+08:00,${'CODE_S1'},,42,false,delivery,42`,
    `order.completed,2026-02-01 12:30,NOPE,,10,true,dine_in,10`,
    `order.completed,2026-02-01 12:30,${'CODE_S1'},,10,maybe,dine_in,10`,
    `call.inbound,2026-02-01 14:00,${'CODE_S1'},M-1,120,,,`,
  ].join('\n');
  const file = () => csv.replaceAll('CODE_S1', env.a.units.S1.code);

  it('dry run reports per-row errors and stores nothing; the real run keeps good rows; a re-import stores nothing new', async () => {
    expect((await post('/api/v1/events/import', { content: file() }, {})).statusCode).toBe(401);
    expect((await post('/api/v1/events/import', { content: 'a,b\n1,2' }, env.a.as('admin'))).statusCode).toBe(422);
    expect(
      (await post('/api/v1/events/import', { format: 'xlsx', content: 'bm90IGEgemlw' }, env.a.as('admin'))).statusCode,
    ).toBe(422);
    const dry = (await post('/api/v1/events/import', { content: file(), dryRun: true }, env.a.as('admin'))).json();
    expect(dry).toMatchObject({ dryRun: true, rows: 5, created: 3, invalid: 2 });
    expect(dry.errors).toEqual([
      { row: 4, field: 'orgUnitCode', reason: 'no such unit in your scope' },
      { row: 5, field: 'properties.valid', reason: 'must be a boolean' },
    ]);
    const count = async () =>
      (
        await rows<{ n: number }>(
          env.t.ctx.db,
          sql`SELECT count(*)::int AS n FROM events WHERE tenant_id = ${env.a.tenantId} AND source = 'import'`,
        )
      )[0].n;
    expect(await count()).toBe(0);
    const real = (await post('/api/v1/events/import', { content: file() }, env.a.as('admin'))).json();
    expect(real).toMatchObject({ dryRun: false, created: 3, invalid: 2 });
    expect(await count()).toBe(3);
    const stored = await rows<{ occurred_at: Date; properties: Record<string, unknown> }>(
      env.t.ctx.db,
      sql`SELECT occurred_at, properties FROM events WHERE tenant_id = ${env.a.tenantId} AND source = 'import' AND customer_ref = 'M-1' AND type = 'order.completed'`,
    );
    expect(new Date(stored[0].occurred_at).toISOString()).toBe('2026-02-01T04:30:00.000Z');
    expect(stored[0].properties).toEqual({ valid: true, channel: 'dine_in', amount: 88.5 });
    const again = (await post('/api/v1/events/import', { content: file() }, env.a.as('admin'))).json();
    expect(again).toMatchObject({ created: 0, duplicates: 3 });
  });

  it('reads .xlsx', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('events');
    ws.addRow(['类型', '发生时间', '门店编码', '金额', 'valid']);
    ws.addRow(['order.completed', new Date('2026-02-02T05:00:00Z'), env.a.units.S2.code, 120, true]);
    ws.addRow(['order.unknown', new Date('2026-02-02T05:00:00Z'), env.a.units.S2.code, 1, true]);
    const content = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    const res = (await post('/api/v1/events/import', { format: 'xlsx', content }, env.a.as('admin'))).json();
    expect(res).toMatchObject({ rows: 2, created: 1, invalid: 1, errors: [{ row: 3, field: 'type' }] });
  });
});

describe('live updates', () => {
  it('publishes committed events per unit path and type after commit (the stream filters by scope)', async () => {
    const seen: unknown[] = [];
    const off = env.t.ctx.bus.subscribe((e) => {
      if (e.type === 'events.committed') seen.push(e.data);
    });
    await post(
      '/api/v1/events/batch',
      { events: [order(500), order(501), { ...order(502), type: 'call.inbound', properties: {} }] },
      bearer(key),
    );
    off();
    expect(seen).toEqual([
      {
        units: expect.arrayContaining([
          { path: env.a.units.S3.path, types: { 'order.completed': 1, 'call.inbound': 1 } },
          { path: env.a.units.S1.path, types: { 'order.completed': 1 } },
        ]),
      },
    ]);
  });
});

describe('events response contracts', () => {
  it('answers only declared fields: a property-spec key stored outside the contract does not leak', async () => {
    const created = await post(
      '/api/v1/event-types',
      { key: 'contract.checked', name: 'Contract', properties: { tier: { type: 'string' } } },
      env.a.as('admin'),
    );
    expect(created.statusCode).toBe(201);
    await env.t.ctx.db.execute(
      sql`UPDATE event_types SET properties = '{"tier": {"type": "string", "internalNote": "x"}}'::jsonb
          WHERE tenant_id = ${env.a.tenantId} AND key = 'contract.checked'`,
    );
    const res = await env.inject({
      method: 'GET',
      url: '/api/v1/event-types/contract.checked',
      headers: env.a.as('admin'),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().properties).toEqual({ tier: { type: 'string' } });
    const doc = (await env.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const batch = doc.paths['/api/v1/events/batch'].post.responses['200'].content['application/json'].schema;
    expect(Object.keys(batch.properties)).toEqual(['created', 'duplicates', 'invalid', 'results']);
    expect(Object.keys(doc.paths['/api/v1/events'].post.responses)).toEqual(expect.arrayContaining(['200', '201']));
  });
});
