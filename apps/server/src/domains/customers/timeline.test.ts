import { beforeAll, describe, expect, it } from 'vitest';
import { one, rows, sql } from '../../platform/db.ts';
import { problem, setupTestSuite } from '../../testing/harness.ts';
import { createTicket } from '../tickets/commands/create-ticket.ts';
import { sweepTenant } from './commands/resolve-customers.ts';

const env = setupTestSuite();
let key: string;
let surveyId: string;
let customerId: string;
const bearer = () => ({ authorization: `Bearer ${key}` });
const at = (day: number, hour = 4) => new Date(Date.UTC(2026, 0, day, hour)).toISOString();
const drain = async () => {
  while ((await env.runJobs()) > 0);
};
const timeline = (id: string, as = 'admin', q = '') =>
  env.inject({ method: 'GET', url: `/api/v1/customers/${id}/timeline${q}`, headers: env.a.as(as) });

beforeAll(async () => {
  env.t.clock.set('2026-01-20T00:00:00Z');
  const def = {
    elements: [
      { type: 'rating', name: 'nps', title: '推荐意愿', rateMin: 0, rateMax: 10 },
      { type: 'comment', name: 'why', title: '原因' },
    ],
  };
  surveyId = (
    await env.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: env.a.as('admin'),
      payload: { name: '品牌 NPS', definition: def, bindings: { nps: 'nps' } },
    })
  ).json().id;
  await env.inject({ method: 'POST', url: `/api/v1/surveys/${surveyId}/publish`, headers: env.a.as('admin') });
  key = (
    await env.inject({ method: 'POST', url: '/api/v1/api-keys', headers: env.a.as('admin'), payload: { name: 'pos' } })
  ).json().key;
  const responses = [
    { unit: 'S1', nps: 3, why: '汤是凉的', day: 3, customer: 'M-1' },
    { unit: 'S3', nps: 10, why: '很好', day: 6, customer: 'M-1' },
    { unit: 'S1', nps: 8, why: '还行', day: 7, customer: 'M-2' },
    { unit: 'S1', nps: 9, why: 'anonymous', day: 7 },
  ].map((r, i) => ({
    surveyId,
    answers: { nps: r.nps, why: r.why },
    orgUnitCode: env.a.units[r.unit as 'S1'].code,
    submittedAt: at(r.day),
    idempotencyKey: `tl-resp-${i}`,
    ...(r.customer ? { customer: r.customer } : {}),
  }));
  expect(
    (await env.inject({ method: 'POST', url: '/api/v1/responses/batch', headers: bearer(), payload: { responses } }))
      .statusCode,
  ).toBe(200);
  const events = [
    {
      type: 'order.completed',
      unit: 'S1',
      day: 2,
      value: 88,
      customer: 'M-1',
      properties: { valid: true, amount: 88, channel: 'dine_in' },
    },
    {
      type: 'order.completed',
      unit: 'S3',
      day: 5,
      value: 120,
      customer: 'M-1',
      properties: { valid: true, amount: 120, channel: 'delivery' },
    },
    { type: 'call.inbound', unit: 'S1', day: 4, value: 300, customer: 'M-1', properties: { reason: 'complaint' } },
    {
      type: 'order.completed',
      unit: 'S1',
      day: 5,
      value: 50,
      customer: 'M-3',
      properties: { valid: true, amount: 50, channel: 'dine_in' },
    },
  ].map((e, i) => ({
    type: e.type,
    occurredAt: at(e.day),
    orgUnitCode: env.a.units[e.unit as 'S1'].code,
    customer: e.customer,
    value: e.value,
    properties: e.properties,
    idempotencyKey: `tl-ev-${i}`,
  }));
  const ev = await env.inject({ method: 'POST', url: '/api/v1/events/batch', headers: bearer(), payload: { events } });
  expect(ev.json().created).toBe(4);
  expect(
    (
      await env.inject({
        method: 'POST',
        url: '/api/v1/feedback',
        headers: env.a.as('admin'),
        payload: {
          source: 'app_review',
          text: '外卖汤洒了',
          rating: 1,
          orgUnitId: env.a.units.S1.id,
          customerRef: 'M-1',
          occurredAt: at(4, 8),
        },
      })
    ).statusCode,
  ).toBe(201);
  await env.t.ctx.db.transaction(async (tx) => {
    await createTicket(tx, env.t.clock, {
      tenantId: env.a.tenantId,
      source: 'manual',
      title: '汤是凉的',
      priority: 'high',
      orgUnitId: env.a.units.S1.id,
      assign: 'none',
      customerRef: 'M-1',
    });
    await createTicket(tx, env.t.clock, {
      tenantId: env.a.tenantId,
      source: 'manual',
      title: 'S3 follow-up',
      priority: 'normal',
      orgUnitId: env.a.units.S3.id,
      assign: 'none',
      customerRef: 'M-1',
    });
  });
  // The profile exists before any background resolution ran (e.g. created by a CRM sync).
  customerId = (
    await env.inject({
      method: 'POST',
      url: '/api/v1/customers',
      headers: env.a.as('admin'),
      payload: { identities: [{ kind: 'member', value: 'M-1' }] },
    })
  ).json().id;
});

describe('customer resolution and the 360 timeline', () => {
  it('shows responses, orders, calls, tickets and feedback at once, before resolution ran', async () => {
    const unresolved = await rows(
      env.t.ctx.db,
      sql`SELECT 1 FROM responses WHERE tenant_id = ${env.a.tenantId} AND customer_id IS NOT NULL`,
    );
    expect(unresolved).toHaveLength(0);
    const res = await timeline(customerId);
    expect(res.statusCode).toBe(200);
    const kinds = res.json().items.map((i: { kind: string; type?: string }) => i.type ?? i.kind);
    expect(kinds.sort()).toEqual([
      'call.inbound',
      'feedback',
      'order.completed',
      'order.completed',
      'response',
      'response',
      'ticket',
      'ticket',
    ]);
  });

  it('resolves refs in the background: profiles for new member ids, customer_id on every row, one profile per ref under concurrency', async () => {
    await drain(); // responses.committed → customers.resolve
    const resolved = await rows<{ customer_ref: string; customer_id: string }>(
      env.t.ctx.db,
      sql`SELECT customer_ref, customer_id FROM responses WHERE tenant_id = ${env.a.tenantId} AND customer_ref IS NOT NULL ORDER BY customer_ref`,
    );
    expect(resolved.map((r) => r.customer_ref)).toEqual(['M-1', 'M-1', 'M-2']);
    expect(resolved.filter((r) => r.customer_ref === 'M-1').every((r) => r.customer_id === customerId)).toBe(true);
    expect(resolved.every((r) => r.customer_id)).toBe(true);
    // Events and feedback are swept; several sweeps at once still give one profile per member id.
    await Promise.all([
      sweepTenant(env.t.ctx, env.a.tenantId, { mode: 'full' }),
      sweepTenant(env.t.ctx, env.a.tenantId, { mode: 'full' }),
      sweepTenant(env.t.ctx, env.a.tenantId),
    ]);
    const ids = await rows<{ value: string; n: number }>(
      env.t.ctx.db,
      sql`SELECT i.value, count(*)::int AS n FROM customer_identities i WHERE i.tenant_id = ${env.a.tenantId} AND i.kind = 'member' GROUP BY i.value ORDER BY i.value`,
    );
    expect(ids).toEqual([
      { value: 'M-1', n: 1 },
      { value: 'M-2', n: 1 },
      { value: 'M-3', n: 1 },
    ]);
    const orphans = await one<{ n: number }>(
      env.t.ctx.db,
      sql`SELECT count(*)::int AS n FROM customers c WHERE c.tenant_id = ${env.a.tenantId} AND NOT EXISTS (SELECT 1 FROM customer_identities i WHERE i.tenant_id = c.tenant_id AND i.customer_id = c.id)`,
    );
    expect(orphans?.n).toBe(0);
    const events = await rows<{ customer_ref: string; customer_id: string | null }>(
      env.t.ctx.db,
      sql`SELECT customer_ref, customer_id FROM events WHERE tenant_id = ${env.a.tenantId}`,
    );
    expect(events.every((e) => e.customer_id)).toBe(true);
    const fb = await one<{ customer_id: string }>(
      env.t.ctx.db,
      sql`SELECT customer_id FROM feedback_items WHERE tenant_id = ${env.a.tenantId}`,
    );
    expect(fb?.customer_id).toBe(customerId);
  });

  it('takes the phone, email and name of a personalised link into the profile its response resolves to', async () => {
    const link = await env.inject({
      method: 'POST',
      url: `/api/v1/surveys/${surveyId}/links`,
      headers: env.a.as('admin'),
      payload: {
        customer: { externalId: 'M-77', name: '李雷', phone: '+86 139 1234 5678', email: 'li.lei@example.com' },
        orgUnitId: env.a.units.S1.id,
      },
    });
    expect(link.statusCode).toBe(201);
    const res = await env.inject({
      method: 'POST',
      url: '/api/v1/responses',
      payload: { token: link.json().token, answers: { nps: 6, why: '一般' }, idempotencyKey: 'tl-personal-1' },
    });
    expect(res.statusCode).toBe(201);
    await drain();
    const found = (
      await env.inject({
        method: 'GET',
        url: `/api/v1/customers?q=${encodeURIComponent('13912345678')}`,
        headers: env.a.as('admin'),
      })
    ).json().items;
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ displayName: '李雷' });
    expect(found[0].identities.map((i: { display: string }) => i.display).sort()).toEqual([
      '139****5678',
      'M-77',
      'l***@example.com',
    ]);
  });

  it('lists newest first with the details a person reads, and pages with a cursor without gaps or repeats', async () => {
    const all = (await timeline(customerId)).json().items;
    expect(all).toHaveLength(8);
    const times = all.map((i: { at: string }) => i.at);
    expect([...times].sort().reverse()).toEqual(times);
    const response = all.find(
      (i: { kind: string; npsGroup?: string }) => i.kind === 'response' && i.npsGroup === 'detractor',
    );
    expect(response).toMatchObject({
      surveyName: '品牌 NPS',
      scores: { nps: 3 },
      comment: '汤是凉的',
      orgUnit: { id: env.a.units.S1.id },
    });
    expect(all.find((i: { type?: string }) => i.type === 'call.inbound')).toMatchObject({
      kind: 'event',
      value: 300,
      properties: { reason: 'complaint' },
    });
    expect(all.find((i: { kind: string }) => i.kind === 'ticket')).toMatchObject({
      status: 'new',
      number: expect.any(Number),
    });
    expect(all.find((i: { kind: string }) => i.kind === 'feedback')).toMatchObject({
      source: 'app_review',
      text: '外卖汤洒了',
      rating: 1,
    });
    const seen: string[] = [];
    let cursor = '';
    for (let page = 0; page < 10; page++) {
      const body = (await timeline(customerId, 'admin', `?limit=3${cursor ? `&cursor=${cursor}` : ''}`)).json();
      seen.push(...body.items.map((i: { id: string }) => i.id));
      if (!body.nextCursor) break;
      cursor = body.nextCursor;
    }
    expect(seen).toEqual(all.map((i: { id: string }) => i.id));
    const onlyEvents = (await timeline(customerId, 'admin', '?kinds=event')).json().items;
    expect(onlyEvents.every((i: { kind: string }) => i.kind === 'event')).toBe(true);
  });

  it('scopes by role: a store manager sees their store only, an agent only their tickets', async () => {
    const store = (await timeline(customerId, 'storeManager')).json();
    expect(store.items.length).toBeGreaterThan(0);
    expect(store.items.every((i: { orgUnit: { id: string } | null }) => i.orgUnit?.id === env.a.units.S1.id)).toBe(
      true,
    );
    expect(store.items.map((i: { kind: string }) => i.kind)).toEqual(
      expect.arrayContaining(['response', 'event', 'ticket', 'feedback']),
    );
    const agent = (await timeline(customerId, 'agent')).json();
    expect(agent.items).toHaveLength(0);
    expect(agent.hidden.sort()).toEqual(['event', 'feedback', 'invitation', 'response']);
    expect((await timeline(customerId, 'viewer')).statusCode).toBe(403);
  });

  it('shows a role scoped below the root only the profiles of customers seen in its subtree', async () => {
    const get = (id: string, as: string) =>
      env.inject({ method: 'GET', url: `/api/v1/customers/${id}`, headers: env.a.as(as) });
    const find = async (q: string, as: string) =>
      (await env.inject({ method: 'GET', url: `/api/v1/customers?q=${q}`, headers: env.a.as(as) })).json()
        .items as Array<{ id: string }>;
    const respond = async (unit: 'S2' | 'S3', customer: string, i: number) => {
      const payload = {
        responses: [
          {
            surveyId,
            answers: { nps: 7 },
            orgUnitCode: env.a.units[unit].code,
            submittedAt: at(9),
            idempotencyKey: `tl-scope-${i}`,
            customer,
          },
        ],
      };
      expect(
        (await env.inject({ method: 'POST', url: '/api/v1/responses/batch', headers: bearer(), payload })).statusCode,
      ).toBe(200);
      await drain();
    };
    await respond('S3', 'M-90', 1); // S3 is in region R2
    const [m90] = await find('M-90', 'admin');
    expect(m90).toBeDefined();
    for (const as of ['storeManager', 'manager']) {
      expect(await find('M-90', as), as).toEqual([]);
      expect((await get(m90.id, as)).statusCode, as).toBe(404);
      expect((await timeline(m90.id, as)).statusCode, as).toBe(404);
      const tag = await env.inject({
        method: 'POST',
        url: `/api/v1/customers/${m90.id}/tags`,
        headers: env.a.as(as),
        payload: { tags: ['vip'] },
      });
      expect([403, 404], as).toContain(tag.statusCode);
    }
    // Everyone the S1 manager lists was seen at S1; M-1 (seen at S1 and S3) is among them.
    const storeList = (
      await env.inject({ method: 'GET', url: '/api/v1/customers?limit=200', headers: env.a.as('storeManager') })
    ).json().items as Array<{ id: string }>;
    const seenAtS1 = await rows<{ customer_id: string }>(
      env.t.ctx.db,
      sql`SELECT DISTINCT customer_id FROM customer_units WHERE tenant_id = ${env.a.tenantId} AND org_unit_id = ${env.a.units.S1.id}`,
    );
    expect(storeList.map((c) => c.id).sort()).toEqual(seenAtS1.map((r) => r.customer_id).sort());
    expect(storeList.map((c) => c.id)).toContain(customerId);
    expect((await get(customerId, 'storeManager')).statusCode).toBe(200);
    // A visit to S2 (region R1, not store S1) opens the profile to the region manager only.
    await respond('S2', 'M-90', 2);
    expect((await find('M-90', 'manager')).map((c) => c.id)).toEqual([m90.id]);
    expect((await get(m90.id, 'manager')).statusCode).toBe(200);
    expect(await find('M-90', 'storeManager')).toEqual([]);
    // The segment preview counts within scope too.
    const preview = async (as: string) =>
      (
        await env.inject({
          method: 'POST',
          url: '/api/v1/customers/segments/preview',
          headers: env.a.as(as),
          payload: { definition: { match: 'all', conditions: [{ kind: 'identity', identityKind: 'member' }] } },
        })
      ).json();
    const [everyone, store] = [await preview('admin'), await preview('storeManager')];
    expect([store.count, store.total]).toEqual([storeList.length, storeList.length]);
    expect(everyone.count).toBeGreaterThan(store.count);
    // So does a saved segment's member count: the store manager sees only the members seen at the store.
    const saved = await env.inject({
      method: 'POST',
      url: '/api/v1/customers/segments',
      headers: env.a.as('admin'),
      payload: {
        name: 'Members',
        definition: { match: 'all', conditions: [{ kind: 'identity', identityKind: 'member' }] },
      },
    });
    expect(saved.json().memberCount).toBe(everyone.count);
    const counts = async (as: string) =>
      (await env.inject({ method: 'GET', url: '/api/v1/customers/segments', headers: env.a.as(as) }))
        .json()
        .items.map((x: { memberCount: number }) => x.memberCount);
    expect(await counts('admin')).toEqual([everyone.count]);
    expect(await counts('storeManager')).toEqual([storeList.length]);
    expect(
      (
        await env.inject({
          method: 'GET',
          url: `/api/v1/customers/segments/${saved.json().id}`,
          headers: env.a.as('storeManager'),
        })
      ).json().memberCount,
    ).toBe(storeList.length);
    // Merging moves where the merged profile was seen: merged into M-2 (seen at S1), M-90's S2 visit opens M-2 to R1.
    const [m2] = await find('M-2', 'admin');
    const merged = await env.inject({
      method: 'POST',
      url: `/api/v1/customers/${m2.id}/merge`,
      headers: env.a.as('admin'),
      payload: { otherId: m90.id },
    });
    expect(merged.statusCode).toBe(200);
    const units = await rows<{ org_unit_id: string }>(
      env.t.ctx.db,
      sql`SELECT org_unit_id FROM customer_units WHERE tenant_id = ${env.a.tenantId} AND customer_id = ${m2.id} ORDER BY org_unit_id`,
    );
    expect(units.map((u) => u.org_unit_id).sort()).toEqual(
      [env.a.units.S1.id, env.a.units.S2.id, env.a.units.S3.id].sort(),
    );
    expect((await get(m2.id, 'storeManager')).statusCode).toBe(200);
  });

  it('401, 404 for another tenant or an unknown id, 422 for bad paging', async () => {
    expect((await env.inject({ method: 'GET', url: `/api/v1/customers/${customerId}/timeline` })).statusCode).toBe(401);
    expect(
      (await env.inject({ method: 'GET', url: `/api/v1/customers/${customerId}/timeline`, headers: env.b.as('owner') }))
        .statusCode,
    ).toBe(404);
    expect((await timeline('00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    for (const q of ['?limit=0', '?limit=5000', '?cursor=nope', '?kinds=orders', "?cursor=1'%20OR%201=1"]) {
      const res = await timeline(customerId, 'admin', q);
      expect(res.statusCode, q).toBe(422);
      problem(res);
    }
  });
});
