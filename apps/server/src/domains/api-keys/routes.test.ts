import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgetApiKey } from '../../platform/auth.ts';
import { sql } from '../../platform/db.ts';
import { createTestApp, createTestTenant, injector, problem, type TestApp, type TestTenant } from '../../testing/harness.ts';

let t: TestApp;
let a: TestTenant;
let b: TestTenant;
let inject: ReturnType<typeof injector>;

beforeAll(async () => {
  t = await createTestApp();
  a = await createTestTenant(t.ctx);
  b = await createTestTenant(t.ctx);
  inject = injector(t);
});
afterAll(async () => t.close());

describe('/api/v1/api-keys', () => {
  it('creates a key shown once, stored hashed, usable as a bearer token', async () => {
    const res = await inject({ method: 'POST', url: '/api/v1/api-keys', headers: a.as('admin'), payload: { name: 'POS' } });
    expect(res.statusCode).toBe(201);
    const { id, key } = res.json();
    expect(key).toMatch(/^lcx_/);
    const list = (await inject({ method: 'GET', url: '/api/v1/api-keys', headers: a.as('admin') })).json().items;
    expect(JSON.stringify(list)).not.toContain(key);
    const stored = (await t.ctx.db.execute(sql`SELECT key_hash FROM api_keys WHERE id = ${id}`)) as unknown as { rows: Array<{ key_hash: string }> };
    expect(stored.rows[0].key_hash).not.toContain(key);
    const me = await inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${key}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ kind: 'apiKey', role: 'admin' });
    const units = await inject({ method: 'GET', url: '/api/v1/org-units', headers: { authorization: `Bearer ${key}` } });
    expect(units.json().items).toHaveLength(7);
  });

  it('a key scoped to a store sees only that store', async () => {
    const { key } = (await inject({ method: 'POST', url: '/api/v1/api-keys', headers: a.as('owner'), payload: { name: 'store POS', role: 'viewer', orgUnitId: a.units.S1.id } })).json();
    const units = await inject({ method: 'GET', url: '/api/v1/org-units', headers: { authorization: `Bearer ${key}` } });
    expect(units.json().items.map((u: { id: string }) => u.id)).toEqual([a.units.S1.id]);
  });

  it('revoking stops the key', async () => {
    const { id, key } = (await inject({ method: 'POST', url: '/api/v1/api-keys', headers: a.as('admin'), payload: { name: 'ETL' } })).json();
    expect((await inject({ method: 'DELETE', url: `/api/v1/api-keys/${id}`, headers: a.as('admin') })).statusCode).toBe(204);
    forgetApiKey();
    const res = await inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${key}` } });
    expect(res.statusCode).toBe(401);
    problem(res);
  });

  it('403 for analysts, managers and keys themselves; 404 across tenants', async () => {
    for (const who of ['analyst', 'manager', 'agent', 'viewer']) {
      expect((await inject({ method: 'POST', url: '/api/v1/api-keys', headers: a.as(who), payload: { name: 'x' } })).statusCode, who).toBe(403);
    }
    const { key, id } = (await inject({ method: 'POST', url: '/api/v1/api-keys', headers: a.as('admin'), payload: { name: 'k' } })).json();
    expect((await inject({ method: 'POST', url: '/api/v1/api-keys', headers: { authorization: `Bearer ${key}` }, payload: { name: 'child' } })).statusCode).toBe(403);
    expect((await inject({ method: 'DELETE', url: `/api/v1/api-keys/${id}`, headers: b.as('owner') })).statusCode).toBe(404);
    expect((await inject({ method: 'POST', url: '/api/v1/api-keys', headers: a.as('admin'), payload: { name: 'k', orgUnitId: b.units.HQ.id } })).statusCode).toBe(404);
    expect((await inject({ method: 'POST', url: '/api/v1/api-keys', headers: a.as('admin'), payload: { name: '' } })).statusCode).toBe(422);
    expect((await inject({ method: 'POST', url: '/api/v1/api-keys', headers: a.as('admin'), payload: { name: 'k', role: 'owner' } })).statusCode).toBe(422);
  });
});
