import { beforeAll, describe, expect, it } from 'vitest';
import { rows, sql } from '../../platform/db.ts';
import { problem, setupTestSuite } from '../../testing/harness.ts';
import { rebuildAllGroups } from './commands/group-rollups.ts';
import { sweepTenant } from './commands/resolve-customers.ts';

const env = setupTestSuite();
let key: string;
let surveyId: string;
const post = (url: string, payload: unknown, as = 'admin', tenant: 'a' | 'b' = 'a') =>
  env.inject({ method: 'POST', url, headers: env[tenant].as(as), payload: payload as Record<string, unknown> });
const put = (url: string, payload: unknown, as = 'admin') =>
  env.inject({ method: 'PUT', url, headers: env.a.as(as), payload: payload as Record<string, unknown> });
const get = (url: string, as = 'admin', tenant: 'a' | 'b' = 'a') =>
  env.inject({ method: 'GET', url, headers: env[tenant].as(as) });

// Members M-0 … M-9: M-i has i orders of 100 in the last 90 days; the even ones answered NPS (M-0 a detractor).
beforeAll(async () => {
  env.t.clock.set('2026-03-01T00:00:00Z');
  key = (await post('/api/v1/api-keys', { name: 'pos' })).json().key;
  const def = { elements: [{ type: 'rating', name: 'nps', title: 'NPS', rateMin: 0, rateMax: 10 }] };
  surveyId = (await post('/api/v1/surveys', { name: 'NPS', definition: def, bindings: { nps: 'nps' } })).json().id;
  await post(`/api/v1/surveys/${surveyId}/publish`, {});
  const events = [];
  for (let m = 0; m < 10; m++) {
    for (let i = 0; i < m; i++) {
      events.push({
        type: 'order.completed',
        occurredAt: new Date(Date.UTC(2026, 1, 1 + i, 4)).toISOString(),
        orgUnitCode: env.a.units.S1.code,
        customer: `M-${m}`,
        value: 100,
        properties: { valid: true },
        idempotencyKey: `s-${m}-${i}`,
      });
    }
  }
  expect(
    (
      await env.inject({
        method: 'POST',
        url: '/api/v1/events/batch',
        headers: { authorization: `Bearer ${key}` },
        payload: { events },
      })
    ).json().created,
  ).toBe(45);
  const responses = [0, 2, 4, 6, 8].map((m, i) => ({
    surveyId,
    answers: { nps: m === 0 ? 2 : 9 },
    orgUnitCode: env.a.units.S1.code,
    customer: `M-${m}`,
    submittedAt: new Date(Date.UTC(2026, 1, 20, i)).toISOString(),
    idempotencyKey: `s-resp-${m}`,
  }));
  expect(
    (
      await env.inject({
        method: 'POST',
        url: '/api/v1/responses/batch',
        headers: { authorization: `Bearer ${key}` },
        payload: { responses },
      })
    ).statusCode,
  ).toBe(200);
  while ((await env.runJobs()) > 0);
  await sweepTenant(env.t.ctx, env.a.tenantId, { mode: 'full' });
  const m9 = (await get('/api/v1/customers?q=M-9')).json().items[0].id;
  await env.inject({
    method: 'PATCH',
    url: `/api/v1/customers/${m9}`,
    headers: env.a.as('admin'),
    payload: { attributes: { city: 'Shanghai', age: 31 } },
  });
});

describe('rule-based tags and value tiers', () => {
  it('tags gold when orders in 90 days ≥ 5, keeps it out of manual removal, and untags when the rule changes', async () => {
    const rule = await post('/api/v1/customers/tag-rules', {
      tag: 'gold',
      name: 'orders ≥ 5',
      measure: { kind: 'events', eventType: 'order.completed', fn: 'count', windowDays: 90 },
      op: 'gte',
      value: 5,
    });
    expect(rule.statusCode).toBe(201);
    expect(rule.json()).toMatchObject({ tag: 'gold', lastCount: 5 });
    const gold = (await get('/api/v1/customers?tag=gold&limit=200')).json().items;
    expect(gold.map((c: { identities: Array<{ display: string }> }) => c.identities[0].display).sort()).toEqual([
      'M-5',
      'M-6',
      'M-7',
      'M-8',
      'M-9',
    ]);
    expect(gold[0].tags).toContainEqual({ tag: 'gold', source: 'rule' });
    const removal = await env.inject({
      method: 'DELETE',
      url: `/api/v1/customers/${gold[0].id}/tags/gold`,
      headers: env.a.as('admin'),
    });
    expect(removal.statusCode).toBe(409);
    const changed = await put(`/api/v1/customers/tag-rules/${rule.json().id}`, {
      tag: 'gold',
      measure: { kind: 'events', eventType: 'order.completed', fn: 'count', windowDays: 90 },
      op: 'gte',
      value: 8,
    });
    expect(changed.json().lastCount).toBe(2);
    for (const bad of [
      { tag: 'x', measure: { kind: 'events', eventType: 'Order', fn: 'count', windowDays: 90 }, op: 'gte', value: 1 },
      {
        tag: 'x',
        measure: { kind: 'events', eventType: 'order.completed', fn: 'median', windowDays: 90 },
        op: 'gte',
        value: 1,
      },
      { tag: 'x', measure: { kind: 'attribute', key: "a'; drop table x" }, op: 'gte', value: 1 },
      {
        tag: 'x',
        measure: { kind: 'events', eventType: 'order.completed', fn: 'count', windowDays: 99999 },
        op: 'gte',
        value: 1,
      },
      {
        tag: 'x',
        measure: { kind: 'events', eventType: 'order.completed', fn: 'count', windowDays: 90 },
        op: 'like',
        value: 1,
      },
      {
        tag: 'x',
        measure: { kind: 'events', eventType: 'order.completed', fn: 'count', windowDays: 90 },
        op: 'gte',
        value: '1',
      },
    ]) {
      const r = await post('/api/v1/customers/tag-rules', bad);
      expect(r.statusCode, JSON.stringify(bad)).toBe(422);
      problem(r);
    }
    expect(
      (
        await post('/api/v1/customers/tag-rules', {
          tag: 'gold',
          measure: { kind: 'attribute', key: 'age' },
          op: 'gt',
          value: 1,
        })
      ).statusCode,
    ).toBe(409);
    expect(
      (
        await post(
          '/api/v1/customers/tag-rules',
          { tag: 'y', measure: { kind: 'attribute', key: 'age' }, op: 'gt', value: 1 },
          'analyst',
        )
      ).statusCode,
    ).toBe(403);
  });

  it('puts every customer in the first tier their 12-month order value reaches', async () => {
    const res = await put('/api/v1/customers/tiers', {
      measure: { kind: 'events', eventType: 'order.completed', fn: 'sum', windowDays: 365 },
      tiers: [
        { name: 'silver', min: 300 },
        { name: 'diamond', min: 800 },
        { name: 'regular', min: 0 },
      ],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().tiers).toEqual([
      { tier: 'diamond', count: 2 },
      { tier: 'regular', count: 3 },
      { tier: 'silver', count: 5 },
    ]);
    expect((await get('/api/v1/customers?tier=diamond')).json().items).toHaveLength(2);
    const dup = await put('/api/v1/customers/tiers', {
      measure: { kind: 'attribute', key: 'age' },
      tiers: [
        { name: 'a', min: 1 },
        { name: 'a', min: 2 },
      ],
    });
    expect(dup.statusCode).toBe(422);
  });
});

describe('segments', () => {
  const detractorsWithOrders = {
    match: 'all',
    conditions: [
      { kind: 'npsGroup', groups: ['detractor', 'passive'] },
      { kind: 'identity', identityKind: 'member' },
    ],
  };
  it('previews a count live, saves, lists members with paging, and compiles every condition kind', async () => {
    const preview = async (definition: unknown) => post('/api/v1/customers/segments/preview', { definition });
    expect((await preview(detractorsWithOrders)).json()).toEqual({ count: 1, total: 10 });
    const cases: Array<[unknown, number]> = [
      [
        {
          match: 'all',
          conditions: [{ kind: 'events', eventType: 'order.completed', windowDays: 30, op: 'gte', value: 3 }],
        },
        7,
      ],
      [
        {
          match: 'all',
          conditions: [
            { kind: 'events', eventType: 'order.completed', fn: 'sum', windowDays: 90, op: 'lt', value: 200 },
          ],
        },
        2,
      ],
      [{ match: 'all', conditions: [{ kind: 'tier', tiers: ['diamond', 'silver'] }] }, 7],
      [
        {
          match: 'any',
          conditions: [
            { kind: 'tag', tag: 'gold' },
            { kind: 'npsGroup', groups: ['detractor'] },
          ],
        },
        3,
      ],
      [{ match: 'all', conditions: [{ kind: 'tag', tag: 'gold', present: false }] }, 8],
      [{ match: 'all', conditions: [{ kind: 'attribute', key: 'city', op: 'eq', value: 'Shanghai' }] }, 1],
      [{ match: 'all', conditions: [{ kind: 'attribute', key: 'city', op: 'contains', value: 'ANG' }] }, 1],
      [{ match: 'all', conditions: [{ kind: 'attribute', key: 'age', op: 'gte', value: 30 }] }, 1],
      [{ match: 'all', conditions: [{ kind: 'attribute', key: 'city', op: 'gt', value: 3 }] }, 0],
      [{ match: 'all', conditions: [{ kind: 'attribute', key: 'city', op: 'missing' }] }, 9],
      [{ match: 'all', conditions: [{ kind: 'attribute', key: 'city', op: 'eq', value: "x' OR '1'='1" }] }, 0],
      [{ match: 'all', conditions: [{ kind: 'identity', identityKind: 'phone' }] }, 0],
    ];
    for (const [definition, n] of cases)
      expect((await preview(definition)).json().count, JSON.stringify(definition)).toBe(n);
    const saved = await post('/api/v1/customers/segments', {
      name: 'Loyal',
      definition: {
        match: 'all',
        conditions: [{ kind: 'events', eventType: 'order.completed', windowDays: 90, op: 'gte', value: 3 }],
      },
    });
    expect(saved.statusCode).toBe(201);
    expect(saved.json()).toMatchObject({ name: 'Loyal', memberCount: 7 });
    const id = saved.json().id;
    const page1 = (await get(`/api/v1/customers/segments/${id}/members?limit=4`)).json();
    const page2 = (await get(`/api/v1/customers/segments/${id}/members?limit=4&cursor=${page1.nextCursor}`)).json();
    expect(page1.items.length + page2.items.length).toBe(7);
    expect((await get(`/api/v1/customers?segmentId=${id}&limit=200`)).json().items).toHaveLength(7);
    expect((await get('/api/v1/customers/segments')).json().items.map((s: { name: string }) => s.name)).toEqual([
      'Loyal',
    ]);
    expect(
      (await post('/api/v1/customers/segments', { name: 'Loyal', definition: detractorsWithOrders })).statusCode,
    ).toBe(409);
    // Other tenants see nothing of it.
    expect((await get(`/api/v1/customers/segments/${id}`, 'owner', 'b')).statusCode).toBe(404);
    expect((await get(`/api/v1/customers/segments/${id}/members`, 'owner', 'b')).statusCode).toBe(404);
    expect((await get('/api/v1/customers/segments', 'owner', 'b')).json().items).toHaveLength(0);
  });

  it('refuses malformed, oversized, wrong-typed and hostile definitions with 422 naming the field', async () => {
    const bad: Array<[unknown, string]> = [
      [{ match: 'all', conditions: [] }, 'definition.conditions'],
      [{ match: 'some', conditions: [{ kind: 'tier', tiers: ['a'] }] }, 'definition.match'],
      [{ conditions: [{ kind: 'sql', where: '1=1' }] }, 'definition.conditions.0'],
      [{ conditions: [{ kind: 'attribute', key: 'a) OR (1=1', op: 'eq', value: 1 }] }, 'definition.conditions.0.key'],
      [
        { conditions: [{ kind: 'attribute', key: 'age', op: 'gte', value: 'thirty' }] },
        'definition.conditions.0.value',
      ],
      [{ conditions: [{ kind: 'attribute', key: 'age', op: 'eq' }] }, 'definition.conditions.0.value'],
      [
        { conditions: [{ kind: 'events', eventType: 'order.completed', windowDays: 0, op: 'gte', value: 1 }] },
        'definition.conditions.0.windowDays',
      ],
      [{ conditions: [{ kind: 'npsGroup', groups: ['fans'] }] }, 'definition.conditions.0.groups.0'],
      [{ conditions: Array.from({ length: 21 }, () => ({ kind: 'tier', tiers: ['a'] })) }, 'definition.conditions'],
      ['not an object', 'definition'],
    ];
    for (const [definition, field] of bad) {
      const res = await post('/api/v1/customers/segments/preview', { definition });
      expect(res.statusCode, JSON.stringify(definition).slice(0, 80)).toBe(422);
      expect(
        problem(res).invalidParams?.some((p) => p.name.startsWith(field)),
        `${field}: ${JSON.stringify(problem(res).invalidParams)}`,
      ).toBe(true);
    }
    expect((await post('/api/v1/customers/segments', { name: '', definition: detractorsWithOrders })).statusCode).toBe(
      422,
    );
    expect(
      (await post('/api/v1/customers/segments', { name: 'x', definition: detractorsWithOrders }, 'manager')).statusCode,
    ).toBe(403);
    expect(
      (
        await env.inject({
          method: 'POST',
          url: '/api/v1/customers/segments/preview',
          payload: { definition: detractorsWithOrders },
        })
      ).statusCode,
    ).toBe(401);
  });
});

describe('metrics split by customer tier and segment', () => {
  it('answers NPS per tier and for a segment from customer-group rollups equal to the raw responses', async () => {
    const q = (body: Record<string, unknown>) =>
      post('/api/v1/metrics/query', { metric: 'nps', from: '2026-02-01', to: '2026-03-01', minN: 1, ...body });
    const byTier = await q({ groupBy: 'tier' });
    expect(byTier.statusCode).toBe(200);
    const raw = await rows<{ tier: string; n: number }>(
      env.t.ctx.db,
      sql`SELECT c.tier, count(*)::int AS n FROM responses r JOIN customers c ON c.tenant_id = r.tenant_id AND c.id = r.customer_id WHERE r.tenant_id = ${env.a.tenantId} GROUP BY c.tier ORDER BY c.tier`,
    );
    expect(byTier.json().rows.map((r: { key: string; n: number }) => ({ tier: r.key, n: r.n }))).toEqual(raw);
    const regular = (await q({ tier: 'regular' })).json().rows[0];
    expect(regular).toMatchObject({ n: 2 }); // M-0 (nps 2) and M-2 (nps 9): one detractor, one promoter
    expect(regular.value).toBe(0);
    const seg = (
      await post('/api/v1/customers/segments', {
        name: 'Answered',
        definition: { conditions: [{ kind: 'npsGroup', groups: ['promoter', 'passive', 'detractor'] }] },
      })
    ).json();
    const bySeg = (await q({ segmentId: seg.id })).json().rows[0];
    expect(bySeg.n).toBe(5);
    expect((await q({ segmentId: '00000000-0000-4000-8000-000000000000' })).statusCode).toBe(404);
    expect((await q({ tier: 'regular', segmentId: seg.id })).statusCode).toBe(422);
    expect(
      (await post('/api/v1/metrics/query', { metric: 'cpo', from: '2026-02-01', to: '2026-03-01', tier: 'regular' }))
        .statusCode,
    ).toBe(422);
    // Maintained incrementally (resolution, tier changes, segment refresh), the rollups equal a rebuild from scratch.
    const before = (await q({ groupBy: 'tier' })).json().rows;
    await rebuildAllGroups(env.t.ctx, env.a.tenantId);
    expect((await q({ groupBy: 'tier' })).json().rows).toEqual(before);
    expect((await q({ segmentId: seg.id })).json().rows[0].n).toBe(5);
    // A merge moves the merged customer's responses to the survivor's groups: still equal to a rebuild.
    const id = async (member: string) => (await get(`/api/v1/customers?q=${member}`)).json().items[0].id as string;
    expect((await post(`/api/v1/customers/${await id('M-8')}/merge`, { otherId: await id('M-0') })).statusCode).toBe(
      200,
    );
    const merged = (await q({ groupBy: 'tier' })).json().rows;
    expect(merged.map((r: { key: string; n: number }) => [r.key, r.n])).toEqual([
      ['diamond', 2],
      ['regular', 1],
      ['silver', 2],
    ]);
    expect((await q({ segmentId: seg.id })).json().rows[0].n).toBe(5);
    await rebuildAllGroups(env.t.ctx, env.a.tenantId);
    expect((await q({ groupBy: 'tier' })).json().rows).toEqual(merged);
    // Another tenant's segment id is not found.
    expect(
      (
        await post(
          '/api/v1/metrics/query',
          { metric: 'nps', from: '2026-02-01', to: '2026-03-01', segmentId: seg.id },
          'owner',
          'b',
        )
      ).statusCode,
    ).toBe(404);
  });
});
