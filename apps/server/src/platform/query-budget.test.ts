import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/harness.ts';
import { one, sql } from './db.ts';
import { createHttp } from './http.ts';
import { currentBudget, withQueryLane } from './query-budget.ts';

const embedded = !process.env.TEST_DATABASE_URL;
let env: TestApp;
let http: FastifyInstance;
/** Called when the submit-like handler starts, so a test knows its query is queued behind a held connection. */
let submitEntered: (() => void) | undefined;

beforeAll(async () => {
  // A request budget of 300 ms; jobs keep the default five minutes.
  env = await createTestApp({ config: { queryTimeoutMs: 300 } });
  // Routes that read like any console route: they run in the request lane through the shared HTTP plumbing.
  http = await createHttp({ bodyLimit: 1024, logLevel: 'silent', publicUrl: 'http://127.0.0.1' });
  http.get('/slow', async () => {
    await env.ctx.db.execute(sql`SELECT pg_sleep(3)`);
    return { ok: true };
  });
  http.get('/quick', async () => one<{ n: number }>(env.ctx.db, sql`SELECT 1 AS n`));
  http.get('/submit-like', { config: { dbLane: 'short' } }, async () => {
    submitEntered?.();
    return one<{ n: number }>(env.ctx.db, sql`SELECT 2 AS n`);
  });
  await http.ready();
});
afterAll(async () => {
  await http.close();
  await env.close();
});

/**
 * Holds the embedded database's one connection, as a long job would, with an open transaction the test ends itself
 * (not a timed sleep, which a loaded machine may not have started yet). Resolves once the connection is held.
 */
async function hold(): Promise<{ release: () => void; done: Promise<unknown> }> {
  let release!: () => void;
  const gate = new Promise<void>((r) => {
    release = r;
  });
  let begun!: () => void;
  const started = new Promise<void>((r) => {
    begun = r;
  });
  const done = withQueryLane('background', () =>
    env.ctx.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT 1`);
      begun();
      await gate;
    }),
  );
  await started;
  return { release, done };
}

describe('query budget: a slow query degrades itself, not the server', () => {
  it.skipIf(embedded)(
    'PostgreSQL: a request statement past its budget is cancelled and answers 503 problem+json; the server stays responsive',
    async () => {
      const res = await http.inject({ method: 'GET', url: '/slow' });
      expect(res.statusCode).toBe(503);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({
        status: 503,
        type: 'https://loopcx.dev/errors/unavailable',
        reason: 'query_timeout',
        detail: expect.stringContaining('narrow the filter'),
      });
      expect((await env.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      expect((await env.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
      expect((await http.inject({ method: 'GET', url: '/quick' })).json()).toEqual({ n: 1 });
    },
  );

  it('a background job keeps its longer budget: the same kind of statement completes outside a request', async () => {
    const r = await withQueryLane('background', () =>
      one<{ ok: boolean }>(env.ctx.db, sql`SELECT true AS ok FROM pg_sleep(0.5)`),
    );
    expect(r).toEqual({ ok: true });
  });

  it.skipIf(!embedded)(
    'PGlite: a request query that cannot get the connection within its budget answers 503 instead of piling up; the server answers meanwhile',
    async () => {
      const held = await hold();
      const res = await http.inject({ method: 'GET', url: '/quick' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ status: 503, reason: 'query_timeout' });
      // healthz needs no database and answers while the connection is held.
      expect((await env.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      held.release();
      await held.done;
      expect((await http.inject({ method: 'GET', url: '/quick' })).json()).toEqual({ n: 1 });
    },
  );

  it.skipIf(!embedded)(
    'PGlite: short-lane queries (survey submit, sessions) run before queued console and job queries, and are never refused',
    async () => {
      // The connection is held by an open transaction (see hold()): the three queries queue behind it, and it is
      // released only once all three are waiting, however slow the machine.
      const held = await hold();
      const order: string[] = [];
      const track = (name: string, p: Promise<unknown>) => p.then(() => order.push(name));
      const job = track(
        'job',
        withQueryLane('background', () => one(env.ctx.db, sql`SELECT 'job'`)),
      );
      const consoleRead = track(
        'console',
        withQueryLane('request', () => one(env.ctx.db, sql`SELECT 'console'`), 0),
      );
      const entered = new Promise<void>((resolve) => {
        submitEntered = resolve;
      });
      const submit = http.inject({ method: 'GET', url: '/submit-like' }).then((r) => {
        order.push('submit');
        return r;
      });
      await entered;
      submitEntered = undefined;
      // The handler has started its query; let it reach the database thread's queue, then end the transaction.
      await new Promise((r) => setTimeout(r, 300));
      expect(order).toEqual([]);
      held.release();
      await Promise.all([held.done, job, consoleRead]);
      const res = await submit;
      // The submit route waited longer than the 300 ms request budget behind the held connection, and still ran.
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ n: 2 });
      expect(order).toEqual(['submit', 'console', 'job']);
    },
  );

  it('the lane follows the route into authentication and the handler', async () => {
    const h = await createHttp({ bodyLimit: 1024, logLevel: 'silent', publicUrl: 'http://127.0.0.1' });
    h.get('/lane', async () => currentBudget());
    h.get('/short', { config: { dbLane: 'short' } }, async () => {
      await new Promise((r) => setImmediate(r));
      return currentBudget();
    });
    await h.ready();
    expect((await h.inject({ method: 'GET', url: '/lane' })).json()).toEqual({ lane: 'request', timeoutMs: 300 });
    expect((await h.inject({ method: 'GET', url: '/short' })).json()).toEqual({ lane: 'short', timeoutMs: 300 });
    await h.close();
  });
});
