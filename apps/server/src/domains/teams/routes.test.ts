import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe('/api/v1/teams', () => {
  it('401 without a session; 403 for a manager creating a team', async () => {
    expect((await inject({ method: 'GET', url: '/api/v1/teams' })).statusCode).toBe(401);
    const res = await inject({ method: 'POST', url: '/api/v1/teams', headers: a.as('manager'), payload: { name: '客服部' } });
    expect(res.statusCode).toBe(403);
    problem(res);
  });

  it('creates a team with members, renames it, and lists it only in its tenant', async () => {
    const created = await inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: a.as('admin'),
      payload: { name: '客服部', nameEn: 'Customer Service', memberIds: [a.users.agent.id] },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().memberIds).toEqual([a.users.agent.id]);
    const id = created.json().id;
    const renamed = await inject({ method: 'PATCH', url: `/api/v1/teams/${id}`, headers: a.as('admin'), payload: { name: '客户服务部' } });
    expect(renamed.json().name).toBe('客户服务部');
    expect((await inject({ method: 'GET', url: '/api/v1/teams', headers: b.as('owner') })).json().items).toHaveLength(0);
    expect((await inject({ method: 'GET', url: `/api/v1/teams/${id}`, headers: b.as('owner') })).statusCode).toBe(404);
    expect((await inject({ method: 'DELETE', url: `/api/v1/teams/${id}`, headers: b.as('owner') })).statusCode).toBe(404);
  });

  it('refuses members from another tenant and duplicate names', async () => {
    const cross = await inject({ method: 'POST', url: '/api/v1/teams', headers: a.as('admin'), payload: { name: '品控部', memberIds: [b.users.agent.id] } });
    expect(cross.statusCode).toBe(422);
    expect(problem(cross).invalidParams?.[0].name).toBe('memberIds.0');
    await inject({ method: 'POST', url: '/api/v1/teams', headers: a.as('admin'), payload: { name: '运营部' } });
    const dup = await inject({ method: 'POST', url: '/api/v1/teams', headers: a.as('admin'), payload: { name: '运营部' } });
    expect(dup.statusCode).toBe(409);
  });

  it('stores hostile strings inert', async () => {
    const name = `<img src=x onerror=alert(1)>'; DROP TABLE teams; --`;
    const res = await inject({ method: 'POST', url: '/api/v1/teams', headers: a.as('admin'), payload: { name } });
    expect(res.statusCode).toBe(201);
    expect((await inject({ method: 'GET', url: `/api/v1/teams/${res.json().id}`, headers: a.as('admin') })).json().name).toBe(name);
  });
});
