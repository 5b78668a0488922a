import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeDocument, type FakeElement, FakeHTMLElement } from '../../test/fake-dom.ts';

/**
 * The intercepts and the 吐槽 widget against a fetch double that implements the contract's routes (GET config,
 * POST intercepts/:id/show, POST feedback, GET feedback/replies) and records what the SDK asked, on a small fake
 * DOM. Each test loads a fresh copy of the SDK, as a page load would; storage survives reloads like the browser's.
 */
type Listener = (e: any) => void;
const KEY = 'pk_test_0123456789abcdefghijkl';
const HOST = 'https://cx.example.com';
const SURVEY = `${HOST}/s/tok123?embed=1&lang=zh-CN`;

function fakeStorage() {
  const m = new Map<string, string>();
  return {
    map: m,
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, String(v)),
    removeItem: (k: string) => void m.delete(k),
  };
}

interface Req {
  method: string;
  path: string;
  query: URLSearchParams;
  body: any;
  init: RequestInit;
}

let local: ReturnType<typeof fakeStorage>;
let session: ReturnType<typeof fakeStorage>;
let doc: FakeDocument;
let win: {
  location: { href: string };
  history: any;
  listeners: Map<string, Listener[]>;
  addEventListener(t: string, fn: Listener): void;
  removeEventListener(t: string, fn: Listener): void;
  dispatch(t: string, e?: Record<string, unknown>): void;
};
let requests: Req[];
let config: unknown;
let configStatus: number;
let showAnswer: (n: number) => { status: number; body: unknown };
let feedbackAnswer: { status: number; body: unknown };
let replies: unknown[];

const payFailed = (over: Record<string, unknown> = {}) => ({
  id: '0b6a2f3e-8f54-4c1a-9a7e-2f3c4d5e6f70',
  display: 'modal',
  selector: null,
  conditions: {
    urls: [{ op: 'contains', value: '/checkout' }],
    event: { type: 'payment.failed', minCount: 3, where: [{ property: 'reason', op: 'neq', value: 'user_cancelled' }] },
  },
  delayMs: 1000,
  samplePercent: 100,
  oncePerDays: 30,
  ...over,
});
const widget = {
  position: 'bottom_left',
  label: { 'zh-CN': '吐槽<img src=x onerror=alert(1)>', en: 'Feedback' },
  title: { 'zh-CN': '有话直说', en: 'Tell us' },
  screenshot: true,
  askContact: true,
};

function install() {
  requests = [];
  doc = new FakeDocument();
  doc.referrer = 'https://search.example.com/';
  const listeners = new Map<string, Listener[]>();
  win = {
    location: { href: 'https://shop.example.com/checkout' },
    history: {
      pushState(_s: unknown, _t: string, url: string) {
        win.location.href = new URL(url, win.location.href).href;
      },
    },
    listeners,
    addEventListener: (t, fn) => listeners.set(t, [...(listeners.get(t) ?? []), fn]),
    removeEventListener: (t, fn) =>
      listeners.set(
        t,
        (listeners.get(t) ?? []).filter((f) => f !== fn),
      ),
    dispatch: (t, e = {}) => {
      for (const fn of listeners.get(t) ?? []) fn({ type: t, ...e });
    },
  };
  vi.stubGlobal('window', win);
  vi.stubGlobal('document', doc);
  vi.stubGlobal('HTMLElement', FakeHTMLElement);
  vi.stubGlobal('localStorage', local);
  vi.stubGlobal('sessionStorage', session);
  vi.stubGlobal('navigator', { language: 'zh-CN', userAgent: 'Mozilla/5.0 (iPhone)', sendBeacon: () => true });
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    const u = new URL(url);
    const body = init.body === undefined ? undefined : JSON.parse(String(init.body));
    requests.push({ method: init.method ?? 'GET', path: u.pathname, query: u.searchParams, body, init });
    // A plain object rather than a Response: Response.json() settles on the real event loop, past fake timers.
    const json = (status: number, b: unknown) => ({
      status,
      json: () => Promise.resolve(JSON.parse(JSON.stringify(b))),
    });
    if (u.pathname === '/sdk/v1/config')
      return configStatus === 200
        ? json(200, config)
        : json(configStatus, { title: 'Unauthorized', status: configStatus, detail: 'unknown key' });
    if (/^\/sdk\/v1\/intercepts\/[^/]+\/show$/.test(u.pathname)) {
      const a = showAnswer(requests.filter((r) => r.path.endsWith('/show')).length);
      return json(a.status, a.body);
    }
    if (u.pathname === '/sdk/v1/feedback') return json(feedbackAnswer.status, feedbackAnswer.body);
    if (u.pathname === '/sdk/v1/feedback/replies') return json(200, { items: replies });
    if (u.pathname === '/sdk/v1/events') return json(202, { accepted: body.events.length, duplicates: 0 });
    return json(404, { title: 'Not found' });
  });
}

async function load() {
  // The previous page's timers end with it; the clock goes on (clearAllTimers would set it back).
  const now = Date.now();
  vi.clearAllTimers();
  vi.setSystemTime(now);
  install();
  vi.resetModules();
  return import('../index.ts');
}

const settle = () => vi.advanceTimersByTimeAsync(0);
/**
 * Enough turns for a request, its answer and the next decision. 1 ms each: the fake clock runs a 0 ms timer set
 * while it is firing timers 1 ms later.
 */
const ticks = async () => {
  for (let i = 0; i < 10; i++) await vi.advanceTimersByTimeAsync(1);
};
const byId = (id: string) => doc.querySelector(`[data-testid="${id}"]`) as FakeElement | null;
const shows = () => requests.filter((r) => r.path.endsWith('/show'));
const configs = () => requests.filter((r) => r.path === '/sdk/v1/config');

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  local = fakeStorage();
  session = fakeStorage();
  config = { intercepts: [payFailed()], feedback: widget };
  configStatus = 200;
  showAnswer = () => ({ status: 200, body: { show: true, url: SURVEY, invitationId: 'inv-1' } });
  feedbackAnswer = { status: 201, body: { id: 'f-1', replyToken: 'rt_1' } };
  replies = [];
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('config', () => {
  it('GETs the config once after init, with the key and no credentials, and reuses it for 60 s', async () => {
    let sdk = await load();
    sdk.init({ key: KEY, apiHost: HOST });
    await settle();
    expect(configs()).toHaveLength(1);
    expect(configs()[0].query.get('key')).toBe(KEY);
    expect(configs()[0].init).toMatchObject({ credentials: 'omit' });
    expect(configs()[0].init.method).toBeUndefined();

    sdk = await load();
    sdk.init({ key: KEY, apiHost: HOST });
    await settle();
    expect(configs()).toHaveLength(0);
    expect(byId('loopcx-feedback-button')).not.toBeNull();

    vi.setSystemTime(Date.now() + 60_000);
    sdk = await load();
    sdk.init({ key: KEY, apiHost: HOST });
    await settle();
    expect(configs()).toHaveLength(1);
  });

  it('a failed config: no widget, no intercepts, no error thrown, one warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    configStatus = 401;
    const sdk = await load();
    sdk.init({ key: KEY, apiHost: HOST });
    await settle();
    for (let i = 0; i < 3; i++) sdk.track('payment.failed', { reason: 'timeout' });
    await vi.advanceTimersByTimeAsync(5000);
    expect(byId('loopcx-feedback-button')).toBeNull();
    expect(shows()).toHaveLength(0);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatch(/could not load the intercepts and feedback widget \(HTTP 401\)/);
    expect(local.map.get('loopcx:config')).toBeUndefined();
  });
});

describe('intercepts', () => {
  it('three payment.failed on the checkout → waits the delay → asks the server → shows the survey in a modal', async () => {
    const sdk = await load();
    sdk.init({ key: KEY, apiHost: HOST });
    sdk.identify({ externalId: 'M-1001' });
    // Tracked before the config arrived: still counted.
    sdk.track('payment.failed', { reason: 'card_declined', amount: 88 });
    await settle();
    sdk.track('payment.failed', { reason: 'user_cancelled' });
    sdk.track('payment.failed', { reason: 'timeout' });
    await settle();
    expect(shows()).toHaveLength(0);
    sdk.track('payment.failed', { reason: 'timeout' });
    await vi.advanceTimersByTimeAsync(999);
    expect(shows()).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(shows()).toHaveLength(1);
    const [req] = shows();
    expect(req.path).toBe(`/sdk/v1/intercepts/${payFailed().id}/show`);
    expect(req.query.get('key')).toBe(KEY);
    expect(req.init).toMatchObject({ method: 'POST', credentials: 'omit' });
    expect((req.init.headers as Record<string, string>)['content-type']).toMatch(/^text\/plain/);
    expect(req.body).toEqual({
      anonymousId: local.map.get('loopcx:anonymousId'),
      customer: { externalId: 'M-1001' },
      context: { url: 'https://shop.example.com/checkout', locale: 'zh-CN' },
    });
    await settle();
    const card = byId('loopcx-intercept')!;
    expect(card.getAttribute('class')).toBe('card modal');
    expect(card.getAttribute('aria-modal')).toBe('true');
    const frame = byId('loopcx-intercept-frame')!;
    expect(frame.getAttribute('src')).toBe(SURVEY);
    expect(card.parentNode!.getAttribute('mode')).toBe('open');
    // Only one at a time, and not twice in a session.
    for (let i = 0; i < 5; i++) sdk.track('payment.failed', { reason: 'timeout' });
    await vi.advanceTimersByTimeAsync(5000);
    expect(shows()).toHaveLength(1);
    expect(doc.querySelectorAll('[data-testid="loopcx-intercept"]')).toHaveLength(1);
  });

  it('listens only to its frame and the survey origin: completed thanks and closes after 1.5 s', async () => {
    const sdk = await load();
    sdk.init({ key: KEY, apiHost: HOST });
    await settle();
    for (let i = 0; i < 3; i++) sdk.track('payment.failed', {});
    await vi.advanceTimersByTimeAsync(1000);
    const frame = byId('loopcx-intercept-frame')!;
    const completed = { source: 'loopcx', type: 'survey.completed', invitationId: 'inv-1' };
    win.dispatch('message', { origin: 'https://evil.example', source: frame.contentWindow, data: completed });
    win.dispatch('message', { origin: HOST, source: {}, data: completed });
    win.dispatch('message', { origin: HOST, source: frame.contentWindow, data: { ...completed, source: 'other' } });
    expect(byId('loopcx-intercept-thanks')).toBeNull();
    win.dispatch('message', { origin: HOST, source: frame.contentWindow, data: completed });
    expect(byId('loopcx-intercept-thanks')!.textContent).toBe('感谢你的反馈！');
    await vi.advanceTimersByTimeAsync(1499);
    expect(byId('loopcx-intercept')).not.toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(byId('loopcx-intercept')).toBeNull();
    expect(JSON.parse(local.map.get('loopcx:intercepts')!)[payFailed().id]).toBeGreaterThan(
      Date.now() + 29 * 86_400_000,
    );
  });

  it('survey.resize fits the frame to the survey page, within bounds, from its own frame only', async () => {
    const sdk = await load();
    sdk.init({ key: KEY, apiHost: HOST });
    await settle();
    for (let i = 0; i < 3; i++) sdk.track('payment.failed', {});
    await vi.advanceTimersByTimeAsync(1000);
    const frame = byId('loopcx-intercept-frame')!;
    const resize = (height: unknown, from: unknown = frame.contentWindow, origin = HOST) =>
      win.dispatch('message', { origin, source: from, data: { source: 'loopcx', type: 'survey.resize', height } });
    resize(412.4);
    expect(frame.style.height).toBe('413px');
    resize(900, {});
    resize(900, frame.contentWindow, 'https://evil.example');
    resize('900');
    resize(Number.NaN);
    resize(-5);
    expect(frame.style.height).toBe('413px');
    resize(20);
    expect(frame.style.height).toBe('160px');
    resize(1e9);
    expect(frame.style.height).toBe('4000px');
  });

  it('survey.close, the close button and Esc close it', async () => {
    config = {
      intercepts: [
        payFailed({ display: 'slide_in', conditions: { urls: [], event: null }, delayMs: 0, oncePerDays: 0 }),
      ],
      feedback: null,
    };
    let sdk = await load();
    sdk.init({ key: KEY, apiHost: HOST });
    await ticks();
    expect(byId('loopcx-intercept')!.getAttribute('class')).toBe('card slide_in');
    win.dispatch('message', {
      origin: HOST,
      source: byId('loopcx-intercept-frame')!.contentWindow,
      data: { source: 'loopcx', type: 'survey.close' },
    });
    expect(byId('loopcx-intercept')).toBeNull();
    // Shown once per session even with oncePerDays 0; a new session (30 min idle) may show it again.
    vi.setSystemTime(Date.now() + 31 * 60_000);
    sdk = await load();
    sdk.init({ key: KEY, apiHost: HOST });
    await ticks();
    expect(shows()).toHaveLength(1);
    byId('loopcx-intercept-close')!.click();
    expect(byId('loopcx-intercept')).toBeNull();
  });

  it('Esc closes a modal', async () => {
    config = { intercepts: [payFailed({ conditions: { urls: [], event: null }, delayMs: 0 })], feedback: null };
    const sdk = await load();
    sdk.init({ key: KEY, apiHost: HOST });
    await settle();
    await settle();
    expect(byId('loopcx-intercept')).not.toBeNull();
    doc.dispatch('keydown', { key: 'Escape' });
    expect(byId('loopcx-intercept')).toBeNull();
  });

  it('a busy server (503) or a dropped connection: asks again after 1 s and 3 s, then gives up for the session', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    config = { intercepts: [payFailed({ conditions: { urls: [], event: null }, delayMs: 0 })], feedback: null };
    // 503 then a network failure (status 0 stands for it here), then the server says show.
    showAnswer = (n) =>
      n < 3 ? { status: n === 1 ? 503 : 0, body: {} } : { status: 200, body: { show: true, url: SURVEY } };
    let sdk = await load();
    sdk.init({ key: KEY, apiHost: HOST });
    await ticks();
    expect(shows()).toHaveLength(1);
    // (ticks() took 10 ms of the fake clock; the first answer came within its first turns.)
    await vi.advanceTimersByTimeAsync(980);
    expect(shows()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(30);
    expect(shows()).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(2950);
    expect(shows()).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(60);
    expect(shows()).toHaveLength(3);
    await settle();
    expect(byId('loopcx-intercept-frame')!.getAttribute('src')).toBe(SURVEY);
    expect(warn).not.toHaveBeenCalled();
    // Always 502: three asks, one warning, nothing shown; a refusal for good (422) is not asked again.
    for (const [status, asks] of [
      [502, 3],
      [422, 1],
    ] as const) {
      showAnswer = () => ({ status, body: {} });
      vi.setSystemTime(Date.now() + 31 * 60_000);
      local = fakeStorage();
      sdk = await load();
      sdk.init({ key: KEY, apiHost: HOST });
      await ticks();
      await vi.advanceTimersByTimeAsync(10_000);
      expect(shows(), `HTTP ${status}`).toHaveLength(asks);
      expect(byId('loopcx-intercept')).toBeNull();
    }
    expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([
      expect.stringMatching(/could not ask whether to show an intercept \(HTTP 502\)/),
      expect.stringMatching(/could not ask whether to show an intercept \(HTTP 422\)/),
    ]);
  });

  it('remembers a refusal: for the session, and for oncePerDays (at least 1) when sampled out', async () => {
    config = {
      intercepts: [
        payFailed({ id: 'a', conditions: { urls: [], event: null }, delayMs: 0, oncePerDays: 0 }),
        payFailed({ id: 'b', conditions: { urls: [], event: null }, delayMs: 0, oncePerDays: 7 }),
      ],
      feedback: null,
    };
    showAnswer = (n) => ({ status: 200, body: { show: false, reason: n === 1 ? 'sampled_out' : 'contact_policy' } });
    let sdk = await load();
    sdk.init({ key: KEY, apiHost: HOST });
    await ticks();
    expect(shows().map((r) => r.path.split('/')[4])).toEqual(['a', 'b']);
    expect(byId('loopcx-intercept')).toBeNull();
    const memory = JSON.parse(local.map.get('loopcx:intercepts')!);
    expect(Object.keys(memory)).toEqual(['a']);
    expect(memory.a - Date.now()).toBeGreaterThan(86_399_000);
    expect(memory.a - Date.now()).toBeLessThanOrEqual(86_400_000);
    // Same session: neither is asked again; next session (after 30 idle minutes) only b (a is remembered a day).
    sdk = await load();
    sdk.init({ key: KEY, apiHost: HOST });
    await ticks();
    expect(shows()).toHaveLength(0);
    vi.setSystemTime(Date.now() + 31 * 60_000);
    sdk = await load();
    sdk.init({ key: KEY, apiHost: HOST });
    await ticks();
    expect(shows().map((r) => r.path.split('/')[4])).toEqual(['b']);
  });

  it('re-checks URL rules on navigation, and a navigation away cancels the waiting delay', async () => {
    win.location.href = 'https://shop.example.com/menu';
    config = {
      intercepts: [
        payFailed({ conditions: { urls: [{ op: 'starts_with', value: '/checkout' }], event: null }, delayMs: 3000 }),
      ],
      feedback: null,
    };
    const sdk = await load();
    sdk.init({ key: KEY, apiHost: HOST });
    await settle();
    win.history.pushState({}, '', '/checkout');
    await vi.advanceTimersByTimeAsync(2000);
    win.history.pushState({}, '', '/menu');
    await vi.advanceTimersByTimeAsync(5000);
    expect(shows()).toHaveLength(0);
    win.location.href = 'https://shop.example.com/checkout/pay';
    win.dispatch('popstate');
    await vi.advanceTimersByTimeAsync(3000);
    expect(shows()).toHaveLength(1);
  });

  it('embedded: goes into its container, skipped while the container is missing', async () => {
    config = {
      intercepts: [
        payFailed({ display: 'embedded', selector: '#survey-box', conditions: { urls: [], event: null }, delayMs: 0 }),
      ],
      feedback: null,
    };
    const sdk = await load();
    sdk.init({ key: KEY, apiHost: HOST });
    await settle();
    await settle();
    expect(shows()).toHaveLength(0);
    const box = doc.body.appendChild(doc.createElement('div'));
    box.setAttribute('id', 'survey-box');
    sdk.track('page.view');
    await settle();
    await settle();
    expect(shows()).toHaveLength(1);
    const card = byId('loopcx-intercept')!;
    expect(card.getAttribute('class')).toBe('card embedded');
    expect(box.children[0].shadowRoot).toBe(card.parentNode);
  });

  it('intercepts: false asks for nothing; a show that is not a web address shows nothing', async () => {
    config = { intercepts: [payFailed({ conditions: { urls: [], event: null }, delayMs: 0 })], feedback: null };
    let sdk = await load();
    sdk.init({ key: KEY, apiHost: HOST, intercepts: false });
    await ticks();
    expect(shows()).toHaveLength(0);
    showAnswer = () => ({ status: 200, body: { show: true, url: 'javascript:alert(1)', invitationId: 'x' } });
    session = fakeStorage();
    sdk = await load();
    sdk.init({ key: KEY, apiHost: HOST });
    await ticks();
    expect(shows()).toHaveLength(1);
    expect(byId('loopcx-intercept')).toBeNull();
  });
});

describe('the 吐槽 widget', () => {
  it('shows the button at its position with the label in the visitor language, as text', async () => {
    const sdk = await load();
    sdk.init({ key: KEY, apiHost: HOST });
    await settle();
    const b = byId('loopcx-feedback-button')!;
    expect(b.getAttribute('class')).toBe('fb bottom_left');
    expect(b.textContent).toBe('吐槽<img src=x onerror=alert(1)>');
    expect(doc.querySelectorAll('img')).toHaveLength(0);
    const host = doc.querySelectorAll('[data-loopcx]')[0];
    expect(host.style.cssText).toMatch(/position:fixed;top:0;left:0;width:0;height:0/);
  });

  it('English for an English locale; feedbackButton: false hides the button but feedback() still opens the form', async () => {
    const sdk = await load();
    sdk.init({ key: KEY, apiHost: HOST, locale: 'en-US', feedbackButton: false });
    sdk.feedback();
    await settle();
    expect(byId('loopcx-feedback-button')).toBeNull();
    const form = byId('loopcx-feedback-form')!;
    expect(form.querySelector('h2')!.textContent).toBe('Tell us');
    expect(byId('loopcx-feedback-send')!.textContent).toBe('Send');
  });

  it('feedback() warns when the key has no widget', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    config = { intercepts: [], feedback: null };
    const sdk = await load();
    sdk.init({ key: KEY, apiHost: HOST });
    await settle();
    sdk.feedback();
    expect(byId('loopcx-feedback-form')).toBeNull();
    expect(warn.mock.calls[0][0]).toMatch(/feedback widget is off for this key/);
  });

  it('sends the complaint with contact and context, keeps the reply token, and shows the reply when resolved', async () => {
    let sdk = await load();
    sdk.init({ key: KEY, apiHost: HOST, appVersion: '2.0.1' });
    sdk.identify({ externalId: 'M-1001' });
    await settle();
    byId('loopcx-feedback-button')!.click();
    byId('loopcx-feedback-send')!.click();
    expect(byId('loopcx-feedback-status')!.textContent).toBe('请先写下你的反馈。');
    expect(requests.filter((r) => r.path === '/sdk/v1/feedback')).toHaveLength(0);
    byId('loopcx-feedback-text')!.value = '  支付总是失败，<b>气死了</b>  ';
    byId('loopcx-feedback-email')!.value = 'fang@example.com';
    byId('loopcx-feedback-send')!.click();
    await settle();
    await settle();
    const sent = requests.filter((r) => r.path === '/sdk/v1/feedback');
    expect(sent).toHaveLength(1);
    expect(sent[0].query.get('key')).toBe(KEY);
    expect(sent[0].init.method).toBe('POST');
    expect(sent[0].body).toEqual({
      anonymousId: local.map.get('loopcx:anonymousId'),
      customer: { externalId: 'M-1001' },
      context: {
        url: 'https://shop.example.com/checkout',
        locale: 'zh-CN',
        appVersion: '2.0.1',
        userAgent: 'Mozilla/5.0 (iPhone)',
      },
      text: '支付总是失败，<b>气死了</b>',
      contact: { email: 'fang@example.com' },
    });
    expect(byId('loopcx-feedback-status')!.textContent).toBe('已收到，谢谢你的吐槽！我们会认真处理。');
    expect(byId('loopcx-feedback-text')!.value).toBe('');
    expect(JSON.parse(local.map.get('loopcx:replyTokens')!)).toEqual(['rt_1']);

    // Next page: the replies are fetched; a resolved one with a reply puts a dot on the button.
    replies = [
      {
        replyToken: 'rt_1',
        status: 'resolved',
        replies: [{ text: '已为您退款，<script>抱歉</script>', at: '2026-12-06T10:00:00Z' }],
      },
    ];
    sdk = await load();
    sdk.init({ key: KEY, apiHost: HOST });
    await settle();
    await settle();
    const r = requests.find((x) => x.path === '/sdk/v1/feedback/replies')!;
    expect(r.query.get('tokens')).toBe('rt_1');
    expect(r.query.get('key')).toBe(KEY);
    expect(byId('loopcx-feedback-dot')!.style.display).toBe('');
    byId('loopcx-feedback-button')!.click();
    const list = byId('loopcx-feedback-replies')!;
    expect(list.textContent).toBe('我们的回复已为您退款，<script>抱歉</script>');
    expect(doc.querySelectorAll('script')).toHaveLength(0);
    expect(byId('loopcx-feedback-dot')!.style.display).toBe('none');
  });

  it('keeps the 20 newest reply tokens', async () => {
    local.map.set(
      'loopcx:replyTokens',
      JSON.stringify(['bad,token', ...Array.from({ length: 20 }, (_, i) => `old_${i}`), { not: 'a token' }]),
    );
    const sdk = await load();
    sdk.init({ key: KEY, apiHost: HOST });
    await settle();
    sdk.feedback();
    byId('loopcx-feedback-text')!.value = '难用';
    byId('loopcx-feedback-send')!.click();
    await settle();
    await settle();
    expect(requests.find((x) => x.path === '/sdk/v1/feedback/replies')!.query.get('tokens')).toBe(
      Array.from({ length: 20 }, (_, i) => `old_${i}`).join(','),
    );
    const tokens = JSON.parse(local.map.get('loopcx:replyTokens')!);
    expect(tokens).toHaveLength(20);
    expect(tokens[0]).toBe('old_1');
    expect(tokens[19]).toBe('rt_1');
  });

  it('checks the screenshot before sending, sends it base64, and shows a server refusal in the form', async () => {
    vi.stubGlobal(
      'FileReader',
      class {
        result: string | null = null;
        onload: (() => void) | null = null;
        onerror: (() => void) | null = null;
        readAsDataURL(f: { type: string }) {
          this.result = `data:${f.type};base64,iVBORw0KGgo=`;
          setTimeout(() => this.onload?.(), 0);
        }
      },
    );
    const sdk = await load();
    sdk.init({ key: KEY, apiHost: HOST });
    await settle();
    sdk.feedback();
    byId('loopcx-feedback-text')!.value = '页面打不开';
    const shot = byId('loopcx-feedback-screenshot')!;
    shot.files = [{ type: 'image/gif', size: 100 }];
    byId('loopcx-feedback-send')!.click();
    expect(byId('loopcx-feedback-status')!.textContent).toMatch(/PNG、JPEG 或 WebP/);
    shot.files = [{ type: 'image/png', size: 1024 * 1024 + 1 }];
    byId('loopcx-feedback-send')!.click();
    expect(byId('loopcx-feedback-status')!.textContent).toMatch(/不超过 1 MB/);
    expect(requests.filter((r) => r.path === '/sdk/v1/feedback')).toHaveLength(0);

    feedbackAnswer = {
      status: 422,
      body: { title: 'Invalid input', status: 422, detail: 'the screenshot is not a PNG image' },
    };
    shot.files = [{ type: 'image/png', size: 2000 }];
    byId('loopcx-feedback-send')!.click();
    await vi.advanceTimersByTimeAsync(1);
    await settle();
    const sent = requests.filter((r) => r.path === '/sdk/v1/feedback');
    expect(sent[0].body.screenshot).toEqual({ type: 'image/png', data: 'iVBORw0KGgo=' });
    expect(byId('loopcx-feedback-status')!.textContent).toBe(
      '提交失败，请稍后再试。 (the screenshot is not a PNG image)',
    );
    expect(byId('loopcx-feedback-text')!.value).toBe('页面打不开');
    expect(byId('loopcx-feedback-send')!.disabled).toBe(false);
  });
});
