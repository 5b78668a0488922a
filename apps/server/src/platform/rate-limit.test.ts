import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestTenant, problem, type TestApp, type TestTenant } from '../testing/harness.ts';
import { rows, sql } from './db.ts';
import { sha256 } from './passwords.ts';
import { countHit } from './rate-limit.ts';

let t: TestApp;
let a: TestTenant;

beforeAll(async () => {
  // Small budgets and a long window, so the test does not depend on how fast the machine sends.
  t = await createTestApp({ config: { rateLimitKey: 3, rateLimitIp: 3, rateLimitWindowMs: 3600_000 } });
  a = await createTestTenant(t.ctx);
});
afterAll(async () => t?.close());

describe('HTTP rate limits (issue 21)', () => {
  it('counts every node’s hits of a bucket in one database row; a new window starts from one', async () => {
    const bucket = `test:${randomUUID()}`;
    const hits = [];
    // Two nodes are two processes writing the same row; here, concurrent callers of one database.
    for (let i = 0; i < 5; i++) hits.push(countHit(t.ctx.db, bucket, 3600_000));
    const counts = (await Promise.all(hits)).map((h) => h.current).sort();
    expect(counts).toEqual([1, 2, 3, 4, 5]);
    const later = await countHit(t.ctx.db, bucket, 3600_000);
    expect(later.current).toBe(6);
    expect(later.ttl).toBeGreaterThan(3500_000);
  });

  it('an API key past its budget gets 429 problem+json with Retry-After; another key is not affected', async () => {
    const newKey = async (name: string) => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/api-keys',
        headers: a.as('admin'),
        payload: { name },
      });
      expect(res.statusCode, res.body).toBe(201);
      return (res.json() as { key: string }).key;
    };
    const key = await newKey('POS fleet');
    const other = await newKey('ETL');
    const me = (k: string) =>
      t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${k}` } });
    for (let i = 0; i < 3; i++) expect((await me(key)).statusCode).toBe(200);
    const refused = await me(key);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(problem(refused).detail).toMatch(/with this API key/);
    expect((await me(other)).statusCode).toBe(200);
    // Console sessions are not counted against any key budget.
    for (let i = 0; i < 5; i++)
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: a.as('viewer') })).statusCode).toBe(200);
  });

  it('a client address past its budget on the public endpoints gets 429; another address is not affected', async () => {
    const from = (remoteAddress: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: {}, remoteAddress });
    const ip = `2001:db8::${randomUUID().slice(0, 4)}`;
    for (let i = 0; i < 3; i++) expect((await from(ip)).statusCode).toBe(422);
    const refused = await from(ip);
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(problem(refused).status).toBe(429);
    expect((await from(`2001:db8::1:${randomUUID().slice(0, 4)}`)).statusCode).toBe(422);
  });
});

// REDIS_URL: the counters live in Redis. Runs where a Redis is given (TEST_REDIS_URL; .ci/run gives the local one).
describe.runIf(process.env.TEST_REDIS_URL)('HTTP rate limits in Redis (REDIS_URL)', () => {
  it('counts an API key in Redis, where another node adds to the same budget', async () => {
    const r = await createTestApp({
      config: { rateLimitKey: 3, rateLimitIp: 0, rateLimitWindowMs: 3600_000, redisUrl: process.env.TEST_REDIS_URL },
    });
    const other = new Redis(process.env.TEST_REDIS_URL as string);
    try {
      const tenant = await createTestTenant(r.ctx);
      const created = await r.app.inject({
        method: 'POST',
        url: '/api/v1/api-keys',
        headers: tenant.as('admin'),
        payload: { name: 'POS' },
      });
      const key = (created.json() as { key: string }).key;
      const me = () => r.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${key}` } });
      expect((await me()).statusCode).toBe(200);
      const counter = `loopcx-rl:key:${sha256(key)}`;
      expect(await other.get(counter)).toBe('1');
      // Another node's request, counted in the same Redis key.
      await other.incr(counter);
      expect((await me()).statusCode).toBe(200);
      const refused = await me();
      expect(refused.statusCode).toBe(429);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      // Nothing was counted in the database.
      expect(
        await rows(r.ctx.db, sql`SELECT 1 FROM rate_limit_counters WHERE bucket = ${`key:${sha256(key)}`}`),
      ).toEqual([]);
    } finally {
      other.disconnect();
      await r.close();
    }
  });
});
