import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { one, sql } from '../../platform/db.ts';
import { runDueJobs } from '../../platform/jobs.ts';
import { createTestApp, createTestTenant, problem, type TestApp, type TestTenant } from '../../testing/harness.ts';
import { type PushServiceStandIn, startPushService } from '../../testing/push-service.ts';
import { announce, notify } from './commands/notify.ts';
import { vapidKeys } from './vapid.ts';

let app: TestApp;
let a: TestTenant;
let b: TestTenant;
let push: PushServiceStandIn;

beforeAll(async () => {
  push = await startPushService();
  // The stand-in listens on loopback: allowed explicitly, like every outbound test's receiver.
  app = await createTestApp({ config: { outboundAllow: ['127.0.0.1/32'] } });
  a = await createTestTenant(app.ctx);
  b = await createTestTenant(app.ctx);
});
afterAll(async () => {
  await app?.close();
  await push?.close();
});

const subscribe = (t: TestTenant, user: string, payload: unknown) =>
  app.app.inject({
    method: 'POST',
    url: '/api/v1/push/subscriptions',
    headers: t.as(user),
    payload: payload as object,
  });

async function alertFor(userId: string, title: string) {
  const r = await app.ctx.db.transaction((tx) =>
    notify(tx, app.ctx, {
      tenantId: a.tenantId,
      kind: 'alert.response',
      userIds: [userId],
      title,
      body: '上菜太慢了 NPS 2',
      link: '/tickets/x',
    }),
  );
  announce(app.ctx, r);
  while ((await runDueJobs(app.ctx, undefined, { tenantIds: [a.tenantId] })) > 0);
}

describe('VAPID keys', () => {
  it('are generated once per install, even when nodes race, and the private key is sealed', async () => {
    const [k1, k2, k3] = await Promise.all([
      vapidKeys(app.ctx.db, app.ctx),
      vapidKeys(app.ctx.db, app.ctx),
      vapidKeys(app.ctx.db, app.ctx),
    ]);
    expect(k2).toEqual(k1);
    expect(k3).toEqual(k1);
    const row = await one<{ n: number; sealed: string }>(
      app.ctx.db,
      sql`SELECT count(*)::int AS n, max(private_key_sealed) AS sealed FROM vapid_keys`,
    );
    expect(row?.n).toBe(1);
    expect(row?.sealed).not.toContain(k1.privateKey);
    const res = await app.app.inject({ method: 'GET', url: '/api/v1/push/vapid-public-key', headers: a.as('manager') });
    expect(res.json()).toEqual({ publicKey: k1.publicKey });
    expect(Buffer.from(k1.publicKey, 'base64url')).toHaveLength(65);
  });
});

describe('push subscriptions', () => {
  it('401 without a session; hostile and malformed subscriptions are 4xx', async () => {
    const good = push.subscribe();
    expect(
      (await app.app.inject({ method: 'POST', url: '/api/v1/push/subscriptions', payload: good })).statusCode,
    ).toBe(401);
    for (const bad of [
      {},
      { endpoint: 'javascript:alert(1)', keys: good.keys },
      { endpoint: good.endpoint, keys: { p256dh: 'short', auth: good.keys.auth } },
      { endpoint: good.endpoint, keys: { p256dh: good.keys.p256dh, auth: 'AAAA' } },
      { endpoint: good.endpoint, keys: { p256dh: good.keys.p256dh, auth: good.keys.auth, extra: 1 } },
      { endpoint: `${good.endpoint}${'x'.repeat(3000)}`, keys: good.keys },
      { endpoint: good.endpoint, keys: 'x' },
    ]) {
      const res = await subscribe(a, 'manager', bad);
      expect(res.statusCode, JSON.stringify(bad).slice(0, 80)).toBe(422);
      problem(res);
    }
    const del = await app.app.inject({
      method: 'DELETE',
      url: '/api/v1/push/subscriptions',
      headers: a.as('manager'),
      payload: { endpoint: 'https://push.example/never-subscribed' },
    });
    expect(del.statusCode).toBe(404);
  });

  it('a notification reaches the browser: VAPID-signed, aes128gcm-encrypted, decrypted by the push service', async () => {
    const sub = push.subscribe();
    const res = await subscribe(a, 'storeManager', { ...sub, expirationTime: null });
    expect(res.statusCode).toBe(201);
    await alertFor(a.users.storeManager.id, '贬损者预警 — 门店 S1');
    expect(push.rejected).toEqual([]);
    expect(push.received).toHaveLength(1);
    const msg = JSON.parse(push.received[0].payload);
    expect(msg).toMatchObject({
      title: '贬损者预警 — 门店 S1',
      body: '上菜太慢了 NPS 2',
      link: '/tickets/x',
      kind: 'alert.response',
    });
    expect(push.received[0].vapidKey).toBe((await vapidKeys(app.ctx.db, app.ctx)).publicKey);
    const row = await one<{ status: string }>(
      app.ctx.db,
      sql`SELECT status FROM notifications WHERE tenant_id = ${a.tenantId} AND channel = 'push' AND recipient = ${a.users.storeManager.id}`,
    );
    expect(row?.status).toBe('sent');
    // The same endpoint in another tenant is another tenant's row; deleting is per caller.
    const other = await app.app.inject({
      method: 'DELETE',
      url: '/api/v1/push/subscriptions',
      headers: b.as('storeManager'),
      payload: { endpoint: sub.endpoint },
    });
    expect(other.statusCode).toBe(404);
  });

  it('404/410 from the push service removes the subscription; push off in preferences sends nothing', async () => {
    const gone = push.subscribe('/push/gone');
    expect((await subscribe(a, 'agent', gone)).statusCode).toBe(201);
    push.answer('/push/gone', 410);
    await alertFor(a.users.agent.id, 'gone');
    const left = await one<{ n: number }>(
      app.ctx.db,
      sql`SELECT count(*)::int AS n FROM push_subscriptions WHERE tenant_id = ${a.tenantId} AND user_id = ${a.users.agent.id}`,
    );
    expect(left?.n).toBe(0);

    const sub = push.subscribe();
    expect((await subscribe(a, 'analyst', sub)).statusCode).toBe(201);
    const prefs = await app.app.inject({
      method: 'PUT',
      url: '/api/v1/notification-preferences',
      headers: a.as('analyst'),
      payload: { items: [{ kind: 'alert.response', channel: 'push', enabled: false }] },
    });
    expect(prefs.json().pushDevices).toBe(1);
    const before = push.received.length;
    await alertFor(a.users.analyst.id, 'muted');
    expect(push.received.length).toBe(before);
  });

  it('an endpoint on a private address is refused when it is not allow-listed', async () => {
    const strict = await createTestApp({ config: { outboundAllow: [] } });
    try {
      const t = await createTestTenant(strict.ctx);
      const sub = push.subscribe();
      expect(
        (
          await strict.app.inject({
            method: 'POST',
            url: '/api/v1/push/subscriptions',
            headers: t.as('admin'),
            payload: sub,
          })
        ).statusCode,
      ).toBe(201);
      const before = push.received.length;
      await strict.ctx.db.transaction((tx) =>
        notify(tx, strict.ctx, {
          tenantId: t.tenantId,
          kind: 'alert.response',
          userIds: [t.users.admin.id],
          title: 'x',
          body: 'y',
        }),
      );
      while ((await runDueJobs(strict.ctx, undefined, { tenantIds: [t.tenantId] })) > 0);
      expect(push.received.length).toBe(before);
      const row = await one<{ status: string }>(
        strict.ctx.db,
        sql`SELECT status FROM notifications WHERE tenant_id = ${t.tenantId} AND channel = 'push'`,
      );
      expect(row?.status).toBe('failed');
    } finally {
      await strict.close();
    }
  });
});
