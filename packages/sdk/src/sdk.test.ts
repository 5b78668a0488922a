import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * The SDK against small fakes of the browser it runs in (localStorage, sendBeacon, fetch, visibility, window
 * events). Each test loads a fresh copy of the module, as a page load would.
 */
type Listener = (e: { type: string }) => void;
function target() {
  const listeners = new Map<string, Listener[]>();
  return {
    addEventListener(type: string, fn: Listener) {
      listeners.set(type, [...(listeners.get(type) ?? []), fn]);
    },
    dispatch(type: string) {
      for (const fn of listeners.get(type) ?? []) fn({ type });
    },
  };
}

function fakeStorage() {
  const m = new Map<string, string>();
  return {
    map: m,
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, String(v)),
    removeItem: (k: string) => void m.delete(k),
  };
}

type Sent = { url: string; body: any; init?: RequestInit };
const KEY = 'pk_test_0123456789abcdefghijkl';
const HOST = 'https://cx.example.com';

let storage: ReturnType<typeof fakeStorage>;
let win: ReturnType<typeof target> & { location: { href: string }; history: any; loopcx?: unknown };
let doc: ReturnType<typeof target> & {
  visibilityState: string;
  referrer: string;
  title: string;
  currentScript: unknown;
};
let cookieReads: number;
let fetched: Sent[];
let beacons: Sent[];
let answer: (n: number) => Promise<Response> | Response;
let beaconOk: boolean;

function install() {
  cookieReads = 0;
  fetched = [];
  beacons = [];
  beaconOk = true;
  answer = () => new Response('{"accepted":1,"duplicates":0}', { status: 202 });
  win = Object.assign(target(), {
    location: { href: 'https://shop.example.com/cart' },
    history: {
      pushState(_s: unknown, _t: string, url: string) {
        win.location.href = new URL(url, win.location.href).href;
      },
    },
  });
  doc = Object.assign(target(), {
    visibilityState: 'visible',
    referrer: 'https://search.example.com/',
    title: '购物车',
    currentScript: null,
  });
  Object.defineProperty(doc, 'cookie', {
    get() {
      cookieReads++;
      throw new Error('the SDK must never read cookies');
    },
    set() {
      cookieReads++;
      throw new Error('the SDK must never write cookies');
    },
  });
  vi.stubGlobal('window', win);
  vi.stubGlobal('document', doc);
  vi.stubGlobal('localStorage', storage);
  vi.stubGlobal('navigator', {
    language: 'zh-CN',
    userAgent: 'Mozilla/5.0 (iPhone) MicroMessenger/8.0',
    sendBeacon: (url: string, body: unknown) => {
      if (!beaconOk) return false;
      beacons.push({ url, body: typeof body === 'string' ? JSON.parse(body) : body });
      return true;
    },
  });
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    fetched.push({ url, body: JSON.parse(String(init.body)), init });
    return answer(fetched.length);
  });
}

/** A fresh page load with the same storage (the previous page's timers end with it). */
async function load() {
  vi.clearAllTimers();
  install();
  vi.resetModules();
  return import('./index.ts');
}

const stored = () => JSON.parse(storage.map.get('loopcx:queue') ?? '[]') as Array<{ type: string; properties: any }>;
const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers();
  storage = fakeStorage();
});
afterEach(() => {
  expect(cookieReads).toBe(0);
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('batching', () => {
  it('sends at 20 events at once, as one request with text/plain, keepalive and no credentials', async () => {
    const sdk = await load();
    sdk.init({ key: KEY, apiHost: `${HOST}/` });
    for (let i = 0; i < 19; i++) sdk.track('product.viewed', { n: i });
    await settle();
    expect(fetched).toHaveLength(0);
    sdk.track('product.viewed', { n: 19 });
    await settle();
    expect(fetched).toHaveLength(1);
    const [req] = fetched;
    expect(req.url).toBe(`${HOST}/sdk/v1/events?key=${KEY}`);
    expect(req.init).toMatchObject({ method: 'POST', keepalive: true, credentials: 'omit' });
    expect((req.init!.headers as Record<string, string>)['content-type']).toMatch(/^text\/plain/);
    expect(req.body.events.map((e: any) => e.properties.n)).toEqual([...Array(20).keys()]);
    const [e] = req.body.events;
    expect(e.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(e.type).toBe('product.viewed');
    expect(Number.isNaN(Date.parse(e.occurredAt))).toBe(false);
    expect(req.body.anonymousId).toMatch(/^[0-9a-f-]{36}$/);
    expect(req.body.customer).toBeUndefined();
    expect(req.body.context).toEqual({
      url: 'https://shop.example.com/cart',
      referrer: 'https://search.example.com/',
      locale: 'zh-CN',
      userAgent: 'Mozilla/5.0 (iPhone) MicroMessenger/8.0',
    });
    expect(stored()).toEqual([]);
  });

  it('sends a partial batch 2 s after the first event', async () => {
    const sdk = await load();
    sdk.init({ key: KEY, apiHost: HOST, appVersion: '3.2.1' });
    sdk.track('cart.opened');
    await vi.advanceTimersByTimeAsync(1000);
    sdk.track('coupon.applied', { code: 'SPRING' });
    await vi.advanceTimersByTimeAsync(990);
    expect(fetched).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(10);
    expect(fetched).toHaveLength(1);
    expect(fetched[0].body.events.map((e: any) => e.type)).toEqual(['cart.opened', 'coupon.applied']);
    expect(fetched[0].body.context.appVersion).toBe('3.2.1');
  });

  it('flush() sends now and resolves once the server answered', async () => {
    const sdk = await load();
    sdk.init({ key: KEY, apiHost: HOST });
    sdk.track('cart.opened');
    await sdk.flush();
    expect(fetched).toHaveLength(1);
    expect(stored()).toEqual([]);
  });

  it('keeps each batch under 60 KB (big events are split across requests)', async () => {
    const sdk = await load();
    sdk.init({ key: KEY, apiHost: HOST });
    for (let i = 0; i < 20; i++) sdk.track('form.submitted', { text: '很'.repeat(1300) });
    await sdk.flush();
    expect(fetched.length).toBeGreaterThan(1);
    for (const f of fetched)
      expect(new TextEncoder().encode(JSON.stringify(f.body)).length).toBeLessThanOrEqual(60_000);
    expect(fetched.flatMap((f) => f.body.events)).toHaveLength(20);
  });
});

describe('identify and reset', () => {
  it('attaches the customer to the events after identify(), not before, and across reloads', async () => {
    let sdk = await load();
    sdk.init({ key: KEY, apiHost: HOST });
    sdk.track('page.view');
    sdk.identify({ externalId: 'M-1001', phone: ' 13800138000 ', name: '王芳' });
    sdk.track('payment.failed', { amount: 88.5 });
    await sdk.flush();
    expect(fetched).toHaveLength(2);
    expect(fetched[0].body.customer).toBeUndefined();
    expect(fetched[1].body.customer).toEqual({ externalId: 'M-1001', phone: '13800138000', name: '王芳' });
    expect(fetched[1].body.anonymousId).toBe(fetched[0].body.anonymousId);
    const anonymousId = fetched[0].body.anonymousId;

    sdk = await load();
    sdk.init({ key: KEY, apiHost: HOST });
    sdk.track('page.view');
    await sdk.flush();
    expect(fetched[0].body).toMatchObject({ anonymousId, customer: { externalId: 'M-1001' } });
  });

  it('reset() forgets the customer and the anonymous id; events queued before it keep theirs', async () => {
    const sdk = await load();
    sdk.init({ key: KEY, apiHost: HOST });
    sdk.identify({ email: 'fang@example.com' });
    sdk.track('order.viewed');
    sdk.reset();
    sdk.track('page.view');
    await sdk.flush();
    expect(fetched).toHaveLength(2);
    expect(fetched[0].body.customer).toEqual({ email: 'fang@example.com' });
    expect(fetched[1].body.customer).toBeUndefined();
    expect(fetched[1].body.anonymousId).not.toBe(fetched[0].body.anonymousId);
    expect(storage.map.get('loopcx:customer')).toBeUndefined();
    expect(storage.map.get('loopcx:anonymousId')).toBe(fetched[1].body.anonymousId);
  });

  it('identify() ignores unknown fields and needs an externalId, phone or email', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const sdk = await load();
    sdk.init({ key: KEY, apiHost: HOST });
    sdk.identify({ name: 'only a name' });
    sdk.identify({ externalId: 'M-7', password: 'x' } as any);
    sdk.track('page.view');
    await sdk.flush();
    expect(fetched[0].body.customer).toEqual({ externalId: 'M-7' });
    expect(warn.mock.calls.map((c) => c[0]).join('\n')).toMatch(/needs an externalId[\s\S]*ignores "password"/);
  });
});

describe('leaving the page', () => {
  it('hands the queue to sendBeacon on pagehide, as a text body', async () => {
    const sdk = await load();
    sdk.init({ key: KEY, apiHost: HOST });
    sdk.track('checkout.started');
    sdk.track('checkout.abandoned', { step: 2 });
    win.dispatch('pagehide');
    expect(beacons).toHaveLength(1);
    expect(beacons[0].url).toBe(`${HOST}/sdk/v1/events?key=${KEY}`);
    expect(beacons[0].body.events.map((e: any) => e.type)).toEqual(['checkout.started', 'checkout.abandoned']);
    expect(stored()).toEqual([]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(fetched).toHaveLength(0);
  });

  it('beacons when the page is hidden; what the browser refuses stays stored for the next load', async () => {
    let sdk = await load();
    sdk.init({ key: KEY, apiHost: HOST });
    sdk.track('video.paused');
    doc.visibilityState = 'hidden';
    doc.dispatch('visibilitychange');
    expect(beacons).toHaveLength(1);
    sdk.track('video.closed');
    beaconOk = false;
    doc.dispatch('visibilitychange');
    expect(stored().map((e) => e.type)).toEqual(['video.closed']);

    sdk = await load();
    sdk.init({ key: KEY, apiHost: HOST });
    await vi.advanceTimersByTimeAsync(2000);
    expect(fetched.flatMap((f) => f.body.events.map((e: any) => e.type))).toEqual(['video.closed']);
  });
});

describe('offline and failures', () => {
  it('keeps the events stored while the network fails and sends them when the browser is back online', async () => {
    const sdk = await load();
    answer = () => Promise.reject(new TypeError('Failed to fetch'));
    sdk.init({ key: KEY, apiHost: HOST });
    sdk.track('search.performed', { q: '奶茶' });
    await sdk.flush();
    expect(fetched).toHaveLength(1);
    expect(stored().map((e) => e.properties.q)).toEqual(['奶茶']);
    answer = () => new Response(null, { status: 202 });
    win.dispatch('online');
    await settle();
    expect(fetched).toHaveLength(2);
    expect(fetched[1].body.events[0].id).toBe(fetched[0].body.events[0].id);
    expect(stored()).toEqual([]);
  });

  it('a stored queue survives a reload and is sent by the next page', async () => {
    let sdk = await load();
    answer = () => Promise.reject(new TypeError('offline'));
    sdk.init({ key: KEY, apiHost: HOST });
    sdk.track('form.started');
    await sdk.flush();
    sdk = await load();
    sdk.init({ key: KEY, apiHost: HOST });
    await vi.advanceTimersByTimeAsync(2000);
    expect(fetched.map((f) => f.body.events[0].type)).toEqual(['form.started']);
    expect(stored()).toEqual([]);
  });

  it('retries after a 429 (after Retry-After) and a 503, with the same event ids', async () => {
    const sdk = await load();
    answer = (n) =>
      n === 1
        ? new Response(null, { status: 429, headers: { 'retry-after': '30' } })
        : n === 2
          ? new Response(null, { status: 503 })
          : new Response(null, { status: 202 });
    sdk.init({ key: KEY, apiHost: HOST });
    sdk.track('payment.failed');
    await vi.advanceTimersByTimeAsync(2000);
    expect(fetched).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(29_000);
    expect(fetched).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fetched).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fetched).toHaveLength(3);
    expect(new Set(fetched.map((f) => f.body.events[0].id)).size).toBe(1);
    expect(stored()).toEqual([]);
  });

  it('drops a batch the server refuses with a 400 and warns once', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const sdk = await load();
    answer = () =>
      new Response(JSON.stringify({ title: 'Invalid input', detail: 'events[0].type is not allowed for this key' }), {
        status: 400,
        headers: { 'content-type': 'application/problem+json' },
      });
    sdk.init({ key: KEY, apiHost: HOST });
    sdk.track('secret.type');
    await sdk.flush();
    sdk.track('secret.type');
    await sdk.flush();
    expect(fetched).toHaveLength(2);
    expect(stored()).toEqual([]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatch(/HTTP 400: events\[0\]\.type is not allowed/);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(fetched).toHaveLength(2);
  });

  it('keeps at most 500 events, dropping the oldest', async () => {
    const sdk = await load();
    answer = () => Promise.reject(new TypeError('offline'));
    sdk.init({ key: KEY, apiHost: HOST });
    for (let i = 0; i < 510; i++) sdk.track('scroll.depth', { i });
    await settle();
    const q = stored();
    expect(q).toHaveLength(500);
    expect(q[0].properties.i).toBe(10);
    expect(q[499].properties.i).toBe(509);
  });

  it('keeps events another tab stored', async () => {
    const sdk = await load();
    answer = () => Promise.reject(new TypeError('offline'));
    sdk.init({ key: KEY, apiHost: HOST });
    const other = {
      id: '0b6a2f3e-8f54-4c1a-9a7e-2f3c4d5e6f70',
      type: 'other.tab',
      occurredAt: new Date(Date.now() - 1000).toISOString(),
      properties: {},
      key: KEY,
      host: HOST,
      env: { anonymousId: '0b6a2f3e-8f54-4c1a-9a7e-2f3c4d5e6f71', context: {} },
    };
    storage.map.set('loopcx:queue', JSON.stringify([other]));
    sdk.track('this.tab');
    expect(stored().map((e) => e.type)).toEqual(['other.tab', 'this.tab']);
  });
});

describe('never breaks the host page', () => {
  it('no public function throws or rejects, whatever it is given or whatever the browser does', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {
      throw new Error('a console that throws');
    });
    const sdk = await load();
    const circular: any = {};
    circular.self = circular;
    expect(() => sdk.track('before.init')).not.toThrow();
    expect(() => sdk.identify({ externalId: 'x' })).not.toThrow();
    await expect(sdk.flush()).resolves.toBeUndefined();
    expect(() => sdk.init(undefined as any)).not.toThrow();
    expect(() => sdk.init({ key: 'sk_secret' })).not.toThrow();
    vi.stubGlobal('localStorage', {
      getItem() {
        throw new Error('SecurityError');
      },
      setItem() {
        throw new Error('QuotaExceededError');
      },
      removeItem() {
        throw new Error('SecurityError');
      },
    });
    vi.stubGlobal('fetch', () => {
      throw new Error('fetch blew up');
    });
    expect(() => sdk.init({ key: KEY, apiHost: HOST })).not.toThrow();
    for (const args of [
      [undefined],
      [42],
      ['Not A Type'],
      ['x'.repeat(500)],
      ['ok.type', circular],
      ['ok.type', { deep: { a: 1 } }],
      ['ok.type', { fn: () => 1 }],
      ['ok.type', { big: 10n }],
      ['ok.type', { __proto__: { polluted: true } }],
      ['ok.type', JSON.parse('{"__proto__":{"polluted":true}}')],
      ['ok.type', { huge: 'x'.repeat(5000) }],
      ['ok.type', [1, 2]],
      ['ok.type', 'string'],
    ])
      expect(() => (sdk.track as any)(...args)).not.toThrow();
    expect(() => sdk.identify(null as any)).not.toThrow();
    expect(() => sdk.identify({ externalId: { nested: true } } as any)).not.toThrow();
    expect(() => sdk.reset()).not.toThrow();
    await expect(sdk.flush()).resolves.toBeUndefined();
    win.dispatch('pagehide');
    win.dispatch('online');
    expect(({} as any).polluted).toBeUndefined();
    expect(warn).toHaveBeenCalled();
  });

  it('refuses events that are not flat or too large, keeps the good ones', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const sdk = await load();
    sdk.init({ key: KEY, apiHost: HOST });
    sdk.track('ok.one', { when: new Date('2026-01-02T03:04:05Z'), n: Number.NaN, skip: undefined, flag: false });
    sdk.track('bad.one', { nested: { a: 1 } } as any);
    sdk.track('bad.two', { $anonymousId: 'spoof' });
    sdk.track('BadType');
    sdk.track('bad.three', { text: '很'.repeat(1400) });
    await sdk.flush();
    expect(fetched.flatMap((f) => f.body.events)).toMatchObject([
      { type: 'ok.one', properties: { when: '2026-01-02T03:04:05.000Z', n: null, flag: false } },
    ]);
  });

  it('needs apiHost when not loaded from a script tag, and takes the script origin otherwise', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    let sdk = await load();
    sdk.init({ key: KEY });
    expect(warn.mock.calls[0][0]).toMatch(/needs apiHost/);
    install();
    doc.currentScript = { src: 'https://cx.example.com/sdk/v1/loopcx.js' };
    vi.resetModules();
    sdk = await import('./index.ts');
    sdk.init({ key: KEY });
    sdk.track('page.view');
    await sdk.flush();
    expect(fetched[0].url).toBe(`${HOST}/sdk/v1/events?key=${KEY}`);
  });
});

describe('page views and the async snippet', () => {
  it('tracks page.view on init and on pushState navigations, once per URL', async () => {
    const sdk = await load();
    sdk.init({ key: KEY, apiHost: HOST, autoPageViews: true });
    win.history.pushState({}, '', '/checkout');
    await settle();
    win.dispatch('popstate');
    await settle();
    await sdk.flush();
    const events = fetched.flatMap((f) => f.body.events);
    expect(events.map((e: any) => e.properties)).toEqual([
      {
        url: 'https://shop.example.com/cart',
        title: '购物车',
        referrer: 'https://search.example.com/',
        platform: 'web',
      },
      {
        url: 'https://shop.example.com/checkout',
        title: '购物车',
        referrer: 'https://shop.example.com/cart',
        platform: 'web',
      },
    ]);
    // Each page's events carry that page's URL in their context.
    expect(fetched.map((f) => f.body.context.url)).toEqual([
      'https://shop.example.com/cart',
      'https://shop.example.com/checkout',
    ]);
  });

  it('replays the calls the snippet queued before the script loaded', async () => {
    install();
    win.loopcx = {
      q: [
        ['init', [{ key: KEY, apiHost: HOST }]],
        ['identify', [{ externalId: 'M-9' }]],
        ['track', ['coupon.claimed', { coupon: 'A' }]],
      ],
    };
    vi.resetModules();
    const sdk = await import('./index.ts');
    await sdk.flush();
    expect(fetched[0].body).toMatchObject({
      customer: { externalId: 'M-9' },
      events: [{ type: 'coupon.claimed', properties: { coupon: 'A' } }],
    });
  });
});

describe('ids', () => {
  it('makes v4 UUIDs without crypto.randomUUID (old web-views, plain http pages)', async () => {
    const { uuid } = await import('./ids.ts');
    const real = await import('node:crypto');
    vi.stubGlobal('crypto', { getRandomValues: (b: Uint8Array) => real.webcrypto.getRandomValues(b) });
    const ids = new Set(Array.from({ length: 1000 }, () => uuid()));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    vi.stubGlobal('crypto', undefined);
    expect(uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
