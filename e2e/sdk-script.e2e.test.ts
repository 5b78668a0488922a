import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStack } from './support.ts';

/**
 * The browser SDK as a customer's site uses it: a page on another origin loads /sdk/v1/loopcx.js from the loopcx
 * server and sends to `apiHost`. The events endpoint here is a stand-in implementing the contract
 * (docs: the SDK ⇄ server contract), so this checks what the SDK sends, not how the server stores it.
 */
let stack: Awaited<ReturnType<typeof startStack>>;
let site: Server;
let pageOrigin: string;
let apiOrigin: string;
const KEY = 'pk_e2e_0123456789abcdefghijkl';

interface Received {
  key: string | null;
  origin: string | undefined;
  contentType: string | undefined;
  fetchMode: string | undefined;
  body: any;
}
let received: Received[] = [];
let preflights = 0;
let configReads = 0;
let answerStatus = 202;

const read = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let s = '';
    req.setEncoding('utf8');
    req.on('data', (c) => {
      s += c;
    });
    req.on('end', () => resolve(s));
  });

/** A host page: the loopcx script tag (or the async snippet) and the site's own script. */
function page(script: string, opts: { async?: boolean } = {}) {
  const src = `${stack.baseUrl}/sdk/v1/loopcx.js`;
  const tag = opts.async
    ? `<script>window.loopcx=window.loopcx||{q:[]};["init","identify","track","flush","reset"].forEach(function(m){loopcx[m]=loopcx[m]||function(){loopcx.q.push([m,arguments])}})</script>
<script async src="${src}"></script>`
    : `<script src="${src}"></script>`;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>味道连锁 · 支付</title>
${tag}</head><body><h1>支付</h1><p id="status">loading</p>
<script>${script}
document.getElementById('status').textContent = 'host script ran';</script></body></html>`;
}

const PAGES: Record<string, () => string> = {
  basic: () =>
    page(`loopcx.init({ key: '${KEY}', apiHost: '${apiOrigin}' });
loopcx.identify({ externalId: 'M-1001', phone: '13800138000' });
loopcx.track('payment.failed', { amount: 88.5, method: 'wechat' });`),
  mobile: () =>
    page(
      `loopcx.init({ key: '${KEY}', apiHost: '${apiOrigin}', autoPageViews: true, appVersion: '5.1.0' });
loopcx.track('payment.failed', { amount: 12 });`,
      { async: true },
    ),
};

beforeAll(async () => {
  stack = await startStack();
  site = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'GET' && url.pathname.startsWith('/p/')) {
      const make = PAGES[url.pathname.slice(3)];
      if (!make) return res.writeHead(404).end();
      return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(make());
    }
    if (url.pathname === '/sdk/v1/events') {
      const cors = { 'access-control-allow-origin': String(req.headers.origin ?? ''), vary: 'Origin' };
      if (req.method === 'OPTIONS') {
        preflights++;
        return res
          .writeHead(204, {
            ...cors,
            'access-control-allow-methods': 'POST',
            'access-control-allow-headers': 'content-type',
            'access-control-max-age': '600',
          })
          .end();
      }
      const text = await read(req);
      received.push({
        key: url.searchParams.get('key'),
        origin: req.headers.origin,
        contentType: req.headers['content-type'],
        fetchMode: req.headers['sec-fetch-mode'] as string | undefined,
        body: JSON.parse(text),
      });
      const status = answerStatus;
      const body =
        status === 202
          ? { accepted: JSON.parse(text).events.length, duplicates: 0 }
          : { type: 'about:blank', title: 'Internal error', status, detail: 'stand-in failure', requestId: 'x' };
      return res
        .writeHead(status, {
          ...cors,
          'content-type': status === 202 ? 'application/json' : 'application/problem+json',
        })
        .end(JSON.stringify(body));
    }
    // The SDK reads its key's intercepts and 吐槽 widget after init: this key has neither.
    if (req.method === 'GET' && url.pathname === '/sdk/v1/config') {
      configReads++;
      return res
        .writeHead(200, {
          'access-control-allow-origin': String(req.headers.origin ?? ''),
          vary: 'Origin',
          'content-type': 'application/json',
        })
        .end(JSON.stringify({ intercepts: [], feedback: null }));
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  const port = (site.address() as AddressInfo).port;
  // Two names for one stand-in: the page and the endpoint are different origins, as a shop and its loopcx are.
  pageOrigin = `http://127.0.0.1:${port}`;
  apiOrigin = `http://localhost:${port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => (site ? site.close(() => resolve()) : resolve()));
  await stack?.stop();
});
beforeEach(() => {
  received = [];
  preflights = 0;
  answerStatus = 202;
});

const events = () => received.flatMap((r) => r.body.events as Array<{ type: string; properties: any; id: string }>);
const queued = (p: Page) => p.evaluate(() => JSON.parse(localStorage.getItem('loopcx:queue') ?? '[]').length as number);

describe('the browser SDK on a customer site', () => {
  it('init + identify + track sends one batch, cross-origin without a preflight', async () => {
    const context = await stack.browser.newContext({ locale: 'zh-CN' });
    const p = await context.newPage();
    await p.goto(`${pageOrigin}/p/basic`);
    await expect.poll(() => received.length).toBe(1);
    const [r] = received;
    expect(r.key).toBe(KEY);
    expect(r.origin).toBe(pageOrigin);
    expect(r.contentType).toBe('text/plain;charset=UTF-8');
    expect(preflights).toBe(0);
    expect(r.body.anonymousId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(r.body.customer).toEqual({ externalId: 'M-1001', phone: '13800138000' });
    expect(r.body.context).toMatchObject({ url: `${pageOrigin}/p/basic`, locale: 'zh-CN' });
    expect(r.body.events).toHaveLength(1);
    expect(r.body.events[0]).toMatchObject({ type: 'payment.failed', properties: { amount: 88.5, method: 'wechat' } });
    expect(Math.abs(Date.parse(r.body.events[0].occurredAt) - Date.now())).toBeLessThan(60_000);
    expect(await p.textContent('#status')).toBe('host script ran');
    expect(await queued(p)).toBe(0);
    // No cookie was set by the SDK, on the page or for the loopcx host.
    expect(await context.cookies()).toEqual([]);
    await context.close();
  });

  it('leaving the page sends what is queued by sendBeacon', async () => {
    const context = await stack.browser.newContext();
    const p = await context.newPage();
    await p.goto(`${pageOrigin}/p/basic`);
    await expect.poll(() => received.length).toBe(1);
    await p.evaluate(() => {
      (window as any).loopcx.track('checkout.abandoned', { step: 2 });
      (window as any).loopcx.track('coupon.removed');
    });
    // Navigating away fires pagehide before the 2 s timer: the batch can only leave as a beacon.
    await p.goto('about:blank');
    await expect.poll(() => received.length).toBe(2);
    expect(received[1].body.events.map((e: any) => e.type)).toEqual(['checkout.abandoned', 'coupon.removed']);
    expect(received[1].contentType).toBe('text/plain;charset=UTF-8');
    expect(received[1].fetchMode).toBe('no-cors');

    // Closing the tab does the same.
    const q = await context.newPage();
    await q.goto(`${pageOrigin}/p/basic`);
    await expect.poll(() => received.length).toBe(3);
    await q.evaluate(() => (window as any).loopcx.track('tab.closed'));
    await q.close({ runBeforeUnload: true });
    await expect.poll(() => events().map((e) => e.type)).toContain('tab.closed');
    await context.close();
  });

  it('offline: the events stay stored and leave when the browser is back online', async () => {
    const context = await stack.browser.newContext();
    const p = await context.newPage();
    await p.goto(`${pageOrigin}/p/basic`);
    await expect.poll(() => received.length).toBe(1);
    await context.setOffline(true);
    await p.evaluate(async () => {
      (window as any).loopcx.track('search.performed', { q: '奶茶' });
      await (window as any).loopcx.flush();
    });
    expect(await queued(p)).toBe(1);
    expect(received).toHaveLength(1);
    await context.setOffline(false);
    await expect.poll(() => events().map((e) => e.type)).toContain('search.performed');
    await expect.poll(() => queued(p)).toBe(0);
    await context.close();
  });

  it("the host page's own script keeps running when the endpoint answers 500, and the events are kept", async () => {
    answerStatus = 500;
    const context = await stack.browser.newContext();
    const p = await context.newPage();
    const errors: string[] = [];
    p.on('pageerror', (e) => errors.push(e.message));
    await p.goto(`${pageOrigin}/p/basic`);
    await expect.poll(() => received.length).toBe(1);
    expect(await p.textContent('#status')).toBe('host script ran');
    expect(await p.evaluate(() => (window as any).loopcx.flush().then(() => 'resolved'))).toBe('resolved');
    expect(await queued(p)).toBe(1);
    expect(errors).toEqual([]);
    // The server recovers: the kept event is sent (same id) on the next flush.
    answerStatus = 202;
    const before = received.length;
    await p.evaluate(() => (window as any).loopcx.flush());
    expect(received.length).toBe(before + 1);
    expect(received.at(-1)!.body.events[0].id).toBe(received[0].body.events[0].id);
    expect(await queued(p)).toBe(0);
    await context.close();
  });

  it('loads with the async snippet at 390 px in a mobile browser with no console errors', async () => {
    const context = await stack.browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 3,
      locale: 'zh-CN',
      userAgent:
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47 NetType/WIFI Language/zh_CN miniProgram',
    });
    const p = await context.newPage();
    const problems: string[] = [];
    p.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
    });
    p.on('pageerror', (e) => problems.push(e.message));
    await p.goto(`${pageOrigin}/p/mobile`);
    await expect.poll(() => received.length).toBe(1);
    expect(received[0].body.events.map((e: any) => e.type)).toEqual(['page.view', 'payment.failed']);
    expect(received[0].body.events[0].properties).toEqual({
      url: `${pageOrigin}/p/mobile`,
      title: '味道连锁 · 支付',
      platform: 'miniprogram',
    });
    expect(received[0].body.context.appVersion).toBe('5.1.0');
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // It asked for its key's intercepts and widget once, and showed nothing (the key has none).
    expect(configReads).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    await context.close();
  });
});
