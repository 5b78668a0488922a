import { ZOrgUnitResponse } from '@loopcx/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  createTestTenant,
  injector,
  problem,
  type TestApp,
  type TestTenant,
} from '../../testing/harness.ts';

let t: TestApp;
let a: TestTenant;
let b: TestTenant;

beforeAll(async () => {
  t = await createTestApp();
  a = await createTestTenant(t.ctx);
  b = await createTestTenant(t.ctx);
});
afterAll(async () => t.close());

const inject = (opts: Parameters<ReturnType<typeof injector>>[0]) => injector(t)(opts);

describe('GET /api/v1/org-units', () => {
  it('answers 401 without a session', async () => {
    const res = await inject({ method: 'GET', url: '/api/v1/org-units' });
    expect(res.statusCode).toBe(401);
    expect(problem(res).title).toBe('Authentication required');
  });

  it('shows the owner the whole tree and nothing of another tenant', async () => {
    const res = await inject({ method: 'GET', url: '/api/v1/org-units', headers: a.as('owner') });
    expect(res.statusCode).toBe(200);
    const codes = res.json().items.map((u: { code: string }) => u.code);
    expect(codes).toHaveLength(7);
    expect(codes.every((c: string) => c.startsWith(a.slug))).toBe(true);
  });

  it('clips a region manager to the region subtree and a store manager to the store', async () => {
    const region = await inject({ method: 'GET', url: '/api/v1/org-units', headers: a.as('manager') });
    expect(
      region
        .json()
        .items.map((u: { code: string }) => u.code)
        .sort(),
    ).toEqual([a.units.R1.code, a.units.C1.code, a.units.S1.code, a.units.S2.code].sort());
    const store = await inject({ method: 'GET', url: '/api/v1/org-units', headers: a.as('storeManager') });
    expect(store.json().items.map((u: { code: string }) => u.code)).toEqual([a.units.S1.code]);
  });

  it('answers 404 for another tenant’s unit and for a unit outside the caller’s subtree', async () => {
    const other = await inject({ method: 'GET', url: `/api/v1/org-units/${b.units.S1.id}`, headers: a.as('owner') });
    expect(other.statusCode).toBe(404);
    problem(other);
    const outside = await inject({
      method: 'GET',
      url: `/api/v1/org-units/${a.units.S3.id}`,
      headers: a.as('manager'),
    });
    expect(outside.statusCode).toBe(404);
  });
});

describe('POST /api/v1/org-units', () => {
  it('creates a store under a city and rejects a duplicate code with 409', async () => {
    const body = { parentId: a.units.C1.id, code: `${a.slug}-NEW`, name: '新店 <b>', kind: 'store' };
    const res = await inject({ method: 'POST', url: '/api/v1/org-units', headers: a.as('admin'), payload: body });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ code: body.code, name: '新店 <b>', depth: 3, parentId: a.units.C1.id });
    const dup = await inject({ method: 'POST', url: '/api/v1/org-units', headers: a.as('admin'), payload: body });
    expect(dup.statusCode).toBe(409);
    expect(problem(dup).invalidParams?.[0].name).toBe('code');
  });

  it('forbids analysts and managers (403) and hides another tenant’s parent (404)', async () => {
    const body = { parentId: a.units.C1.id, code: `${a.slug}-X1`, name: 'x', kind: 'store' };
    expect(
      (await inject({ method: 'POST', url: '/api/v1/org-units', headers: a.as('analyst'), payload: body })).statusCode,
    ).toBe(403);
    expect(
      (await inject({ method: 'POST', url: '/api/v1/org-units', headers: a.as('manager'), payload: body })).statusCode,
    ).toBe(403);
    const cross = await inject({
      method: 'POST',
      url: '/api/v1/org-units',
      headers: a.as('owner'),
      payload: { ...body, parentId: b.units.C1.id },
    });
    expect(cross.statusCode).toBe(404);
  });

  it('answers bad input with 4xx problems and stores nothing', async () => {
    const before = (await inject({ method: 'GET', url: '/api/v1/org-units', headers: a.as('owner') })).json().items
      .length;
    const cases = [
      { payload: '{"code": ', headers: { 'content-type': 'application/json' }, status: 400 },
      { payload: { parentId: a.units.C1.id, code: 'ok-1', name: 'x', kind: 'castle' }, status: 422 },
      {
        payload: { parentId: a.units.C1.id, code: "x'; DROP TABLE org_units;--", name: 'x', kind: 'store' },
        status: 422,
      },
      { payload: { parentId: 'not-a-uuid', code: 'ok-2', name: 'x', kind: 'store' }, status: 422 },
      { payload: { parentId: a.units.C1.id, code: 'ok-3', name: 12, kind: 'store' }, status: 422 },
      { payload: { parentId: a.units.C1.id, code: 'ok-4', name: 'x'.repeat(2_000_000), kind: 'store' }, status: 413 },
      { payload: [], status: 422 },
    ];
    for (const c of cases) {
      const res = await inject({
        method: 'POST',
        url: '/api/v1/org-units',
        headers: { ...a.as('owner'), ...(c.headers ?? {}) },
        payload: c.payload as never,
      });
      expect(res.statusCode, JSON.stringify(c.payload).slice(0, 80)).toBe(c.status);
      problem(res);
    }
    const after = (await inject({ method: 'GET', url: '/api/v1/org-units', headers: a.as('owner') })).json().items
      .length;
    expect(after).toBe(before);
  });
});

describe('PATCH /api/v1/org-units/:id', () => {
  it('moves a subtree, rewriting every descendant path', async () => {
    const res = await inject({
      method: 'PATCH',
      url: `/api/v1/org-units/${a.units.C1.id}`,
      headers: a.as('owner'),
      payload: { parentId: a.units.R2.id },
    });
    expect(res.statusCode).toBe(200);
    const s1 = (
      await inject({ method: 'GET', url: `/api/v1/org-units/${a.units.S1.id}`, headers: a.as('owner') })
    ).json();
    expect(s1.path.startsWith(`${a.units.R2.path}${a.units.C1.id}/`)).toBe(true);
    expect(s1.depth).toBe(3);
    // move it back so other tests see the original tree
    await inject({
      method: 'PATCH',
      url: `/api/v1/org-units/${a.units.C1.id}`,
      headers: a.as('owner'),
      payload: { parentId: a.units.R1.id },
    });
  });

  it('refuses a move under the unit’s own descendant (422) and changes nothing', async () => {
    const res = await inject({
      method: 'PATCH',
      url: `/api/v1/org-units/${a.units.R1.id}`,
      headers: a.as('owner'),
      payload: { parentId: a.units.S1.id },
    });
    expect(res.statusCode).toBe(422);
    expect(problem(res).invalidParams?.[0].name).toBe('parentId');
    const r1 = (
      await inject({ method: 'GET', url: `/api/v1/org-units/${a.units.R1.id}`, headers: a.as('owner') })
    ).json();
    expect(r1.parentId).toBe(a.units.HQ.id);
  });

  it('archives a subtree with DELETE and restores with PATCH', async () => {
    const del = await inject({ method: 'DELETE', url: `/api/v1/org-units/${a.units.R2.id}`, headers: a.as('owner') });
    expect(del.statusCode).toBe(200);
    const list = (await inject({ method: 'GET', url: '/api/v1/org-units', headers: a.as('owner') })).json().items;
    expect(list.find((u: { id: string }) => u.id === a.units.S3.id)).toBeUndefined();
    const restore = await inject({
      method: 'PATCH',
      url: `/api/v1/org-units/${a.units.R2.id}`,
      headers: a.as('owner'),
      payload: { status: 'active' },
    });
    expect(restore.json().status).toBe('active');
  });

  it('cannot archive the root', async () => {
    const res = await inject({ method: 'DELETE', url: `/api/v1/org-units/${a.units.HQ.id}`, headers: a.as('owner') });
    expect(res.statusCode).toBe(409);
  });
});

describe('org response contracts', () => {
  it('answers exactly the contract fields (no tenant_id or raw columns leak) and documents them in OpenAPI', async () => {
    const res = await inject({ method: 'GET', url: `/api/v1/org-units/${a.units.S1.id}`, headers: a.as('owner') });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json()).sort()).toEqual(Object.keys(ZOrgUnitResponse.shape).sort());
    const doc = (await inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const documented = (path: string, method: string, status: string) =>
      Object.keys(doc.paths[path][method].responses[status].content['application/json'].schema.properties ?? {});
    expect(documented('/api/v1/org-units/{id}', 'get', '200')).toContain('parentId');
    expect(documented('/api/v1/org-units', 'get', '200')).toEqual(['items']);
    expect(documented('/api/v1/org-units', 'post', '201')).toContain('path');
    expect(documented('/api/v1/org-units/import', 'post', '200')).toContain('errors');
  });
});
