import { randomUUID } from 'node:crypto';
import { ZHoldingImportResult, ZHoldingList, ZProductDetail, ZProductList, ZScorecard } from '@loopcx/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { one, rows, sql } from '../../platform/db.ts';
import { problem, setupTestSuite, type TestTenant } from '../../testing/harness.ts';
import { forgetEventTypes } from '../events/queries/event-types.ts';
import { evaluateReviews } from './commands/evaluate-reviews.ts';
import { linkEvents } from './commands/link-events.ts';
import { productCodesOf } from './event-products.ts';
import { linkEventsJob } from './jobs.ts';

const s = setupTestSuite();
const send = (method: string, headers: Record<string, string>, url: string, payload?: unknown) =>
  s.inject({ method: method as 'GET', url: `/api/v1${url}`, headers, payload: payload as object });
const bearer = (k: string) => ({ authorization: `Bearer ${k}` });

let key = '';
let surveyId = '';
let versionId = '';

beforeAll(async () => {
  s.t.clock.set('2026-03-10T04:00:00Z');
  key = (await send('POST', s.a.as('admin'), '/api-keys', { name: 'pos' })).json().key;
  surveyId = randomUUID();
  versionId = randomUUID();
  const def = { questions: [{ code: 'nps', type: 'nps', title: 'NPS' }] };
  await s.t.ctx.db.execute(
    sql`INSERT INTO surveys (tenant_id, id, name, status, definition, bindings) VALUES (${s.a.tenantId}, ${surveyId}, '堂食', 'live', ${JSON.stringify(def)}::jsonb, '{"nps":"nps"}'::jsonb)`,
  );
  await s.t.ctx.db.execute(
    sql`INSERT INTO survey_versions (tenant_id, id, survey_id, version, definition, bindings) VALUES (${s.a.tenantId}, ${versionId}, ${surveyId}, 1, ${JSON.stringify(def)}::jsonb, '{"nps":"nps"}'::jsonb)`,
  );
  for (const t of [s.a, s.b]) {
    await s.t.ctx.db.execute(
      sql`INSERT INTO event_types (tenant_id, key, name, properties) VALUES (${t.tenantId}, 'order.returned', '退单', '{}'::jsonb)`,
    );
    forgetEventTypes(t.tenantId);
  }
});

async function create(t: TestTenant, body: Record<string, unknown>, user = 'analyst') {
  const res = await send('POST', t.as(user), '/products', body);
  expect(res.statusCode, res.body).toBe(201);
  return ZProductDetail.parse(res.json());
}

async function respond(
  unit: keyof TestTenant['units'],
  at: string,
  scores: Record<string, number>,
  code: string | null,
  t: TestTenant = s.a,
) {
  const id = randomUUID();
  await s.t.ctx.db.execute(
    sql`INSERT INTO responses (tenant_id, id, survey_id, survey_version_id, org_unit_id, answers, scores, context, idempotency_key, body_hash, submitted_at)
        VALUES (${t.tenantId}, ${id}, ${surveyId}, ${versionId}, ${t.units[unit].id}, '{}'::jsonb, ${JSON.stringify(scores)}::jsonb,
                ${code ? JSON.stringify({ productCode: code }) : null}::jsonb, ${id}, 'h', ${at})`,
  );
  return id;
}

describe('products catalogue', () => {
  it('answers 401, 403 and 422 with the problem shape', async () => {
    expect((await send('GET', {}, '/products')).statusCode).toBe(401);
    const forbidden = await send('POST', s.a.as('viewer'), '/products', { code: 'X1', name: 'x' });
    expect(problem(forbidden).status).toBe(403);
    expect((await send('POST', s.a.as('storeManager'), '/products', { code: 'X1', name: 'x' })).statusCode).toBe(403);
    for (const body of [
      {},
      { code: 'has space', name: 'x' },
      { code: 'X1', name: '' },
      { code: 'X1', name: 'x'.repeat(121) },
      { code: 'X1', name: 'x', extra: true },
      { code: 'X1', name: 'x', stage: 'review' },
      { code: 'X1', name: 'x', targets: { nps: 500 } },
      { code: 'X1', name: 'x', reviewRules: [{ metric: 'nps', below: 'target', months: 0 }] },
      { code: 'X1', name: 'x', ownerId: 'nope' },
      { code: ['X1'], name: 'x' },
    ]) {
      const res = await send('POST', s.a.as('admin'), '/products', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      expect(problem(res).invalidParams?.length).toBeGreaterThan(0);
    }
    const stranger = await send('POST', s.a.as('admin'), '/products', {
      code: 'X1',
      name: 'x',
      ownerId: s.b.users.admin.id,
    });
    expect(problem(stranger).status).toBe(422);
    expect((await send('GET', s.a.as('viewer'), '/products?stage=bogus')).statusCode).toBe(422);
    expect((await send('GET', s.a.as('viewer'), `/products/${randomUUID()}`)).statusCode).toBe(404);
    expect((await send('GET', s.a.as('viewer'), '/products/not-a-uuid')).statusCode).toBe(422);
  });

  it('creates, lists with filters, reads and patches; codes are unique per tenant; other tenants get 404', async () => {
    const p = await create(s.a, {
      code: 'BEEF-1',
      name: '招牌牛肉面',
      nameEn: 'Beef noodles',
      category: '面食',
      stage: 'launched',
      ownerId: s.a.users.analyst.id,
      targets: { nps: 30, csat: 4.2 },
    });
    expect(p).toMatchObject({
      stage: 'launched',
      owner: { id: s.a.users.analyst.id },
      nextStages: ['review', 'retired'],
    });
    expect(p.launchedAt).toBe('2026-03-10T04:00:00.000Z');
    expect(p.history.map((h) => [h.from, h.to])).toEqual([[null, 'launched']]);
    expect(p.effectiveReviewRules).toEqual([{ metric: 'nps', below: 'target', months: 2, minN: 10 }]);
    const dup = await send('POST', s.a.as('admin'), '/products', { code: 'BEEF-1', name: 'again' });
    expect(problem(dup).status).toBe(409);
    // The same code in another tenant is another product.
    await create(s.b, { code: 'BEEF-1', name: 'B 牛肉面' });
    await create(s.a, { code: 'SALAD-1', name: '轻食沙拉碗', stage: 'test', category: '轻食' });

    const all = ZProductList.parse((await send('GET', s.a.as('agent'), '/products')).json());
    expect(all.items.map((i) => i.code)).toEqual(['BEEF-1', 'SALAD-1']);
    const tests = ZProductList.parse((await send('GET', s.a.as('viewer'), '/products?stage=test')).json());
    expect(tests.items.map((i) => i.code)).toEqual(['SALAD-1']);
    const found = ZProductList.parse(
      (await send('GET', s.a.as('viewer'), `/products?q=${encodeURIComponent('牛肉')}`)).json(),
    );
    expect(found.items.map((i) => i.code)).toEqual(['BEEF-1']);
    expect((await send('GET', s.b.as('owner'), `/products/${p.id}`)).statusCode).toBe(404);
    expect((await send('PATCH', s.b.as('owner'), `/products/${p.id}`, { name: 'x' })).statusCode).toBe(404);

    const patched = await send('PATCH', s.a.as('analyst'), `/products/${p.id}`, {
      name: '招牌牛肉面 2.0',
      targets: { nps: 35 },
      reviewRules: [{ metric: 'csat', below: 4, months: 3 }],
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(ZProductDetail.parse(patched.json())).toMatchObject({
      name: '招牌牛肉面 2.0',
      targets: { nps: 35 },
      reviewRules: [{ metric: 'csat', below: 4, months: 3, minN: 10 }],
    });
    expect((await send('PATCH', s.a.as('viewer'), `/products/${p.id}`, { name: 'x' })).statusCode).toBe(403);
    expect((await send('PATCH', s.a.as('admin'), `/products/${p.id}`, { code: 'NEW' })).statusCode).toBe(422);
    const back = await send('PATCH', s.a.as('admin'), `/products/${p.id}`, { reviewRules: null });
    expect(back.json().reviewRules).toBeNull();
  });

  it('moves stages only along the allowed transitions and keeps the history with notes', async () => {
    const p = await create(s.a, { code: 'KIDS-1', name: '儿童套餐' });
    const move = (to: string, note?: string, user = 'analyst') =>
      send('POST', s.a.as(user), `/products/${p.id}/stage`, { to, note });
    const skip = await move('launched');
    expect(problem(skip).status).toBe(422);
    expect(problem(skip).invalidParams?.[0]).toMatchObject({ name: 'to' });
    expect((await move('test', undefined, 'viewer')).statusCode).toBe(403);
    expect((await move('somewhere')).statusCode).toBe(422);
    expect((await send('POST', s.b.as('owner'), `/products/${p.id}/stage`, { to: 'test' })).statusCode).toBe(404);
    expect((await move('test', '上海试点')).statusCode).toBe(200);
    s.t.clock.advance(86400_000);
    const launched = ZProductDetail.parse((await move('launched')).json());
    expect(launched.launchedAt).toBe('2026-03-11T04:00:00.000Z');
    expect((await move('review', '口味投诉')).statusCode).toBe(200);
    expect((await move('launched', '改良后重新上市')).statusCode).toBe(200);
    const retired = ZProductDetail.parse((await move('retired')).json());
    expect(retired.stage).toBe('retired');
    expect(retired.retiredAt).toBe('2026-03-11T04:00:00.000Z');
    expect(retired.launchedAt).toBe('2026-03-11T04:00:00.000Z');
    expect(retired.history.map((h) => `${h.from}→${h.to}`).reverse()).toEqual([
      'null→concept',
      'concept→test',
      'test→launched',
      'launched→review',
      'review→launched',
      'launched→retired',
    ]);
    expect(retired.history.find((h) => h.to === 'test')).toMatchObject({
      note: '上海试点',
      by: { id: s.a.users.analyst.id },
    });
    const again = ZProductDetail.parse((await move('concept')).json());
    expect(again.retiredAt).toBeNull();
    s.t.clock.set('2026-03-10T04:00:00Z');
  });
});

describe('holdings', () => {
  it('reads product codes from productCode, productCodes and order lines', () => {
    expect(
      productCodesOf({ items: 3, lines: [{ sku: 'A-1', qty: 2 }, { code: 'B-2' }, 'C-3', { sku: 'bad code' }] }),
    ).toEqual(['A-1', 'B-2', 'C-3']);
    expect(productCodesOf({ productCode: 'A-1', productCodes: ['A-1', 'D-4', 7] })).toEqual(['A-1', 'D-4']);
    expect(productCodesOf(null)).toEqual([]);
  });

  it('keeps holdings from order events through the outbox job, once per event however often it is delivered', async () => {
    const noodle = await create(s.a, { code: 'NOODLE-H', name: '面', stage: 'launched' });
    const rice = await create(s.a, { code: 'RICE-H', name: '饭', stage: 'launched' });
    const order = (i: number, member: string, lines: string[], at: string) => ({
      type: 'order.completed',
      occurredAt: at,
      orgUnitCode: s.a.units.S1.code,
      customer: member,
      properties: {
        valid: true,
        amount: 50,
        channel: 'dine_in',
        items: lines.length,
        lines: lines.map((sku) => ({ sku, qty: 1 })),
      },
      value: 50,
      idempotencyKey: `hold-${i}`,
    });
    const batch = [
      order(1, 'M-H1', ['NOODLE-H', 'RICE-H'], '2026-03-01T04:00:00Z'),
      order(2, 'M-H1', ['NOODLE-H'], '2026-03-05T04:00:00Z'),
      order(3, 'M-H2', ['RICE-H', 'UNKNOWN-X'], '2026-03-02T04:00:00Z'),
      {
        ...order(4, 'M-H2', [], '2026-03-03T04:00:00Z'),
        type: 'order.returned',
        properties: { productCode: 'RICE-H' },
      },
    ];
    const res = await send('POST', bearer(key), '/events/batch', { events: batch });
    expect(res.statusCode, res.body).toBeLessThan(300);
    expect(await s.runJobs([linkEventsJob])).toBeGreaterThan(0);
    const holdings = async () =>
      rows<{ ref: string; code: string; count: number; since: string; source: string }>(
        s.t.ctx.db,
        sql`SELECT i.value AS ref, p.code, h.count, h.since, h.source FROM product_holdings h
            JOIN products p ON p.tenant_id = h.tenant_id AND p.id = h.product_id
            JOIN customer_identities i ON i.tenant_id = h.tenant_id AND i.customer_id = h.customer_id AND i.kind = 'member'
            WHERE h.tenant_id = ${s.a.tenantId} AND p.code IN ('NOODLE-H', 'RICE-H') ORDER BY 1, 2`,
      );
    const first = await holdings();
    expect(first.map((h) => [h.ref, h.code, h.count, h.source])).toEqual([
      ['M-H1', 'NOODLE-H', 2, 'event'],
      ['M-H1', 'RICE-H', 1, 'event'],
      ['M-H2', 'RICE-H', 1, 'event'],
    ]);
    expect(new Date(first[0].since).toISOString()).toBe('2026-03-01T04:00:00.000Z');
    // The sender retries the batch (same keys: no new events), and the job runs again on the same events.
    await send('POST', bearer(key), '/events/batch', { events: batch });
    await s.runJobs([linkEventsJob]);
    const ids = (
      await rows<{ id: string }>(
        s.t.ctx.db,
        sql`SELECT id FROM events WHERE tenant_id = ${s.a.tenantId} AND idempotency_key LIKE 'hold-%'`,
      )
    ).map((e) => e.id);
    expect(await linkEvents(s.t.ctx, s.a.tenantId, ids)).toBe(0);
    expect(await holdings()).toEqual(first);
    const links = await one<{ orders: number; returns: number }>(
      s.t.ctx.db,
      sql`SELECT count(*) FILTER (WHERE kind = 'order')::int AS orders, count(*) FILTER (WHERE kind = 'return')::int AS returns
          FROM product_event_links WHERE tenant_id = ${s.a.tenantId} AND product_id = ${rice.id}`,
    );
    expect(links).toEqual({ orders: 2, returns: 1 });

    // The customer page's list; another tenant and an out-of-scope store manager see no such customer.
    const customer = await one<{ customer_id: string }>(
      s.t.ctx.db,
      sql`SELECT customer_id FROM customer_identities WHERE tenant_id = ${s.a.tenantId} AND kind = 'member' AND value = 'M-H1'`,
    );
    const list = await send('GET', s.a.as('agent'), `/products/holdings?customerId=${customer!.customer_id}`);
    expect(list.statusCode, list.body).toBe(200);
    expect(ZHoldingList.parse(list.json()).items.map((i) => [i.code, i.count])).toEqual([
      ['NOODLE-H', 2],
      ['RICE-H', 1],
    ]);
    expect(
      (await send('GET', s.b.as('owner'), `/products/holdings?customerId=${customer!.customer_id}`)).statusCode,
    ).toBe(404);
    expect((await send('GET', s.a.as('agent'), '/products/holdings?customerId=x')).statusCode).toBe(422);
    expect(noodle.id).not.toBe(rice.id);

    // Tenant B's order names its own BEEF-1 and tenant A's code NOODLE-H: only B's product is held, in B.
    const keyB = (await send('POST', s.b.as('admin'), '/api-keys', { name: 'pos' })).json().key;
    const other = {
      ...order(9, 'M-H1', ['BEEF-1', 'NOODLE-H'], '2026-03-06T04:00:00Z'),
      orgUnitCode: s.b.units.S1.code,
    };
    expect((await send('POST', bearer(keyB), '/events/batch', { events: [other] })).statusCode).toBeLessThan(300);
    await s.runJobs([linkEventsJob]);
    const inB = await rows<{ code: string }>(
      s.t.ctx.db,
      sql`SELECT p.code FROM product_holdings h JOIN products p ON p.tenant_id = h.tenant_id AND p.id = h.product_id WHERE h.tenant_id = ${s.b.tenantId}`,
    );
    expect(inB.map((h) => h.code)).toEqual(['BEEF-1']);
    expect(await holdings()).toEqual(first);
  });

  it('imports holdings from JSON rows and CSV, reporting each bad row', async () => {
    await create(s.a, { code: 'IMP-1', name: '导入品', stage: 'launched' });
    await send('POST', s.a.as('admin'), '/customers', { identities: [{ kind: 'member', value: 'M-IMP' }] });
    await send('POST', s.a.as('admin'), '/customers', { identities: [{ kind: 'email', value: 'Li@Example.com' }] });
    const json = await send('POST', s.a.as('analyst'), '/products/holdings/import', {
      rows: [
        { externalId: 'M-IMP', productCode: 'IMP-1', since: '2025-12-01T00:00:00Z' },
        { email: 'li@example.com', productCode: 'IMP-1' },
        { externalId: 'M-NOBODY', productCode: 'IMP-1' },
        { externalId: 'M-IMP', productCode: 'NOPE' },
        { productCode: 'IMP-1' },
      ],
    });
    expect(json.statusCode, json.body).toBe(200);
    const r = ZHoldingImportResult.parse(json.json());
    expect(r.imported).toBe(2);
    expect(r.errors.map((e) => e.row)).toEqual([3, 4, 5]);
    expect(r.errors[0].message).toContain('M-NOBODY');
    const csv = await send('POST', s.a.as('admin'), '/products/holdings/import', {
      csv: 'externalId,productCode\nM-IMP,IMP-1\nM-IMP,\n',
    });
    expect(ZHoldingImportResult.parse(csv.json())).toMatchObject({ imported: 1, errors: [{ row: 3 }] });
    const held = await one<{ count: number; source: string; since: string }>(
      s.t.ctx.db,
      sql`SELECT h.count, h.source, h.since FROM product_holdings h JOIN customer_identities i ON i.tenant_id = h.tenant_id AND i.customer_id = h.customer_id
          WHERE h.tenant_id = ${s.a.tenantId} AND i.value = 'M-IMP'`,
    );
    expect(held).toMatchObject({ count: 2, source: 'import' });
    expect(new Date(held!.since).toISOString()).toBe('2025-12-01T00:00:00.000Z');
    expect((await send('POST', s.a.as('viewer'), '/products/holdings/import', { rows: [] })).statusCode).toBe(403);
    for (const body of [
      {},
      { rows: [], csv: 'a' },
      { rows: Array(5001).fill({ productCode: 'x' }) },
      { csv: 'foo,bar\n1,2' },
    ]) {
      const res = await send('POST', s.a.as('admin'), '/products/holdings/import', body);
      expect(res.statusCode, JSON.stringify(body).slice(0, 60)).toBe(422);
    }
  });
});

describe('scorecard', () => {
  it('equals a reference SQL on generated data, per month, within the caller’s subtree', async () => {
    const p = await create(s.a, { code: 'SC-1', name: '评分卡', stage: 'launched', targets: { nps: 20, csat: 4 } });
    await create(s.a, { code: 'SC-OTHER', name: '别的', stage: 'launched' });
    let seed = 7;
    const rnd = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const units = ['S1', 'S2', 'S3'] as const;
    const ids: string[] = [];
    for (let i = 0; i < 240; i++) {
      const day = 1 + Math.floor(rnd() * 28);
      const month = 1 + Math.floor(rnd() * 2);
      const at = `2026-0${month}-${String(day).padStart(2, '0')}T05:00:00Z`;
      const scores: Record<string, number> =
        rnd() < 0.7 ? { nps: Math.floor(rnd() * 11) } : { csat: 1 + Math.floor(rnd() * 5) };
      ids.push(await respond(units[i % 3], at, scores, i % 10 === 9 ? 'SC-OTHER' : 'SC-1'));
    }
    // Outside the window, and no product: not counted.
    await respond('S1', '2025-12-20T05:00:00Z', { nps: 0 }, 'SC-1');
    await respond('S1', '2026-01-15T05:00:00Z', { nps: 0 }, null);
    // Complaints: a negative topic hit on one of the product's responses; a ticket on two.
    const topicId = randomUUID();
    await s.t.ctx.db.execute(
      sql`INSERT INTO text_topics (tenant_id, id, code, name, name_en) VALUES (${s.a.tenantId}, ${topicId}, 'taste', '口味', 'Taste')`,
    );
    const analysisId = randomUUID();
    await s.t.ctx.db.execute(
      sql`INSERT INTO text_analyses (tenant_id, id, source_kind, source_id, occurred_at, text, language, sentiment, score, model_version, analysed_at)
          VALUES (${s.a.tenantId}, ${analysisId}, 'response', ${ids[0]}, now(), '太咸了', 'zh', 'negative', -0.8, 't', now())`,
    );
    await s.t.ctx.db.execute(
      sql`INSERT INTO text_topic_hits (tenant_id, analysis_id, topic_id, sentiment, occurred_at, source_kind)
          VALUES (${s.a.tenantId}, ${analysisId}, ${topicId}, 'negative', now(), 'response')`,
    );
    for (const [n, status] of [
      [900001, 'new'],
      [900002, 'closed'],
    ] as const)
      await s.t.ctx.db.execute(
        sql`INSERT INTO tickets (tenant_id, id, number, source, status, priority, title, org_unit_id, response_id)
            VALUES (${s.a.tenantId}, ${randomUUID()}, ${n}, 'response', ${status}, 'normal', 't', ${s.a.units.S1.id}, ${ids[n === 900001 ? 0 : 3]})`,
      );

    const reference = async (unitPaths: string | null) =>
      one<{ n: number; nps: number; cn: number; csat: number }>(
        s.t.ctx.db,
        sql`SELECT count(*) FILTER (WHERE r.scores ? 'nps')::int AS n,
                   (100.0 * (count(*) FILTER (WHERE (r.scores->>'nps')::int >= 9) - count(*) FILTER (WHERE (r.scores->>'nps')::int <= 6))
                     / nullif(count(*) FILTER (WHERE r.scores ? 'nps'), 0))::float8 AS nps,
                   count(*) FILTER (WHERE r.scores ? 'csat')::int AS cn, avg((r.scores->>'csat')::float8) AS csat
            FROM responses r JOIN org_units o ON o.tenant_id = r.tenant_id AND o.id = r.org_unit_id
            WHERE r.tenant_id = ${s.a.tenantId} AND r.context->>'productCode' = 'SC-1'
              AND r.submitted_at >= '2026-01-01T00:00:00+08:00' AND r.submitted_at < '2026-03-01T00:00:00+08:00'
              ${unitPaths ? sql`AND o.path LIKE ${`${unitPaths}%`}` : sql``}`,
      );
    const url = `/products/${p.id}/scorecard?from=2026-01-01&to=2026-02-28`;
    const res = await send('GET', s.a.as('analyst'), url);
    expect(res.statusCode, res.body).toBe(200);
    const sc = ZScorecard.parse(res.json());
    const ref = (await reference(null))!;
    expect(sc.nps.n).toBe(ref.n);
    expect(sc.nps.value).toBeCloseTo(ref.nps, 1);
    expect(sc.nps.ci![0]).toBeLessThan(sc.nps.value!);
    expect(sc.nps.ci![1]).toBeGreaterThan(sc.nps.value!);
    expect(sc.nps.vsTarget).toBeCloseTo(ref.nps - 20, 1);
    expect(sc.csat.n).toBe(ref.cn);
    expect(sc.csat.value).toBeCloseTo(ref.csat, 2);
    expect(sc.trend.map((m) => m.month)).toEqual(['2026-01', '2026-02']);
    expect(sc.trend.reduce((a, m) => a + m.npsN, 0)).toBe(ref.n);
    expect(sc.complaints).toEqual([{ topicId, code: 'taste', name: '口味', count: 1 }]);
    expect(sc.tickets).toEqual({ open: 1, closed: 1 });

    // A store manager of S1 sees S1's responses only; a unit outside their subtree is a 404.
    const mine = ZScorecard.parse((await send('GET', s.a.as('storeManager'), url)).json());
    const refS1 = (await reference(s.a.units.S1.path))!;
    expect(mine.nps.n).toBe(refS1.n);
    expect(mine.nps.n).toBeLessThan(sc.nps.n);
    expect(mine.nps.value).toBeCloseTo(refS1.nps, 1);
    expect(mine.tickets).toEqual({ open: 1, closed: 1 });
    const r1 = ZScorecard.parse((await send('GET', s.a.as('analyst'), `${url}&unitId=${s.a.units.R2.id}`)).json());
    expect(r1.nps.n).toBe((await reference(s.a.units.R2.path))!.n);
    expect((await send('GET', s.a.as('storeManager'), `${url}&unitId=${s.a.units.S3.id}`)).statusCode).toBe(404);
    expect((await send('GET', s.b.as('owner'), url)).statusCode).toBe(404);
    expect(
      (await send('GET', s.a.as('analyst'), `/products/${p.id}/scorecard?from=2026-03-01&to=2026-01-01`)).statusCode,
    ).toBe(422);
    expect(
      (await send('GET', s.a.as('analyst'), `/products/${p.id}/scorecard?from=2020-01-01&to=2026-01-01`)).statusCode,
    ).toBe(422);
    for (const bad of ['from=yesterday', 'from=0000-01-01&to=0000-02-01', 'to=2026-02-30', 'unitId=x', 'extra=1'])
      expect((await send('GET', s.a.as('analyst'), `/products/${p.id}/scorecard?${bad}`)).statusCode, bad).toBe(422);
  });

  it('counts returns against the orders that contained the product', async () => {
    const rice = (
      await rows<{ id: string }>(
        s.t.ctx.db,
        sql`SELECT id FROM products WHERE tenant_id = ${s.a.tenantId} AND code = 'RICE-H'`,
      )
    )[0];
    const sc = ZScorecard.parse(
      (await send('GET', s.a.as('analyst'), `/products/${rice.id}/scorecard?from=2026-03-01&to=2026-03-10`)).json(),
    );
    expect(sc).toMatchObject({ orders: 2, returns: 1, returnRate: 0.5, holders: 2 });
  });
});

describe('settings', () => {
  it('sets the order and return event types and default rules (managers only, validated)', async () => {
    expect((await send('GET', s.a.as('viewer'), '/products/settings')).json()).toMatchObject({
      orderEventTypes: ['order.completed'],
      returnEventTypes: ['order.returned'],
    });
    const body = {
      orderEventTypes: ['order.completed', 'order.delivered'],
      returnEventTypes: ['order.returned'],
      reviewRules: [{ metric: 'csat', below: 3.8, months: 3 }],
    };
    expect((await send('PUT', s.b.as('viewer'), '/products/settings', body)).statusCode).toBe(403);
    for (const bad of [
      { ...body, orderEventTypes: [] },
      { ...body, orderEventTypes: ['Not A Type'] },
      { ...body, reviewRules: Array(6).fill(body.reviewRules[0]) },
      { ...body, extra: 1 },
    ])
      expect((await send('PUT', s.b.as('admin'), '/products/settings', bad)).statusCode).toBe(422);
    const saved = await send('PUT', s.b.as('admin'), '/products/settings', body);
    expect(saved.json()).toEqual({ ...body, reviewRules: [{ metric: 'csat', below: 3.8, months: 3, minN: 10 }] });
    // Tenant A keeps its defaults.
    expect((await send('GET', s.a.as('viewer'), '/products/settings')).json().orderEventTypes).toEqual([
      'order.completed',
    ]);
  });
});

describe('review rules', () => {
  it('moves a launched product to review after two closed months below target, once, and tells its owner', async () => {
    const p = await create(s.a, {
      code: 'REV-1',
      name: '麻辣小龙虾',
      stage: 'launched',
      ownerId: s.a.users.analyst.id,
      targets: { nps: 30 },
    });
    const ok = await create(s.a, { code: 'REV-OK', name: '好评菜', stage: 'launched', targets: { nps: 0 } });
    // February and March: NPS −20 (3 promoters, 5 detractors, 2 passives of 10) for REV-1; +60 for REV-OK.
    for (const month of ['02', '03']) {
      for (let i = 0; i < 10; i++) {
        await respond('S1', `2026-${month}-1${i}T05:00:00Z`, { nps: i < 3 ? 10 : i < 8 ? 3 : 7 }, 'REV-1');
        await respond('S2', `2026-${month}-1${i}T05:00:00Z`, { nps: i < 7 ? 10 : 8 }, 'REV-OK');
      }
    }
    // In March only February has closed: not two months yet (SC-1, below its target in January and February, goes).
    s.t.clock.set('2026-03-31T10:00:00Z');
    expect(await evaluateReviews(s.t.ctx, s.a.tenantId)).not.toContain(p.id);
    s.t.clock.set('2026-04-01T02:00:00Z');
    expect(await evaluateReviews(s.t.ctx, s.a.tenantId)).toEqual([p.id]);
    expect(await evaluateReviews(s.t.ctx, s.a.tenantId)).toEqual([]);
    const after = ZProductDetail.parse((await send('GET', s.a.as('viewer'), `/products/${p.id}`)).json());
    expect(after.stage).toBe('review');
    expect(after.history[0]).toMatchObject({
      from: 'launched',
      to: 'review',
      by: null,
      rule: { metric: 'nps', months: 2 },
    });
    expect(after.history[0].note).toContain('2026-02: -20 (n=10); 2026-03: -20 (n=10)');
    expect((await send('GET', s.a.as('viewer'), `/products/${ok.id}`)).json().stage).toBe('launched');
    const bell = await rows<{ title: string; link: string }>(
      s.t.ctx.db,
      sql`SELECT subject AS title, link FROM notifications WHERE tenant_id = ${s.a.tenantId} AND channel = 'in_app' AND recipient = ${s.a.users.analyst.id} AND kind = 'system'`,
    );
    expect(bell).toEqual([{ title: '产品进入复盘 麻辣小龙虾 moved to review', link: `/products/${p.id}` }]);
    // Relaunched the same month: not moved again until the next month closes.
    expect(
      (await send('POST', s.a.as('analyst'), `/products/${p.id}/stage`, { to: 'launched', note: '改良' })).statusCode,
    ).toBe(200);
    expect(await evaluateReviews(s.t.ctx, s.a.tenantId)).toEqual([]);
    s.t.clock.set('2026-03-10T04:00:00Z');
  });
});
