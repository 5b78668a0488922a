import { randomUUID } from 'node:crypto';
import { ZTicketDetailResponse } from '@loopcx/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db.ts';
import { documented, problem, setupTestSuite, type TestTenant } from '../../testing/harness.ts';
import { escalateOverdue } from './commands/escalate-overdue.ts';

const env = setupTestSuite();
// On PostgreSQL the test database is shared with every other suite, so a run on the fake clock is kept to
// this suite's tenant: it must neither escalate another suite's tickets nor wait behind them.
const mine = () => ({ tenantId: env.a.tenantId });

beforeAll(async () => {
  for (const [code, name] of [
    ['service', '服务态度'],
    ['speed', '上菜慢'],
  ]) {
    await env.t.ctx.db.execute(
      sql`INSERT INTO root_causes (tenant_id, id, code, name) VALUES (${env.a.tenantId}, ${randomUUID()}, ${code}, ${name})`,
    );
  }
});

const open = async (unit: keyof TestTenant['units'] = 'S1', priority = 'high') => {
  const res = await env.inject({
    method: 'POST',
    url: '/api/v1/tickets',
    headers: env.a.as('admin'),
    payload: { title: `差评 ${randomUUID().slice(0, 4)}`, orgUnitId: env.a.units[unit].id, priority },
  });
  expect(res.statusCode).toBe(201);
  return res.json();
};

describe('tickets', () => {
  it('401 without a session; 422 on bad input; 404 for another tenant’s unit or ticket', async () => {
    expect((await env.inject({ method: 'GET', url: '/api/v1/tickets' })).statusCode).toBe(401);
    const bad = await env.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      headers: env.a.as('admin'),
      payload: { title: '', orgUnitId: 'x' },
    });
    expect(bad.statusCode).toBe(422);
    expect(problem(bad).invalidParams?.length).toBeGreaterThan(0);
    const cross = await env.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      headers: env.a.as('admin'),
      payload: { title: 'x', orgUnitId: env.b.units.S1.id },
    });
    expect(cross.statusCode).toBe(404);
    const ticket = await open();
    expect(
      (await env.inject({ method: 'GET', url: `/api/v1/tickets/${ticket.id}`, headers: env.b.as('owner') })).statusCode,
    ).toBe(404);
    expect(
      (await env.inject({ method: 'GET', url: '/api/v1/tickets?status=bogus', headers: env.a.as('admin') })).statusCode,
    ).toBe(422);
  });

  it('numbers tickets T-000001…, routes to the unit manager and sets SLA deadlines', async () => {
    const ticket = await open('S1', 'urgent');
    expect(ticket.number).toMatch(/^T-\d{6}$/);
    expect(ticket.assigneeId).toBe(env.a.users.storeManager.id);
    expect(new Date(ticket.dueAt).getTime() - new Date(ticket.createdAt).getTime()).toBe(4 * 3600_000);
    const s2 = await open('S2');
    expect(s2.assigneeId).toBe(env.a.users.manager.id); // S2 has no manager of its own: the nearest ancestor's (R1)
  });

  it('scopes lists: the store manager sees only the store; an agent only tickets assigned to them', async () => {
    const s1 = await open('S1');
    const s3 = await open('S3');
    const store = (await env.inject({ method: 'GET', url: '/api/v1/tickets', headers: env.a.as('storeManager') }))
      .json()
      .items.map((x: { id: string }) => x.id);
    expect(store).toContain(s1.id);
    expect(store).not.toContain(s3.id);
    expect(
      (await env.inject({ method: 'GET', url: `/api/v1/tickets/${s3.id}`, headers: env.a.as('storeManager') }))
        .statusCode,
    ).toBe(404);
    const agentBefore = (await env.inject({ method: 'GET', url: '/api/v1/tickets', headers: env.a.as('agent') })).json()
      .items;
    expect(agentBefore).toHaveLength(0);
    await env.inject({
      method: 'POST',
      url: `/api/v1/tickets/${s3.id}/assign`,
      headers: env.a.as('admin'),
      payload: { assigneeId: env.a.users.agent.id },
    });
    const agentAfter = (await env.inject({ method: 'GET', url: '/api/v1/tickets', headers: env.a.as('agent') }))
      .json()
      .items.map((x: { id: string }) => x.id);
    expect(agentAfter).toEqual([s3.id]);
  });

  it('cannot be resolved without a root cause (422), closes only on customer confirmation, reopens with raised priority otherwise', async () => {
    const ticket = await open('S1', 'normal');
    const headers = env.a.as('storeManager');
    const url = `/api/v1/tickets/${ticket.id}`;
    expect(
      (await env.inject({ method: 'POST', url: `${url}/transitions`, headers, payload: { to: 'acknowledged' } })).json()
        .status,
    ).toBe('acknowledged');
    const noCause = await env.inject({
      method: 'POST',
      url: `${url}/transitions`,
      headers,
      payload: { to: 'resolved' },
    });
    expect(noCause.statusCode).toBe(422);
    expect(problem(noCause).invalidParams?.[0].name).toBe('rootCause');
    const unknownCause = await env.inject({
      method: 'POST',
      url: `${url}/transitions`,
      headers,
      payload: { to: 'resolved', rootCause: 'nope' },
    });
    expect(unknownCause.statusCode).toBe(422);
    const direct = await env.inject({ method: 'POST', url: `${url}/transitions`, headers, payload: { to: 'closed' } });
    expect(direct.statusCode).toBe(422);
    const resolved = await env.inject({
      method: 'POST',
      url: `${url}/transitions`,
      headers,
      payload: { to: 'resolved', rootCause: 'speed', resolution: '已致歉并赠送优惠券' },
    });
    expect(resolved.json()).toMatchObject({ status: 'resolved', resolution: '已致歉并赠送优惠券' });
    const notConfirmed = await env.inject({
      method: 'POST',
      url: `${url}/followup`,
      headers,
      payload: { outcome: 'not_confirmed', note: '顾客仍不满意' },
    });
    expect(notConfirmed.json()).toMatchObject({ status: 'reopened', priority: 'high', reopenCount: 1 });
    await env.inject({
      method: 'POST',
      url: `${url}/transitions`,
      headers,
      payload: { to: 'resolved', rootCause: 'service' },
    });
    const confirmed = await env.inject({
      method: 'POST',
      url: `${url}/followup`,
      headers,
      payload: { outcome: 'confirmed' },
    });
    expect(confirmed.json().status).toBe('closed');
    const detail = (await env.inject({ method: 'GET', url, headers })).json();
    expect(detail.events.map((e: { kind: string }) => e.kind)).toEqual([
      'created',
      'status',
      'status',
      'followup',
      'status',
      'followup',
    ]);
    expect(Object.keys(detail.timeInStatus)).toEqual(
      expect.arrayContaining(['new', 'acknowledged', 'resolved', 'reopened', 'closed']),
    );
  });

  it('escalates overdue tickets on a fake clock: unit manager, then the parent unit’s manager', async () => {
    const ticket = await open('S1', 'urgent');
    await env.inject({
      method: 'POST',
      url: `/api/v1/tickets/${ticket.id}/assign`,
      headers: env.a.as('admin'),
      payload: { assigneeId: env.a.users.agent.id },
    });
    env.t.clock.advance(5 * 3600_000); // past the 4 h resolution deadline
    await escalateOverdue(env.t.ctx, mine());
    let now = (
      await env.inject({ method: 'GET', url: `/api/v1/tickets/${ticket.id}`, headers: env.a.as('admin') })
    ).json();
    expect(now).toMatchObject({ escalationLevel: 1, assigneeId: env.a.users.storeManager.id, overdue: true });
    env.t.clock.advance(4 * 3600_000); // one more SLA period
    await escalateOverdue(env.t.ctx, mine());
    now = (await env.inject({ method: 'GET', url: `/api/v1/tickets/${ticket.id}`, headers: env.a.as('admin') })).json();
    expect(now).toMatchObject({ escalationLevel: 2, assigneeId: env.a.users.manager.id });
    expect(now.events.filter((e: { kind: string }) => e.kind === 'escalated')).toHaveLength(2);
    await escalateOverdue(env.t.ctx, mine());
    expect(
      (await env.inject({ method: 'GET', url: `/api/v1/tickets/${ticket.id}`, headers: env.a.as('admin') })).json()
        .escalationLevel,
    ).toBe(2);
  });

  it('drains a backlog larger than one batch in one run, moving each ticket one level only', async () => {
    const tickets = [await open('S1', 'urgent'), await open('S1', 'urgent'), await open('S1', 'urgent')];
    env.t.clock.advance(9 * 3600_000); // past both the 4 h deadline and one more SLA period
    expect(await escalateOverdue(env.t.ctx, { ...mine(), batchSize: 2 })).toBeGreaterThanOrEqual(3);
    for (const t of tickets) {
      const now = (
        await env.inject({ method: 'GET', url: `/api/v1/tickets/${t.id}`, headers: env.a.as('admin') })
      ).json();
      expect(now).toMatchObject({ escalationLevel: 1, assigneeId: env.a.users.storeManager.id });
    }
    await escalateOverdue(env.t.ctx, { ...mine(), batchSize: 2 });
    for (const t of tickets) {
      expect(
        (await env.inject({ method: 'GET', url: `/api/v1/tickets/${t.id}`, headers: env.a.as('admin') })).json()
          .escalationLevel,
      ).toBe(2);
    }
  });

  it('SLA policy changes apply to open tickets', async () => {
    const ticket = await open('S1', 'low');
    const res = await env.inject({
      method: 'PUT',
      url: '/api/v1/sla-policies/low',
      headers: env.a.as('admin'),
      payload: { firstResponseMinutes: 60, resolutionMinutes: 120 },
    });
    expect(res.json().openTicketsUpdated).toBeGreaterThanOrEqual(1);
    const after = (
      await env.inject({ method: 'GET', url: `/api/v1/tickets/${ticket.id}`, headers: env.a.as('admin') })
    ).json();
    expect(new Date(after.dueAt).getTime() - new Date(after.createdAt).getTime()).toBe(120 * 60_000);
    expect(
      (
        await env.inject({
          method: 'PUT',
          url: '/api/v1/sla-policies/low',
          headers: env.a.as('manager'),
          payload: { firstResponseMinutes: 1, resolutionMinutes: 2 },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await env.inject({
          method: 'PUT',
          url: '/api/v1/sla-policies/asap',
          headers: env.a.as('admin'),
          payload: { firstResponseMinutes: 1, resolutionMinutes: 2 },
        })
      ).statusCode,
    ).toBe(422);
  });

  it('reports volume, SLA compliance, reopen rate and the root-cause Pareto', async () => {
    const res = await env.inject({
      method: 'GET',
      url: '/api/v1/tickets/reports/summary',
      headers: env.a.as('analyst'),
    });
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r.volume).toBeGreaterThan(5);
    expect(r.rootCausePareto.map((p: { code: string }) => p.code)).toEqual(expect.arrayContaining(['service']));
    expect(r.reopenRate).toBeGreaterThan(0);
  });
});

describe('ticket answers follow their contracts', () => {
  it('OpenAPI documents each JSON answer; a ticket answers exactly the declared fields (its unit path stays inside)', async () => {
    const doc = (await env.inject({ method: 'GET', url: '/api/docs' })).json();
    for (const [method, path, status] of [
      ['get', '/api/v1/tickets', '200'],
      ['post', '/api/v1/tickets', '201'],
      ['get', '/api/v1/tickets/{id}', '200'],
      ['post', '/api/v1/tickets/{id}/transitions', '200'],
      ['post', '/api/v1/tickets/{id}/followup', '200'],
      ['post', '/api/v1/tickets/{id}/comments', '201'],
      ['post', '/api/v1/tickets/{id}/assign', '200'],
      ['post', '/api/v1/tickets/bulk-assign', '200'],
      ['get', '/api/v1/tickets/reports/summary', '200'],
      ['get', '/api/v1/root-causes', '200'],
      ['post', '/api/v1/root-causes', '201'],
      ['patch', '/api/v1/root-causes/{id}', '200'],
      ['get', '/api/v1/sla-policies', '200'],
      ['put', '/api/v1/sla-policies/{priority}', '200'],
    ])
      expect(documented(doc, method, path, status), `${method} ${path} ${status}`).toBeDefined();
    const t = await open();
    const detail = (
      await env.inject({ method: 'GET', url: `/api/v1/tickets/${t.id}`, headers: env.a.as('admin') })
    ).json();
    expect(Object.keys(detail).sort()).toEqual(Object.keys(ZTicketDetailResponse.shape).sort());
    expect(JSON.stringify(detail)).not.toContain(env.a.units.S1.path);
  });
});
