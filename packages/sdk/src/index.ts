import { uuid } from './ids.js';
import { EventQueue, Sender, utf8Bytes } from './queue.js';
import { localStore, memoryStore, type Store } from './storage.js';
import type { Context, Customer, Envelope } from './types.js';
import { canRender } from './ui/dom.js';
import { Ui } from './ui/index.js';
import { langOf } from './ui/strings.js';

export type { Context, Customer } from './types.js';

/** Options of init(). */
export interface InitOptions {
  /** The public write key (`pk_…`) from the console's Settings → SDK. */
  key: string;
  /**
   * The loopcx server, e.g. `https://cx.example.com`. Defaults to the origin the script tag loaded loopcx.js from;
   * required when the SDK is bundled from npm.
   */
  apiHost?: string;
  /** Track a `page.view` on init and on each history navigation of a single-page app (default false). */
  autoPageViews?: boolean;
  /**
   * Where the anonymous id, the identified customer and unsent events are kept: `localStorage` (default; they
   * survive reloads and offline periods) or `memory` (this page load only).
   */
  persistence?: 'localStorage' | 'memory';
  /** Your app's version, sent with every batch (context.appVersion). */
  appVersion?: string;
  /**
   * Run the intercept surveys the key's tenant set up (default true): after init the SDK loads them and shows one
   * when its URL and event conditions hold. `false` turns them off on this page.
   */
  intercepts?: boolean;
  /** Show the always-on 吐槽 button when the key's widget is on (default true); feedback() works either way. */
  feedbackButton?: boolean;
  /** The visitor's language for the widget and surveys (zh* → Chinese, else English); default navigator.language. */
  locale?: string;
}

/** Event properties: a flat object of strings, numbers, booleans or null (Dates are sent as ISO strings). */
export type Properties = Record<string, string | number | boolean | null | undefined | Date>;

export const version = '0.1.0';

const ANON_KEY = 'loopcx:anonymousId';
const CUSTOMER_KEY = 'loopcx:customer';
const KEY_RE = /^pk_[\w-]{8,200}$/;
const TYPE_RE = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const CUSTOMER_FIELDS = ['externalId', 'phone', 'email', 'name'] as const;
const MAX_PROPERTIES_BYTES = 4096;

interface State {
  key: string;
  host: string;
  store: Store;
  queue: EventQueue;
  sender: Sender;
  anonymousId: string;
  customer?: Customer;
  appVersion?: string;
  lastPage?: string;
  ui?: Ui;
}
let state: State | undefined;

const win = typeof window !== 'undefined' ? window : undefined;
const doc = typeof document !== 'undefined' ? document : undefined;

/** The origin loopcx.js was loaded from: document.currentScript is set only while the script first runs. */
const scriptOrigin = (() => {
  try {
    const src = (doc?.currentScript as HTMLScriptElement | null)?.src;
    return src ? new URL(src).origin : undefined;
  } catch {
    return undefined;
  }
})();

const warned = new Set<string>();
/** One console warning per distinct message: a mistake in a loop must not flood the host page's console. */
function warn(msg: string) {
  if (warned.has(msg)) return;
  warned.add(msg);
  try {
    console.warn(`loopcx: ${msg}`);
  } catch {
    // A console that throws (some web-views without devtools): nothing to tell.
  }
}

/** Runs a public function so that nothing it does can throw into the host page. */
function guarded<T>(name: string, fallback: T, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    warn(`${name}() failed: ${err instanceof Error ? err.message : String(err)}`);
    return fallback;
  }
}

const clip = (s: unknown, n: number) => (typeof s === 'string' && s ? s.slice(0, n) : undefined);

function context(s: State): Context {
  return {
    url: clip(win?.location?.href, 2000),
    referrer: clip(doc?.referrer, 2000),
    locale: clip(typeof navigator !== 'undefined' ? navigator.language : undefined, 35),
    appVersion: s.appVersion,
    userAgent: clip(typeof navigator !== 'undefined' ? navigator.userAgent : undefined, 512),
  };
}

function enqueue(s: State, type: string, properties: Record<string, string | number | boolean | null>) {
  const env: Envelope = { anonymousId: s.anonymousId, customer: s.customer, context: context(s) };
  s.queue.add({
    id: uuid(),
    type,
    occurredAt: new Date().toISOString(),
    properties,
    key: s.key,
    host: s.host,
    env,
  });
  s.sender.nudge();
  // Intercept conditions count an event once it is tracked, not once it is sent.
  guarded('intercepts', undefined, () => s.ui?.tracked(type, properties));
}

/** Checks and copies track()'s properties; a message saying what is wrong when they cannot be sent. */
function cleanProperties(p: unknown): Record<string, string | number | boolean | null> | string {
  if (p === undefined || p === null) return {};
  if (typeof p !== 'object' || Array.isArray(p)) return 'properties must be an object';
  const out: Record<string, string | number | boolean | null> = {};
  for (const k of Object.keys(p)) {
    const v = (p as Record<string, unknown>)[k];
    if (!k || k.length > 64 || k[0] === '$' || k === '__proto__' || k === 'constructor' || k === 'prototype')
      return `property name "${k.slice(0, 70)}" is not allowed (1–64 characters, not starting with $)`;
    if (v === undefined) continue;
    if (v instanceof Date) out[k] = Number.isNaN(v.getTime()) ? null : v.toISOString();
    else if (typeof v === 'number') out[k] = Number.isFinite(v) ? v : null;
    else if (v === null || typeof v === 'string' || typeof v === 'boolean') out[k] = v;
    else return `property "${k}" must be a string, number, boolean or null (properties are flat)`;
  }
  if (utf8Bytes(JSON.stringify(out)) > MAX_PROPERTIES_BYTES) return 'properties are larger than 4 KB';
  return out;
}

function platform(): 'web' | 'miniprogram' {
  const w = win as (Window & { __wxjs_environment?: string }) | undefined;
  const ua = typeof navigator !== 'undefined' ? navigator.userAgent : '';
  return w?.__wxjs_environment === 'miniprogram' || /miniprogram/i.test(ua) ? 'miniprogram' : 'web';
}

/** A page.view for the current URL, unless it was the last one tracked (popstate after pushState, re-renders). */
function pageView(s: State) {
  const url = win?.location?.href;
  if (!url || url === s.lastPage) return;
  const referrer = s.lastPage ?? doc?.referrer;
  s.lastPage = url;
  const props: Record<string, string> = { url: url.slice(0, 1500), platform: platform() };
  const title = clip(doc?.title, 200);
  if (title) props.title = title;
  const ref = clip(referrer, 1500);
  if (ref) props.referrer = ref;
  enqueue(s, 'page.view', props);
}

/**
 * Single-page apps navigate with history.pushState, which fires no event: it is wrapped to record the page view
 * (after the app had a moment to set the new title). Back/forward and hash changes fire popstate.
 */
function watchNavigation(s: State, views: boolean) {
  const h = win?.history;
  if (!win || !h) return;
  const later = () =>
    setTimeout(() => {
      if (views) guarded('pageView', undefined, () => pageView(s));
      guarded('intercepts', undefined, () => s.ui?.navigated());
    }, 0);
  const push = h.pushState;
  h.pushState = function (this: History, ...args: Parameters<History['pushState']>) {
    const r = push.apply(this, args);
    later();
    return r;
  };
  win.addEventListener('popstate', later);
}

function readCustomer(raw: string | null): Customer | undefined {
  try {
    const c = raw ? JSON.parse(raw) : undefined;
    return c && typeof c === 'object' ? (c as Customer) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Starts the SDK: where to send, with which key. Events already stored by an earlier page (offline, or refused
 * beacons) are sent now. A second call is ignored.
 */
export function init(options: InitOptions): void {
  guarded('init', undefined, () => {
    if (state) return warn('init() was already called; later calls are ignored');
    const o = (options ?? {}) as Partial<InitOptions>;
    if (typeof o.key !== 'string' || !KEY_RE.test(o.key)) return warn('init() needs the public key (pk_…)');
    const host = (o.apiHost ?? scriptOrigin ?? '').replace(/\/+$/, '');
    if (!/^https?:\/\/[^/?#]+(\/[^?#]*)?$/.test(host))
      return warn('init() needs apiHost, the loopcx server (https://…), when the script is not loaded from it');
    const store = o.persistence === 'memory' ? memoryStore() : localStore();
    let anonymousId = store.get(ANON_KEY);
    if (!anonymousId || !UUID_RE.test(anonymousId)) {
      anonymousId = uuid();
      store.set(ANON_KEY, anonymousId);
    }
    const queue = new EventQueue(store);
    const sender = new Sender(queue);
    const s: State = {
      key: o.key,
      host,
      store,
      queue,
      sender,
      anonymousId,
      customer: readCustomer(store.get(CUSTOMER_KEY)),
      appVersion: clip(o.appVersion, 100),
    };
    state = s;
    const hide = () => guarded('send', undefined, () => s.sender.beaconAll());
    win?.addEventListener('pagehide', () => guarded('intercepts', undefined, () => s.ui?.left()));
    const intercepts = o.intercepts !== false;
    if (canRender()) {
      const locale =
        typeof o.locale === 'string' ? o.locale : typeof navigator !== 'undefined' ? navigator.language : '';
      s.ui = new Ui(
        {
          key: s.key,
          host,
          store,
          lang: langOf(locale),
          visitor: () => ({ anonymousId: s.anonymousId, customer: s.customer, context: context(s) }),
          warn,
        },
        { intercepts, feedbackButton: o.feedbackButton !== false },
      );
    }
    doc?.addEventListener('visibilitychange', () => {
      if (doc.visibilityState === 'hidden') hide();
    });
    win?.addEventListener('pagehide', hide);
    win?.addEventListener('online', () => guarded('send', undefined, () => s.sender.online()));
    if (queue.pending) sender.nudge();
    if (o.autoPageViews) pageView(s);
    if (o.autoPageViews || intercepts) watchNavigation(s, !!o.autoPageViews);
  });
}

/**
 * Says who the visitor is: later events carry this customer (matched on the server by externalId, phone or email).
 * Kept until reset() (across page loads with localStorage persistence).
 */
export function identify(customer: Customer): void {
  guarded('identify', undefined, () => {
    if (!state) return warn('call init() before identify()');
    if (!customer || typeof customer !== 'object') return warn('identify() needs an object such as { externalId }');
    const c: Customer = {};
    for (const k of Object.keys(customer)) {
      const v = (customer as Record<string, unknown>)[k];
      if (!(CUSTOMER_FIELDS as readonly string[]).includes(k))
        warn(`identify() ignores "${k.slice(0, 70)}" (it takes externalId, phone, email and name)`);
      else if (typeof v === 'string' && v.trim()) c[k as keyof Customer] = v.trim().slice(0, 200);
      else if (v !== undefined && v !== null) warn(`identify(): ${k} must be a non-empty string`);
    }
    if (!c.externalId && !c.phone && !c.email) return warn('identify() needs an externalId, phone or email');
    state.customer = c;
    state.store.set(CUSTOMER_KEY, JSON.stringify(c));
  });
}

/**
 * Records an event of a type declared in loopcx and allowed for the key (e.g. `page.view`, `payment.failed`).
 * Queued at once; sent within 2 s, or at once when 20 are waiting.
 */
export function track(type: string, properties?: Properties): void {
  guarded('track', undefined, () => {
    if (!state) return warn('call init() before track()');
    if (typeof type !== 'string' || type.length > 100 || !TYPE_RE.test(type))
      return warn(`track(): "${String(type).slice(0, 100)}" is not an event type (lower-case dotted, e.g. order.paid)`);
    const props = cleanProperties(properties);
    if (typeof props === 'string') return warn(`track("${type}"): ${props}; the event was not sent`);
    enqueue(state, type, props);
  });
}

/** Sends the queued events now. Resolves (never rejects) when they were sent or a send failed and will be retried. */
export function flush(): Promise<void> {
  return guarded('flush', Promise.resolve(), () => (state ? state.sender.flush() : Promise.resolve())).then(
    undefined,
    () => undefined,
  );
}

/**
 * Opens the 吐槽 (feedback) form, whether or not the always-on button is shown. Needs the key's feedback widget to be
 * on (console: Settings → SDK); otherwise one console warning.
 */
export function feedback(): void {
  guarded('feedback', undefined, () => {
    if (!state) return warn('call init() before feedback()');
    if (!state.ui) return warn('feedback() needs a browser page');
    state.ui.open();
  });
}

/**
 * Forgets the customer and the anonymous id (call it at log-out): later events come from a new anonymous visitor.
 * Events already queued are still sent as who they were.
 */
export function reset(): void {
  guarded('reset', undefined, () => {
    if (!state) return;
    state.customer = undefined;
    state.store.remove(CUSTOMER_KEY);
    state.anonymousId = uuid();
    state.store.set(ANON_KEY, state.anonymousId);
  });
}

// The async snippet (README) defines window.loopcx as a stub that records calls in `q` until this script has loaded;
// they are replayed in order.
guarded('load', undefined, () => {
  const stub = (win as (Window & { loopcx?: { q?: Array<[string, ArrayLike<unknown>]> } }) | undefined)?.loopcx;
  if (!stub || !Array.isArray(stub.q)) return;
  const api: Record<string, (...a: any[]) => unknown> = { init, identify, track, flush, reset, feedback };
  for (const [name, args] of stub.q) api[name]?.(...Array.from(args));
});
