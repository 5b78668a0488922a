import { ZUserResponse } from '@loopcx/shared';
import { describe, expect, it } from 'vitest';
import { problem, setupTestSuite } from '../../testing/harness.ts';

const env = setupTestSuite();

describe('/api/v1/users', () => {
  it('401 without a session; 403 for roles that may not list users', async () => {
    expect((await env.inject({ method: 'GET', url: '/api/v1/users' })).statusCode).toBe(401);
    for (const who of ['agent', 'viewer', 'analyst']) {
      const res = await env.inject({ method: 'GET', url: '/api/v1/users', headers: env.a.as(who) });
      expect(res.statusCode, who).toBe(403);
      problem(res);
    }
  });

  it('a region manager lists only users inside the region', async () => {
    const res = await env.inject({ method: 'GET', url: '/api/v1/users', headers: env.a.as('manager') });
    expect(res.statusCode).toBe(200);
    expect(
      res
        .json()
        .items.map((u: { email: string }) => u.email)
        .sort(),
    ).toEqual([env.a.users.manager.email, env.a.users.storeManager.email].sort());
  });

  it('creates a user with a generated password shown once, who can then log in', async () => {
    const res = await env.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: env.a.as('admin'),
      payload: { email: 'New.Agent@Example.com', name: '新客服', role: 'agent', orgUnitId: env.a.units.S1.id },
    });
    expect(res.statusCode).toBe(201);
    const { password, id } = res.json();
    expect(password).toEqual(expect.any(String));
    expect(res.json().email).toBe('new.agent@example.com');
    const login = await env.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'new.agent@example.com', password },
    });
    expect(login.statusCode).toBe(200);
    const again = await env.inject({ method: 'GET', url: `/api/v1/users/${id}`, headers: env.a.as('admin') });
    expect(again.json().password).toBeUndefined();
  });

  it('409 on a duplicate email; 403 when an admin grants owner; 404 for another tenant’s unit or user', async () => {
    const dup = await env.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: env.a.as('admin'),
      payload: { email: env.a.users.viewer.email, name: 'x', role: 'viewer', orgUnitId: env.a.units.HQ.id },
    });
    expect(dup.statusCode).toBe(409);
    const owner = await env.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: env.a.as('admin'),
      payload: { email: 'o2@x.test', name: 'x', role: 'owner', orgUnitId: env.a.units.HQ.id },
    });
    expect(owner.statusCode).toBe(403);
    const cross = await env.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: env.a.as('admin'),
      payload: { email: 'c@x.test', name: 'x', role: 'viewer', orgUnitId: env.b.units.HQ.id },
    });
    expect(cross.statusCode).toBe(404);
    expect(
      (await env.inject({ method: 'GET', url: `/api/v1/users/${env.b.users.viewer.id}`, headers: env.a.as('owner') }))
        .statusCode,
    ).toBe(404);
    expect(
      (
        await env.inject({
          method: 'PATCH',
          url: `/api/v1/users/${env.b.users.viewer.id}`,
          headers: env.a.as('owner'),
          payload: { name: 'hijack' },
        })
      ).statusCode,
    ).toBe(404);
  });

  it('changing a role ends the user’s sessions so the new rights apply at once', async () => {
    const before = await env.inject({ method: 'GET', url: '/api/v1/me', headers: env.a.as('viewer') });
    expect(before.statusCode).toBe(200);
    const res = await env.inject({
      method: 'PATCH',
      url: `/api/v1/users/${env.a.users.viewer.id}`,
      headers: env.a.as('owner'),
      payload: { role: 'analyst' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().role).toBe('analyst');
    expect((await env.inject({ method: 'GET', url: '/api/v1/me', headers: env.a.as('viewer') })).statusCode).toBe(401);
  });

  it('keeps at least one owner and an admin cannot touch an owner', async () => {
    const self = await env.inject({
      method: 'PATCH',
      url: `/api/v1/users/${env.a.users.owner.id}`,
      headers: env.a.as('owner'),
      payload: { role: 'admin' },
    });
    expect(self.statusCode).toBe(409);
    const byAdmin = await env.inject({
      method: 'DELETE',
      url: `/api/v1/users/${env.a.users.owner.id}`,
      headers: env.a.as('admin'),
    });
    expect(byAdmin.statusCode).toBe(403);
  });

  it('disabling a user blocks their login', async () => {
    const created = (
      await env.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: env.a.as('owner'),
        payload: {
          email: 'tmp@x.test',
          name: 'tmp',
          role: 'viewer',
          orgUnitId: env.a.units.HQ.id,
          password: 'long-enough-pw',
        },
      })
    ).json();
    expect(
      (await env.inject({ method: 'DELETE', url: `/api/v1/users/${created.id}`, headers: env.a.as('owner') }))
        .statusCode,
    ).toBe(204);
    const login = await env.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'tmp@x.test', password: 'long-enough-pw' },
    });
    expect(login.statusCode).toBe(401);
  });

  it('rejects bad input with 422 naming the field and stores nothing', async () => {
    const count = async () =>
      (await env.inject({ method: 'GET', url: '/api/v1/users', headers: env.a.as('owner') })).json().items.length;
    const before = await count();
    const bad = [
      { email: 'nope', name: 'x', role: 'viewer', orgUnitId: env.a.units.HQ.id },
      { email: 'a@b.test', name: 'x', role: 'god', orgUnitId: env.a.units.HQ.id },
      { email: 'a@b.test', name: 'x', role: 'viewer', orgUnitId: 'HQ' },
      { email: 'a@b.test', name: '', role: 'viewer', orgUnitId: env.a.units.HQ.id },
      { email: 'a@b.test', name: 'x', role: 'viewer', orgUnitId: env.a.units.HQ.id, password: 'short' },
      {
        email: 'a@b.test',
        name: 'x',
        role: 'viewer',
        orgUnitId: env.a.units.HQ.id,
        teamIds: ['00000000-0000-4000-8000-000000000000'],
      },
    ];
    for (const payload of bad) {
      const res = await env.inject({ method: 'POST', url: '/api/v1/users', headers: env.a.as('owner'), payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(422);
      expect(problem(res).invalidParams?.length).toBeGreaterThan(0);
    }
    expect(await count()).toBe(before);
  });

  it('answers the declared contract only (no password hash, no tenant id) and documents it in OpenAPI', async () => {
    const list = (await env.inject({ method: 'GET', url: '/api/v1/users', headers: env.a.as('admin') })).json()
      .items as Array<Record<string, unknown>>;
    expect(list.length).toBeGreaterThan(0);
    for (const u of list) expect(Object.keys(u).sort()).toEqual(Object.keys(ZUserResponse.shape).sort());
    const doc = (await env.inject({ method: 'GET', url: '/api/docs' })).json();
    const answer = doc.paths['/api/v1/users/{id}'].get.responses['200'].content['application/json'].schema;
    expect(Object.keys(answer.properties)).not.toContain('passwordHash');
    expect(answer.properties.orgUnit).toBeDefined();
  });
});
