import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { one, sql } from '../apps/server/src/platform/db.ts';
import { type PushServiceStandIn, startPushService } from '../apps/server/src/testing/push-service.ts';
import { apiSession, login, startStack } from './support.ts';

// A detractor's response opens a ticket for the store's manager, whose bell rises live (SSE) and who gets a web
// push. Headless Chromium cannot subscribe to a real push service, so the subscription points at a local stand-in
// (apps/server/src/testing/push-service.ts) that checks the VAPID JWT and decrypts the aes128gcm message with keys
// this test generated; the decrypted message is then delivered to the page's service worker through the DevTools
// protocol (ServiceWorker.deliverPushMessage), and the notification the worker shows is read back.

let stack: Awaited<ReturnType<typeof startStack>>;
let push: PushServiceStandIn;
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

beforeAll(async () => {
  push = await startPushService();
  stack = await startStack({ config: { outboundAllow: ['127.0.0.1/32'] } });
});
afterAll(async () => {
  await stack?.stop();
  await push?.close();
});

const bellCount = async (page: import('playwright-core').Page) =>
  Number((await page.getByTestId('bell').getAttribute('data-count')) ?? '-1');

describe('notifications in the browser', () => {
  it('a detractor raises the store manager’s bell live and a web push that the service worker shows', async () => {
    const manager = 'sh01.manager@savor.example';
    const page = await stack.browser.newPage(PHONE);
    await page.context().grantPermissions(['notifications'], { origin: stack.baseUrl });
    await login(page, stack.baseUrl, manager);
    await expect.poll(() => page.getByTestId('bell').count()).toBe(1);
    // The demo manager has unread notifications already, and the bell says how many.
    const demoUnread = await one<{ n: number }>(
      stack.ctx.db,
      sql`SELECT count(*)::int AS n FROM notifications n JOIN users u ON u.id::text = n.recipient
          WHERE u.email = ${manager} AND n.channel = 'in_app' AND n.read_at IS NULL`,
    );
    expect(demoUnread?.n).toBeGreaterThan(0);
    await expect.poll(() => bellCount(page), { timeout: 15_000 }).toBe(demoUnread?.n);
    const before = await bellCount(page);

    // The console is a PWA: its manifest and service worker come from its own origin.
    const manifest = await (await fetch(`${stack.baseUrl}/manifest.webmanifest`)).json();
    expect(manifest).toMatchObject({ short_name: 'loopcx', start_url: '/', display: 'standalone' });
    const cdp = await page.context().newCDPSession(page);
    const registrations: Array<{ registrationId: string; scopeURL: string; isDeleted: boolean }> = [];
    cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => registrations.push(...e.registrations));
    await cdp.send('ServiceWorker.enable');
    await page.evaluate(async () => {
      await navigator.serviceWorker.register('/sw.js', { scope: '/' });
      await navigator.serviceWorker.ready;
    });
    await expect.poll(() => registrations.find((r) => r.scopeURL === `${stack.baseUrl}/` && !r.isDeleted)).toBeTruthy();
    const registrationId = registrations.find(
      (r) => r.scopeURL === `${stack.baseUrl}/` && !r.isDeleted,
    )!.registrationId;

    // The browser's push subscription, as pushManager.subscribe() would have made it, at the stand-in.
    const session = await apiSession(stack.baseUrl, manager);
    const sub = push.subscribe();
    expect((await session.request('push/subscriptions', { body: sub })).status).toBe(201);

    // A detractor at the manager's store, through the public respondent API.
    const owner = await apiSession(stack.baseUrl, 'owner@savor.example');
    const survey = await owner.json('surveys', { templateId: 'store-visit' });
    await owner.json(`surveys/${survey.id}/publish`, {});
    const store = (await owner.json('org-units?q=SH-01')).items[0];
    const link = (await owner.json(`surveys/${survey.id}/unit-links`)).items.find(
      (i: { orgUnit: { id: string } }) => i.orgUnit.id === store.id,
    );
    const token = new URL(link.url).pathname.split('/').pop();
    const submitted = await fetch(`${stack.baseUrl}/api/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: stack.baseUrl },
      body: JSON.stringify({
        token,
        idempotencyKey: randomUUID(),
        answers: { csat: 1, nps: 2, low_reason: '等了五十分钟，服务员一直说马上' },
      }),
    });
    expect(submitted.status, await submitted.clone().text()).toBeLessThan(300);

    // The bell rises without a reload (SSE), and the push service received a signed, encrypted message.
    await expect.poll(() => bellCount(page), { timeout: 30_000 }).toBeGreaterThan(before);
    await expect.poll(() => push.received.length, { timeout: 30_000 }).toBeGreaterThan(0);
    expect(push.rejected).toEqual([]);
    const message = JSON.parse(push.received[0].payload) as { title: string; body: string; link: string };
    expect(message.link).toMatch(/^\/tickets\//);
    const ticket = await one<{ assignee: string }>(
      stack.ctx.db,
      sql`SELECT u.email AS assignee FROM tickets t JOIN users u ON u.id = t.assignee_id WHERE t.id = ${message.link.split('/')[2]}`,
    );
    expect(ticket?.assignee).toBe(manager);

    // The service worker shows it.
    await cdp.send('ServiceWorker.deliverPushMessage', {
      origin: stack.baseUrl,
      registrationId,
      data: push.received[0].payload,
    });
    await expect
      .poll(
        () =>
          page.evaluate(async () =>
            (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({
              title: n.title,
              body: n.body,
            })),
          ),
        { timeout: 15_000 },
      )
      .toContainEqual({ title: message.title, body: message.body });

    // The bell's drawer lists it first; opening it goes to the ticket and marks it read.
    await page.getByTestId('bell').tap();
    const first = page.getByTestId('notification-item').first();
    await expect.poll(() => first.textContent()).toContain(message.title);
    await page.screenshot({ path: '/tmp/e2e-notifications-phone.png' });
    await first.tap();
    await page.waitForURL((u) => u.pathname === message.link);
    await expect
      .poll(async () => {
        const list = await session.json('notifications?limit=50');
        return list.items.find((n: { link: string | null }) => n.link === message.link)?.readAt ?? null;
      })
      .not.toBeNull();
    await page.close();
  });

  it('notification settings: channels per kind are saved, at phone width', async () => {
    const page = await stack.browser.newPage(PHONE);
    await login(page, stack.baseUrl, 'east.manager@savor.example');
    await page.getByTestId('user-menu').tap();
    await page.getByRole('menuitem', { name: '通知设置' }).tap();
    await page.waitForURL((u) => u.pathname === '/notification-settings');
    const box = page.getByTestId('pref-alert.metric-push');
    expect(await box.getAttribute('data-checked')).toBe('false');
    await box.locator('input').tap();
    await expect.poll(() => box.getAttribute('data-checked')).toBe('true');
    const { json } = await apiSession(stack.baseUrl, 'east.manager@savor.example');
    await expect
      .poll(
        async () =>
          (await json('notification-preferences')).items.find((p: { kind: string }) => p.kind === 'alert.metric')
            .channels.push,
      )
      .toBe(true);
    await page.screenshot({ path: '/tmp/e2e-notification-settings-phone.png', fullPage: true });
    await page.close();
  });
});
