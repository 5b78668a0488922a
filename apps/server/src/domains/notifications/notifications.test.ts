import { randomUUID } from 'node:crypto';
import { ZNotificationResponse } from '@loopcx/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BusEvent } from '../../platform/bus.ts';
import { one, rows, sql } from '../../platform/db.ts';
import { problem, setupTestSuite } from '../../testing/harness.ts';
import { announce, notify } from './commands/notify.ts';

const env = setupTestSuite();

async function ring(userKey: string, n: number, kind: 'alert.response' | 'ticket.sla_breach' = 'alert.response') {
  const results = await env.t.ctx.db.transaction((tx) =>
    notify(
      tx,
      env.t.ctx,
      Array.from({ length: n }, (_, i) => ({
        tenantId: env.a.tenantId,
        kind,
        userIds: [env.a.users[userKey].id],
        title: `通知 ${i}`,
        body: `正文 <b>${i}</b>`,
        link: `/tickets/${randomUUID()}`,
      })),
    ),
  );
  announce(env.t.ctx, results);
  return results;
}

const get = (user: string, qs = '') =>
  env.inject({ method: 'GET', url: `/api/v1/notifications${qs}`, headers: env.a.as(user) });

describe('notification centre', () => {
  beforeAll(async () => {
    await ring('analyst', 3);
    env.t.clock.advance(1000);
    await ring('analyst', 2, 'ticket.sla_breach');
  });

  it('401 without a session; malformed paging is a 4xx in the problem shape', async () => {
    expect((await env.inject({ method: 'GET', url: '/api/v1/notifications' })).statusCode).toBe(401);
    expect((await env.inject({ method: 'GET', url: '/api/v1/notifications/unread-count' })).statusCode).toBe(401);
    for (const qs of [
      '?limit=0',
      '?limit=abc',
      '?limit=100000',
      '?cursor=%%%',
      '?cursor=bm90IGEgY3Vyc29y',
      '?unread=maybe',
    ]) {
      const res = await get('analyst', qs);
      expect(res.statusCode, qs).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, qs).toBeLessThan(500);
      problem(res);
    }
    // Other channels' outbox is for rule writers only.
    expect((await get('analyst', '?channel=email')).statusCode).toBe(403);
  });

  it('lists only the caller’s notifications, newest first, paged, with the unread count and a link', async () => {
    const first = await get('analyst', '?limit=2');
    expect(first.statusCode).toBe(200);
    const page = first.json();
    expect(page.unread).toBe(5);
    expect(page.items).toHaveLength(2);
    expect(Object.keys(page.items[0]).sort()).toEqual(Object.keys(ZNotificationResponse.shape).sort());
    expect(page.items[0]).toMatchObject({ kind: 'ticket.sla_breach', channel: 'in_app', readAt: null });
    expect(page.items[0].link).toMatch(/^\/tickets\//);
    const rest = (await get('analyst', `?limit=2&cursor=${page.nextCursor}`)).json();
    const last = (await get('analyst', `?limit=2&cursor=${rest.nextCursor}`)).json();
    const all = [...page.items, ...rest.items, ...last.items];
    expect(all).toHaveLength(5);
    expect(new Set(all.map((n: { id: string }) => n.id)).size).toBe(5);
    expect(last.nextCursor).toBeNull();
    const times = all.map((n: { createdAt: string }) => n.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    // Someone else sees none of them.
    expect((await get('viewer')).json()).toMatchObject({ items: [], unread: 0 });
    expect(
      (await env.inject({ method: 'GET', url: '/api/v1/notifications', headers: env.b.as('analyst') })).json().items,
    ).toEqual([]);
  });

  it('marks one read (others’ and other tenants’ ids are 404), then all; unread=true filters', async () => {
    const [n] = (await get('analyst', '?unread=true&limit=1')).json().items;
    const read = (user: string, id: string, tenant = env.a) =>
      env.inject({ method: 'POST', url: `/api/v1/notifications/${id}/read`, headers: tenant.as(user) });
    expect((await read('viewer', n.id)).statusCode).toBe(404);
    expect((await read('analyst', n.id, env.b)).statusCode).toBe(404);
    expect((await read('analyst', randomUUID())).statusCode).toBe(404);
    expect((await read('analyst', 'not-a-uuid')).statusCode).toBe(422);
    const ok = await read('analyst', n.id);
    expect(ok.statusCode).toBe(204);
    expect((await get('analyst', '?unread=true')).json().items.map((x: { id: string }) => x.id)).not.toContain(n.id);
    const count = await env.inject({
      method: 'GET',
      url: '/api/v1/notifications/unread-count',
      headers: env.a.as('analyst'),
    });
    expect(count.json()).toEqual({ unread: 4 });
    const all = await env.inject({
      method: 'POST',
      url: '/api/v1/notifications/read-all',
      headers: env.a.as('analyst'),
    });
    expect(all.json()).toEqual({ unread: 0 });
    expect((await get('analyst', '?unread=true')).json().items).toEqual([]);
  });

  it('announces new notifications on the bus to exactly their recipients (the bell goes live over SSE)', async () => {
    const seen: BusEvent[] = [];
    const off = env.t.ctx.bus.subscribe((e) => void seen.push(e));
    await ring('agent', 1);
    off();
    const ours = seen.filter((e) => e.type === 'notifications.created');
    expect(ours).toHaveLength(1);
    expect(ours[0]).toMatchObject({ tenantId: env.a.tenantId, data: { userIds: [env.a.users.agent.id] } });
  });
});

describe('notification preferences', () => {
  it('answers defaults, stores the caller’s choices and notify() follows them', async () => {
    const prefs = await env.inject({
      method: 'GET',
      url: '/api/v1/notification-preferences',
      headers: env.a.as('manager'),
    });
    expect(prefs.statusCode).toBe(200);
    const alert = prefs.json().items.find((p: { kind: string }) => p.kind === 'alert.response');
    expect(alert.channels).toEqual({ in_app: true, email: true, push: true });
    const put = await env.inject({
      method: 'PUT',
      url: '/api/v1/notification-preferences',
      headers: env.a.as('manager'),
      payload: { items: [{ kind: 'alert.response', channel: 'email', enabled: false }] },
    });
    expect(put.statusCode).toBe(200);
    const after = put.json().items.find((p: { kind: string }) => p.kind === 'alert.response');
    expect(after.channels).toEqual({ in_app: true, email: false, push: true });
    expect(after.defaults.email).toBe(true);

    // The region's manager gets the unit's notification in-app only now; the store manager (defaults) also by email.
    await env.t.ctx.db.transaction((tx) =>
      notify(tx, env.t.ctx, [
        { tenantId: env.a.tenantId, kind: 'alert.response', unitId: env.a.units.C1.id, title: 'C1 预警', body: 'x' },
        {
          tenantId: env.a.tenantId,
          kind: 'alert.response',
          unitId: env.a.units.S1.id,
          title: 'S1 预警',
          body: 'y',
          link: '/tickets/abc',
        },
      ]),
    );
    const written = await rows<{
      channel: string;
      recipient: string;
      subject: string;
      html: string | null;
      body: string;
    }>(
      env.t.ctx.db,
      sql`SELECT channel, recipient, subject, html, body FROM notifications WHERE tenant_id = ${env.a.tenantId} AND subject IN ('C1 预警', 'S1 预警')`,
    );
    // C1 has no manager of its own: the nearest one up is R1's.
    expect(written.filter((w) => w.subject === 'C1 预警').map((w) => `${w.channel}:${w.recipient}`)).toEqual([
      `in_app:${env.a.users.manager.id}`,
    ]);
    const s1 = written.filter((w) => w.subject === 'S1 预警');
    expect(s1.map((w) => `${w.channel}:${w.recipient}`).sort()).toEqual(
      [`email:${env.a.users.storeManager.email}`, `in_app:${env.a.users.storeManager.id}`].sort(),
    );
    const mail = s1.find((w) => w.channel === 'email');
    expect(mail?.html).toContain(`href="${env.t.ctx.config.publicUrl}/tickets/abc"`);
    expect(mail?.body).toContain(`${env.t.ctx.config.publicUrl}/tickets/abc`);
  });

  it('offers no notification email for a ready report (the report mail is the email): off, not switchable', async () => {
    const prefs = await env.inject({
      method: 'GET',
      url: '/api/v1/notification-preferences',
      headers: env.a.as('analyst'),
    });
    const report = prefs.json().items.find((p: { kind: string }) => p.kind === 'report.ready');
    expect(report.channels).toEqual({ in_app: true, email: false, push: true });
    expect(report.defaults).toEqual({ in_app: true, email: false, push: true });
    const put = await env.inject({
      method: 'PUT',
      url: '/api/v1/notification-preferences',
      headers: env.a.as('analyst'),
      payload: { items: [{ kind: 'report.ready', channel: 'email', enabled: true }] },
    });
    expect(put.statusCode).toBeGreaterThanOrEqual(400);
    expect(put.statusCode).toBeLessThan(500);
    expect(problem(put)).toBeTruthy();
    // Even a choice stored before is not honoured: notify() writes the bell row only.
    await env.t.ctx.db.execute(
      sql`INSERT INTO notification_preferences (tenant_id, user_id, kind, channel, enabled, updated_at)
          VALUES (${env.a.tenantId}, ${env.a.users.analyst.id}, 'report.ready', 'email', true, now())`,
    );
    await env.t.ctx.db.transaction((tx) =>
      notify(tx, env.t.ctx, {
        tenantId: env.a.tenantId,
        kind: 'report.ready',
        userIds: [env.a.users.analyst.id],
        title: '月报已生成',
        body: 'x',
        link: '/reports/u/2026-11',
      }),
    );
    const written = await rows<{ channel: string }>(
      env.t.ctx.db,
      sql`SELECT channel FROM notifications WHERE tenant_id = ${env.a.tenantId} AND subject = '月报已生成'`,
    );
    expect(written.map((w) => w.channel)).toEqual(['in_app']);
  });

  it('refuses unknown kinds and channels and malformed bodies', async () => {
    for (const payload of [
      { items: [{ kind: 'nope', channel: 'email', enabled: false }] },
      { items: [{ kind: 'alert.response', channel: 'robot', enabled: false }] },
      { items: [{ kind: 'alert.response', channel: 'email', enabled: 'no' }] },
      { items: [] },
      { items: 'x' },
      {},
    ]) {
      const res = await env.inject({
        method: 'PUT',
        url: '/api/v1/notification-preferences',
        headers: env.a.as('manager'),
        payload,
      });
      expect(res.statusCode, JSON.stringify(payload)).toBe(422);
      problem(res);
    }
  });

  it('escapes user text in the default email HTML', async () => {
    await env.t.ctx.db.transaction((tx) =>
      notify(tx, env.t.ctx, {
        tenantId: env.a.tenantId,
        kind: 'system',
        userIds: [env.a.users.admin.id],
        title: '<script>alert(1)</script>',
        body: 'a & b <img src=x onerror=alert(1)>',
        link: '//evil.example/x',
      }),
    );
    const mail = await one<{ html: string }>(
      env.t.ctx.db,
      sql`SELECT html FROM notifications WHERE tenant_id = ${env.a.tenantId} AND channel = 'email' AND recipient = ${env.a.users.admin.email}`,
    );
    expect(mail?.html).not.toContain('<script>alert');
    expect(mail?.html).not.toContain('<img src=x');
    expect(mail?.html).toContain('&lt;script&gt;');
    // A protocol-relative link is not one of ours: no button.
    expect(mail?.html).not.toContain('evil.example');
  });
});
