import { ZApiKeyResponse } from '@loopcx/shared';
import { describe, expect, it } from 'vitest';
import { sql } from '../../platform/db.ts';
import { problem, setupTestSuite } from '../../testing/harness.ts';

const env = setupTestSuite();

describe('/api/v1/api-keys', () => {
  it('creates a key shown once, stored hashed, usable as a bearer token', async () => {
    const res = await env.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: env.a.as('admin'),
      payload: { name: 'POS' },
    });
    expect(res.statusCode).toBe(201);
    const { id, key } = res.json();
    expect(key).toMatch(/^lcx_/);
    const list = (await env.inject({ method: 'GET', url: '/api/v1/api-keys', headers: env.a.as('admin') })).json()
      .items;
    expect(JSON.stringify(list)).not.toContain(key);
    const stored = (await env.t.ctx.db.execute(sql`SELECT key_hash FROM api_keys WHERE id = ${id}`)) as unknown as {
      rows: Array<{ key_hash: string }>;
    };
    expect(stored.rows[0].key_hash).not.toContain(key);
    const me = await env.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${key}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ kind: 'apiKey', role: 'admin' });
    const units = await env.inject({
      method: 'GET',
      url: '/api/v1/org-units',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(units.json().items).toHaveLength(7);
  });

  it('a key scoped to a store sees only that store', async () => {
    const { key } = (
      await env.inject({
        method: 'POST',
        url: '/api/v1/api-keys',
        headers: env.a.as('owner'),
        payload: { name: 'store POS', role: 'viewer', orgUnitId: env.a.units.S1.id },
      })
    ).json();
    const units = await env.inject({
      method: 'GET',
      url: '/api/v1/org-units',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(units.json().items.map((u: { id: string }) => u.id)).toEqual([env.a.units.S1.id]);
  });

  it('revoking stops the key', async () => {
    const { id, key } = (
      await env.inject({
        method: 'POST',
        url: '/api/v1/api-keys',
        headers: env.a.as('admin'),
        payload: { name: 'ETL' },
      })
    ).json();
    expect(
      (await env.inject({ method: 'DELETE', url: `/api/v1/api-keys/${id}`, headers: env.a.as('admin') })).statusCode,
    ).toBe(204);
    const res = await env.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${key}` } });
    expect(res.statusCode).toBe(401);
    problem(res);
  });

  it('a key revoked through another node is refused here on the next request (issue 21, break 7)', async () => {
    const { id, key } = (
      await env.inject({
        method: 'POST',
        url: '/api/v1/api-keys',
        headers: env.a.as('admin'),
        payload: { name: 'POS fleet' },
      })
    ).json();
    const me = () => env.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${key}` } });
    expect((await me()).statusCode).toBe(200);
    // Another node's revoke: the row changes, this process hears nothing.
    await env.t.ctx.db.execute(
      sql`UPDATE api_keys SET revoked_at = now() WHERE tenant_id = ${env.a.tenantId} AND id = ${id}`,
    );
    const res = await me();
    expect(res.statusCode).toBe(401);
    problem(res);
  });

  it('403 for analysts, managers and keys themselves; 404 across tenants', async () => {
    for (const who of ['analyst', 'manager', 'agent', 'viewer']) {
      expect(
        (await env.inject({ method: 'POST', url: '/api/v1/api-keys', headers: env.a.as(who), payload: { name: 'x' } }))
          .statusCode,
        who,
      ).toBe(403);
    }
    const { key, id } = (
      await env.inject({ method: 'POST', url: '/api/v1/api-keys', headers: env.a.as('admin'), payload: { name: 'k' } })
    ).json();
    expect(
      (
        await env.inject({
          method: 'POST',
          url: '/api/v1/api-keys',
          headers: { authorization: `Bearer ${key}` },
          payload: { name: 'child' },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await env.inject({ method: 'DELETE', url: `/api/v1/api-keys/${id}`, headers: env.b.as('owner') })).statusCode,
    ).toBe(404);
    expect(
      (
        await env.inject({
          method: 'POST',
          url: '/api/v1/api-keys',
          headers: env.a.as('admin'),
          payload: { name: 'k', orgUnitId: env.b.units.HQ.id },
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await env.inject({ method: 'POST', url: '/api/v1/api-keys', headers: env.a.as('admin'), payload: { name: '' } }))
        .statusCode,
    ).toBe(422);
    expect(
      (
        await env.inject({
          method: 'POST',
          url: '/api/v1/api-keys',
          headers: env.a.as('admin'),
          payload: { name: 'k', role: 'owner' },
        })
      ).statusCode,
    ).toBe(422);
  });

  it('answers the declared contract only (no key hash, no tenant id) and documents it in OpenAPI', async () => {
    await env.inject({ method: 'POST', url: '/api/v1/api-keys', headers: env.a.as('admin'), payload: { name: 'CRM' } });
    const list = (await env.inject({ method: 'GET', url: '/api/v1/api-keys', headers: env.a.as('admin') })).json()
      .items as Array<Record<string, unknown>>;
    expect(list.length).toBeGreaterThan(0);
    for (const k of list) expect(Object.keys(k).sort()).toEqual(Object.keys(ZApiKeyResponse.shape).sort());
    const doc = (await env.inject({ method: 'GET', url: '/api/docs' })).json();
    const answer = doc.paths['/api/v1/api-keys'].get.responses['200'].content['application/json'].schema;
    expect(Object.keys(answer.properties.items.items.properties)).not.toContain('keyHash');
    expect(answer.properties.items.items.properties.prefix).toBeDefined();
  });
});
