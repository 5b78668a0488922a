import { ZTeamResponse } from '@loopcx/shared';
import { describe, expect, it } from 'vitest';
import { problem, setupTestSuite } from '../../testing/harness.ts';

const env = setupTestSuite();

describe('/api/v1/teams', () => {
  it('401 without a session; 403 for a manager creating a team', async () => {
    expect((await env.inject({ method: 'GET', url: '/api/v1/teams' })).statusCode).toBe(401);
    const res = await env.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: env.a.as('manager'),
      payload: { name: '客服部' },
    });
    expect(res.statusCode).toBe(403);
    problem(res);
  });

  it('creates a team with members, renames it, and lists it only in its tenant', async () => {
    const created = await env.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: env.a.as('admin'),
      payload: { name: '客服部', nameEn: 'Customer Service', memberIds: [env.a.users.agent.id] },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().memberIds).toEqual([env.a.users.agent.id]);
    const id = created.json().id;
    const renamed = await env.inject({
      method: 'PATCH',
      url: `/api/v1/teams/${id}`,
      headers: env.a.as('admin'),
      payload: { name: '客户服务部' },
    });
    expect(renamed.json().name).toBe('客户服务部');
    expect(
      (await env.inject({ method: 'GET', url: '/api/v1/teams', headers: env.b.as('owner') })).json().items,
    ).toHaveLength(0);
    expect(
      (await env.inject({ method: 'GET', url: `/api/v1/teams/${id}`, headers: env.b.as('owner') })).statusCode,
    ).toBe(404);
    expect(
      (await env.inject({ method: 'DELETE', url: `/api/v1/teams/${id}`, headers: env.b.as('owner') })).statusCode,
    ).toBe(404);
  });

  it('refuses members from another tenant and duplicate names', async () => {
    const cross = await env.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: env.a.as('admin'),
      payload: { name: '品控部', memberIds: [env.b.users.agent.id] },
    });
    expect(cross.statusCode).toBe(422);
    expect(problem(cross).invalidParams?.[0].name).toBe('memberIds.0');
    await env.inject({ method: 'POST', url: '/api/v1/teams', headers: env.a.as('admin'), payload: { name: '运营部' } });
    const dup = await env.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: env.a.as('admin'),
      payload: { name: '运营部' },
    });
    expect(dup.statusCode).toBe(409);
  });

  it('stores hostile strings inert', async () => {
    const name = `<img src=x onerror=alert(1)>'; DROP TABLE teams; --`;
    const res = await env.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: env.a.as('admin'),
      payload: { name },
    });
    expect(res.statusCode).toBe(201);
    expect(
      (await env.inject({ method: 'GET', url: `/api/v1/teams/${res.json().id}`, headers: env.a.as('admin') })).json()
        .name,
    ).toBe(name);
  });

  it('answers the declared contract only (no tenant id) and documents it in OpenAPI', async () => {
    const created = await env.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: env.a.as('admin'),
      payload: { name: '品控部' },
    });
    expect(created.statusCode).toBe(201);
    const team = (
      await env.inject({ method: 'GET', url: `/api/v1/teams/${created.json().id}`, headers: env.a.as('admin') })
    ).json();
    expect(Object.keys(team).sort()).toEqual(Object.keys(ZTeamResponse.shape).sort());
    const doc = (await env.inject({ method: 'GET', url: '/api/docs' })).json();
    const answer = doc.paths['/api/v1/teams/{id}'].get.responses['200'].content['application/json'].schema;
    expect(Object.keys(answer.properties).sort()).toEqual(Object.keys(ZTeamResponse.shape).sort());
  });
});
