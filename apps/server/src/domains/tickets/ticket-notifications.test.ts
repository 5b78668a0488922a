import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { rows, sql } from '../../platform/db.ts';
import { setupTestSuite } from '../../testing/harness.ts';
import { escalateOverdue } from './commands/escalate-overdue.ts';

const env = setupTestSuite();
const mine = () => ({ tenantId: env.a.tenantId });

const open = async (unit: 'S1' | 'R1' = 'S1', priority = 'urgent') => {
  const res = await env.inject({
    method: 'POST',
    url: '/api/v1/tickets',
    headers: env.a.as('admin'),
    payload: { title: `差评 ${randomUUID().slice(0, 4)}`, orgUnitId: env.a.units[unit].id, priority },
  });
  expect(res.statusCode).toBe(201);
  return res.json();
};
const assign = (who: string, ticketId: string, assigneeId: string) =>
  env.inject({
    method: 'POST',
    url: `/api/v1/tickets/${ticketId}/assign`,
    headers: env.a.as(who),
    payload: { assigneeId },
  });
/** The caller's bell rows about one ticket. */
const bell = async (user: string, ticketId: string, kind: string) =>
  (await env.inject({ method: 'GET', url: '/api/v1/notifications?limit=100', headers: env.a.as(user) }))
    .json()
    .items.filter((n: { kind: string; link: string }) => n.kind === kind && n.link === `/tickets/${ticketId}`);
const channels = async (ticketId: string, kind: string) =>
  (
    await rows<{ channel: string; recipient: string }>(
      env.t.ctx.db,
      sql`SELECT channel, recipient FROM notifications WHERE tenant_id = ${env.a.tenantId} AND kind = ${kind}
            AND link = ${`/tickets/${ticketId}`}`,
    )
  ).map((r) => `${r.channel}:${r.recipient}`);

beforeAll(async () => {
  // The agent reads English; everyone else the default zh-CN.
  await env.t.ctx.db.execute(
    sql`UPDATE users SET locale = 'en' WHERE tenant_id = ${env.a.tenantId} AND id = ${env.a.users.agent.id}`,
  );
});

describe('ticket.assigned', () => {
  it('tells the new assignee in their language with a link to the ticket, and nobody else', async () => {
    const t = await open();
    expect((await assign('admin', t.id, env.a.users.agent.id)).statusCode).toBe(200);
    const rowsFor = await bell('agent', t.id, 'ticket.assigned');
    expect(rowsFor).toHaveLength(1);
    expect(rowsFor[0].subject).toBe(`Ticket ${t.number} was assigned to you`);
    expect(rowsFor[0].body).toBe(t.title);
    expect(await bell('admin', t.id, 'ticket.assigned')).toEqual([]);
    expect(await bell('manager', t.id, 'ticket.assigned')).toEqual([]);
    // Reassigning to the same person again is no new assignment.
    await assign('admin', t.id, env.a.users.agent.id);
    expect(await bell('agent', t.id, 'ticket.assigned')).toHaveLength(1);
    // zh-CN for a zh-CN reader.
    await assign('admin', t.id, env.a.users.storeManager.id);
    expect((await bell('storeManager', t.id, 'ticket.assigned'))[0].subject).toBe(`工单 ${t.number} 已分派给你`);
  });

  it('tells the unit manager a new ticket was routed to them; not sent when someone assigns a ticket to themselves', async () => {
    const t = await open();
    // Opened by the admin, routed to S1's manager.
    expect(t.assigneeId).toBe(env.a.users.storeManager.id);
    expect(await bell('storeManager', t.id, 'ticket.assigned')).toHaveLength(1);
    expect((await assign('admin', t.id, env.a.users.agent.id)).statusCode).toBe(200);
    // The store manager takes it back themselves: no notification to themselves.
    expect((await assign('storeManager', t.id, env.a.users.storeManager.id)).statusCode).toBe(200);
    expect((await channels(t.id, 'ticket.assigned')).filter((c) => c.startsWith('in_app:')).sort()).toEqual(
      [`in_app:${env.a.users.storeManager.id}`, `in_app:${env.a.users.agent.id}`].sort(),
    );
    // A manager opening a ticket in their own unit is not told about it.
    const own = await env.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      headers: env.a.as('storeManager'),
      payload: { title: '自己建的', orgUnitId: env.a.units.S1.id, priority: 'low' },
    });
    expect(own.statusCode).toBe(201);
    expect(own.json().assigneeId).toBe(env.a.users.storeManager.id);
    expect(await channels(own.json().id, 'ticket.assigned')).toEqual([]);
  });

  it('bulk assignment notifies per ticket', async () => {
    const [a, b] = [await open(), await open()];
    const res = await env.inject({
      method: 'POST',
      url: '/api/v1/tickets/bulk-assign',
      headers: env.a.as('admin'),
      payload: { ids: [a.id, b.id], assigneeId: env.a.users.agent.id },
    });
    expect(res.statusCode).toBe(200);
    expect(await bell('agent', a.id, 'ticket.assigned')).toHaveLength(1);
    expect(await bell('agent', b.id, 'ticket.assigned')).toHaveLength(1);
  });

  it('follows the assignee’s preferences: in-app switched off leaves no bell row', async () => {
    const put = await env.inject({
      method: 'PUT',
      url: '/api/v1/notification-preferences',
      headers: env.a.as('manager'),
      payload: { items: [{ kind: 'ticket.assigned', channel: 'in_app', enabled: false }] },
    });
    expect(put.statusCode).toBe(200);
    const t = await open('R1');
    expect((await assign('admin', t.id, env.a.users.manager.id)).statusCode).toBe(200);
    expect(await bell('manager', t.id, 'ticket.assigned')).toEqual([]);
    expect((await channels(t.id, 'ticket.assigned')).filter((c) => c.startsWith('in_app:'))).toEqual([]);
  });
});

describe('ticket.sla_breach', () => {
  it('tells the assignee and the unit’s managers once per escalation step, not again on re-runs', async () => {
    const t = await open('S1', 'urgent');
    await assign('admin', t.id, env.a.users.agent.id);
    await env.inject({
      method: 'PUT',
      url: '/api/v1/notification-preferences',
      headers: env.a.as('storeManager'),
      payload: { items: [{ kind: 'ticket.sla_breach', channel: 'email', enabled: false }] },
    });
    env.t.clock.advance(5 * 3600_000); // past the 4 h resolution deadline
    await escalateOverdue(env.t.ctx, mine());
    await escalateOverdue(env.t.ctx, mine());
    const agent = await bell('agent', t.id, 'ticket.sla_breach');
    expect(agent).toHaveLength(1);
    expect(agent[0].subject).toBe(`Ticket ${t.number} breached its SLA (escalation level 1)`);
    const sm = await bell('storeManager', t.id, 'ticket.sla_breach');
    expect(sm).toHaveLength(1);
    expect(sm[0].subject).toBe(`工单 ${t.number} 已超出 SLA（第 1 级升级）`);
    expect(await bell('manager', t.id, 'ticket.sla_breach')).toEqual([]);
    expect(await bell('analyst', t.id, 'ticket.sla_breach')).toEqual([]);
    // The store manager switched email off for breaches; the agent (defaults) gets one.
    const sent = await channels(t.id, 'ticket.sla_breach');
    expect(sent).toContain(`email:${env.a.users.agent.email}`);
    expect(sent).not.toContain(`email:${env.a.users.storeManager.email}`);

    env.t.clock.advance(4 * 3600_000); // one more SLA period: the region's manager takes it
    await escalateOverdue(env.t.ctx, mine());
    await escalateOverdue(env.t.ctx, mine());
    const region = await bell('manager', t.id, 'ticket.sla_breach');
    expect(region).toHaveLength(1);
    expect(region[0].subject).toBe(`工单 ${t.number} 已超出 SLA（第 2 级升级）`);
    expect(await bell('storeManager', t.id, 'ticket.sla_breach')).toHaveLength(2);
    expect(await bell('agent', t.id, 'ticket.sla_breach')).toHaveLength(1);
    // Another tenant's users see none of it.
    const other = await env.inject({ method: 'GET', url: '/api/v1/notifications', headers: env.b.as('manager') });
    expect(other.json().items.filter((n: { link: string }) => n.link === `/tickets/${t.id}`)).toEqual([]);
  });
});
