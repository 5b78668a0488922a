import { randomUUID } from 'node:crypto';
import { ZProductDetail } from '@loopcx/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { one, rows, sql } from '../../platform/db.ts';
import { problem, setupTestSuite, type TestTenant } from '../../testing/harness.ts';
import { BACKFILL_BATCH, backfillBatch } from './commands/backfill-links.ts';
import { linkEvents } from './commands/link-events.ts';
import { backfillLinksJob, linkEventsJob } from './jobs.ts';

const s = setupTestSuite();
const send = (method: string, headers: Record<string, string>, url: string, payload?: unknown) =>
  s.inject({ method: method as 'GET', url: `/api/v1${url}`, headers, payload: payload as object });

beforeAll(() => s.t.clock.set('2026-04-10T04:00:00Z'));

/** Stores `n` events of `type` for tenant `t` directly (as an old import would have), `ties` sharing each instant. */
async function storeEvents(t: TestTenant, o: { type: string; n: number; ties: number; props: object; prefix: string }) {
  await s.t.ctx.db.execute(
    sql`INSERT INTO events (tenant_id, id, type, occurred_at, org_unit_id, customer_ref, properties)
        SELECT ${t.tenantId}::uuid, gen_random_uuid(), ${o.type},
               '2026-01-01T04:00:00Z'::timestamptz + make_interval(mins => (g / ${o.ties})::int),
               ${t.units.S1.id}::uuid, ${o.prefix} || (g % 7), ${JSON.stringify(o.props)}::jsonb
        FROM generate_series(0, ${o.n - 1}) g`,
  );
}

/** Runs backfill jobs until none is left (each job is one batch that chains the next). */
async function drain() {
  let jobs = 0;
  for (let ran = await s.runJobs([backfillLinksJob]); ran > 0; ran = await s.runJobs([backfillLinksJob])) jobs += ran;
  return jobs;
}

const detail = async (t: TestTenant, id: string, role = 'analyst') => {
  const res = await send('GET', t.as(role), `/products/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return ZProductDetail.parse(res.json());
};

const linksOf = (t: TestTenant, productId: string) =>
  one<{ orders: number; returns: number }>(
    s.t.ctx.db,
    sql`SELECT count(*) FILTER (WHERE kind = 'order')::int AS orders, count(*) FILTER (WHERE kind = 'return')::int AS returns
        FROM product_event_links WHERE tenant_id = ${t.tenantId} AND product_id = ${productId}`,
  );

const holdingsOf = (t: TestTenant, productId: string) =>
  rows<{ ref: string; count: number; since: string }>(
    s.t.ctx.db,
    sql`SELECT i.value AS ref, h.count, h.since::text AS since FROM product_holdings h
        JOIN customer_identities i ON i.tenant_id = h.tenant_id AND i.customer_id = h.customer_id AND i.kind = 'member'
        WHERE h.tenant_id = ${t.tenantId} AND h.product_id = ${productId} ORDER BY 1`,
  );

describe('link backfill', () => {
  it('links orders stored before the product existed, in batches across ties, once however often it runs', async () => {
    // More than two batches, 40 events per instant, so batch boundaries fall inside runs of equal occurred_at.
    const n = 2 * BACKFILL_BATCH + 300;
    await storeEvents(s.a, {
      type: 'order.completed',
      n,
      ties: 40,
      prefix: 'M-BF',
      props: { lines: [{ sku: 'BF-1' }] },
    });
    await storeEvents(s.a, { type: 'order.returned', n: 30, ties: 1, prefix: 'M-BF', props: { productCode: 'BF-1' } });
    const created = await send('POST', s.a.as('analyst'), '/products', {
      code: 'BF-1',
      name: '回填',
      stage: 'launched',
    });
    expect(created.statusCode, created.body).toBe(201);
    const p = ZProductDetail.parse(created.json());
    expect(p.backfill).toMatchObject({ status: 'running', reasons: ['product'], orders: 0, finishedAt: null });
    expect(await linksOf(s.a, p.id)).toEqual({ orders: 0, returns: 0 });

    expect(await drain()).toBe(4); // three batches of orders, one of returns
    expect(await linksOf(s.a, p.id)).toEqual({ orders: n, returns: 30 });
    const held = await holdingsOf(s.a, p.id);
    expect(held.map((h) => h.ref)).toEqual(['M-BF0', 'M-BF1', 'M-BF2', 'M-BF3', 'M-BF4', 'M-BF5', 'M-BF6']);
    expect(held.reduce((sum, h) => sum + h.count, 0)).toBe(n);
    const shown = await detail(s.a, p.id);
    expect(shown.backfill).toMatchObject({ status: 'done', orders: n, returns: 30, scanned: n + 30 });
    expect(shown.backfill?.finishedAt).toBeTruthy();
    expect(shown.holders).toBe(7);
    // A store manager sees the run's state but not the tenant-wide counts.
    const scoped = await detail(s.a, p.id, 'storeManager');
    expect(scoped.backfill).toMatchObject({ status: 'done', orders: null, returns: null, scanned: null });

    // On demand, an hour later: nothing is added twice.
    s.t.clock.set('2026-04-10T05:00:00Z');
    const relink = await send('POST', s.a.as('admin'), `/products/${p.id}/relink`, {});
    expect(relink.statusCode, relink.body).toBe(202);
    expect(ZProductDetail.parse(relink.json()).backfill).toMatchObject({ status: 'running', reasons: ['relink'] });
    await drain();
    expect(await linksOf(s.a, p.id)).toEqual({ orders: n, returns: 30 });
    expect(await holdingsOf(s.a, p.id)).toEqual(held);
    expect((await detail(s.a, p.id)).backfill).toMatchObject({ status: 'done', orders: 0, returns: 0 });
    const audit = await rows<{ action: string; target_id: string }>(
      s.t.ctx.db,
      sql`SELECT action, target_id FROM audit_log WHERE tenant_id = ${s.a.tenantId} AND action = 'product.relink'`,
    );
    expect(audit).toEqual([{ action: 'product.relink', target_id: p.id }]);
  });

  it('racing the live job adds each order once', async () => {
    await storeEvents(s.a, {
      type: 'order.completed',
      n: 500,
      ties: 3,
      prefix: 'M-RC',
      props: { productCode: 'RACE-1' },
    });
    const p = ZProductDetail.parse(
      (await send('POST', s.a.as('analyst'), '/products', { code: 'RACE-1', name: '竞速', stage: 'launched' })).json(),
    );
    const ids = (
      await rows<{ id: string }>(
        s.t.ctx.db,
        sql`SELECT id FROM events WHERE tenant_id = ${s.a.tenantId} AND customer_ref LIKE 'M-RC%'`,
      )
    ).map((e) => e.id);
    // The live path (as if the listener had queued them) and the backfill at once; on PostgreSQL they overlap.
    await Promise.all([linkEvents(s.t.ctx, s.a.tenantId, ids.slice(0, 300)), drain()]);
    await linkEvents(s.t.ctx, s.a.tenantId, ids);
    expect(await linksOf(s.a, p.id)).toEqual({ orders: 500, returns: 0 });
    const held = await holdingsOf(s.a, p.id);
    expect(held.reduce((sum, h) => sum + h.count, 0)).toBe(500);
    expect(held[0].since).toMatch(/^2026-01-01 0?4:00:00/);
  });

  it('a settings change links the stored events of the new order type; requests while one runs wait queued', async () => {
    const p = ZProductDetail.parse(
      (await send('POST', s.a.as('analyst'), '/products', { code: 'TAKE-1', name: '外卖', stage: 'launched' })).json(),
    );
    await drain();
    await storeEvents(s.a, { type: 'delivery.done', n: 50, ties: 1, prefix: 'M-TK', props: { productCode: 'TAKE-1' } });
    const put = (types: string[]) =>
      send('PUT', s.a.as('admin'), '/products/settings', {
        orderEventTypes: types,
        returnEventTypes: ['order.returned'],
        reviewRules: [],
      });
    expect((await put(['order.completed', 'delivery.done'])).statusCode).toBe(200);
    // A product created while that run goes on waits for it in a queued run, joined by the next request.
    const q = ZProductDetail.parse(
      (await send('POST', s.a.as('analyst'), '/products', { code: 'TAKE-2', name: '外卖二', stage: 'test' })).json(),
    );
    expect(q.backfill).toMatchObject({ status: 'queued', reasons: ['product'] });
    await send('POST', s.a.as('admin'), `/products/${p.id}/relink`, {});
    const open = await rows<{ status: string; reasons: string[] }>(
      s.t.ctx.db,
      sql`SELECT status, reasons FROM product_link_backfills WHERE tenant_id = ${s.a.tenantId} AND status <> 'done' ORDER BY status`,
    );
    expect(open).toEqual([
      { status: 'queued', reasons: ['product', 'relink'] },
      { status: 'running', reasons: ['settings'] },
    ]);
    await drain();
    expect(await linksOf(s.a, p.id)).toEqual({ orders: 50, returns: 0 });
    expect((await detail(s.a, q.id)).backfill).toMatchObject({ status: 'done', reasons: ['product', 'relink'] });
    // The same types again start nothing.
    expect((await put(['delivery.done', 'order.completed'])).statusCode).toBe(200);
    expect(await s.runJobs([backfillLinksJob])).toBe(0);
    // Tenant B's run never saw A's events.
    const b = ZProductDetail.parse(
      (await send('POST', s.b.as('admin'), '/products', { code: 'TAKE-1', name: 'B', stage: 'launched' })).json(),
    );
    await drain();
    expect(await linksOf(s.b, b.id)).toEqual({ orders: 0, returns: 0 });
    expect((await detail(s.b, b.id, 'admin')).backfill).toMatchObject({ status: 'done', scanned: 0 });
  });

  it('a job for a finished or unknown run does nothing', async () => {
    const done = await one<{ id: string }>(
      s.t.ctx.db,
      sql`SELECT id FROM product_link_backfills WHERE tenant_id = ${s.a.tenantId} AND status = 'done' LIMIT 1`,
    );
    const before = await one(s.t.ctx.db, sql`SELECT count(*)::int AS n FROM product_event_links`);
    expect(await s.t.ctx.db.transaction((tx) => backfillBatch(tx, s.a.tenantId, done!.id, new Date()))).toBe(false);
    expect(await s.t.ctx.db.transaction((tx) => backfillBatch(tx, s.a.tenantId, randomUUID(), new Date()))).toBe(false);
    expect(await one(s.t.ctx.db, sql`SELECT count(*)::int AS n FROM product_event_links`)).toEqual(before);
    expect(await s.runJobs([linkEventsJob, backfillLinksJob])).toBe(0);
  });

  it('a run whose job died (parked after its retries) is resumed by the next request, from its cursor', async () => {
    await storeEvents(s.a, {
      type: 'order.completed',
      n: BACKFILL_BATCH + 200,
      ties: 5,
      prefix: 'M-DD',
      props: { productCode: 'DEAD-1' },
    });
    const p = ZProductDetail.parse(
      (await send('POST', s.a.as('analyst'), '/products', { code: 'DEAD-1', name: '续跑', stage: 'launched' })).json(),
    );
    expect(await s.runJobs([backfillLinksJob])).toBe(1); // the first batch commits its cursor
    // The chained job fails until the runner parks it: the run stays 'running' with no live job behind it.
    await s.t.ctx.db.execute(
      sql`UPDATE jobs SET dead_at = now(), last_error = 'boom' WHERE tenant_id = ${s.a.tenantId} AND kind = ${backfillLinksJob.kind}`,
    );
    expect(await s.runJobs([backfillLinksJob])).toBe(0);
    expect((await detail(s.a, p.id, 'admin')).backfill).toMatchObject({ status: 'running' });
    // A new request does not queue behind the dead run for ever: it resumes it, then the queued run follows.
    expect((await send('POST', s.a.as('admin'), `/products/${p.id}/relink`, {})).statusCode).toBe(202);
    await drain();
    expect(await linksOf(s.a, p.id)).toEqual({ orders: BACKFILL_BATCH + 200, returns: 0 });
    const open = await one<{ n: number }>(
      s.t.ctx.db,
      sql`SELECT count(*)::int AS n FROM product_link_backfills WHERE tenant_id = ${s.a.tenantId} AND status <> 'done'`,
    );
    expect(open).toEqual({ n: 0 });
    await s.t.ctx.db.execute(sql`DELETE FROM jobs WHERE tenant_id = ${s.a.tenantId} AND dead_at IS NOT NULL`);
  });

  it('relink answers 401, 403, 404 across tenants and 422 with the problem shape', async () => {
    const p = ZProductDetail.parse(
      (await send('POST', s.a.as('analyst'), '/products', { code: 'SEC-1', name: '安全', stage: 'concept' })).json(),
    );
    expect((await s.inject({ method: 'POST', url: `/api/v1/products/${p.id}/relink`, payload: {} })).statusCode).toBe(
      401,
    );
    expect((await send('POST', s.a.as('agent'), `/products/${p.id}/relink`, {})).statusCode).toBe(403);
    expect((await send('POST', s.b.as('admin'), `/products/${p.id}/relink`, {})).statusCode).toBe(404);
    const bad = await send('POST', s.a.as('admin'), '/products/not-an-id/relink', {});
    expect(bad.statusCode).toBe(422);
    expect(problem(bad).invalidParams?.[0]?.name).toBe('id');
    expect((await send('POST', s.a.as('admin'), `/products/${p.id}/relink`, { all: true })).statusCode).toBe(422);
    await drain();
  });
});
