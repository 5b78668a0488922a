import { localStore, type Store } from '../storage.js';
import { type JsonAnswer, request } from '../transport.js';
import { route, type UiContext } from '../ui/context.js';
import { canRender } from '../ui/dom.js';
import { showSurvey } from '../ui/frame.js';
import { countEvent, currentSession, decide, type Intercept, type Primitive, type Session } from './rules.js';

const SESSION_KEY = 'loopcx:session';
/** Per intercept id: until when (ms) this browser does not ask for it again. */
const MEMORY_KEY = 'loopcx:intercepts';
const DAY_MS = 86_400_000;
/**
 * Waits before asking …/show again after an answer that says nothing about the visitor (network error, 408, 429,
 * 5xx: a busy server refuses a queued query at its budget with 503); then the intercept is given up for the session.
 */
const SHOW_RETRY_MS = [1_000, 3_000];
const retryable = (status: number) => status === 0 || status === 408 || status === 429 || status >= 500;

/**
 * Runs the intercepts of the key: counts tracked events into the session (sessionStorage), decides after each event,
 * navigation and config load, waits the intercept's delay, asks the server (POST …/show, which has the last word:
 * sampling, once per N days, contact policy, opt-out) and shows the survey. One intercept at a time.
 */
export class Intercepts {
  private list: Intercept[] = [];
  private sessions: Store = localStore('sessionStorage');
  private pending: { i: Intercept; timer: ReturnType<typeof setTimeout> } | undefined;
  private busy = false;
  /** Events tracked before the config arrived: counted when it does (at most 100). */
  private early: Array<[string, Record<string, Primitive>, number]> | undefined = [];

  constructor(private c: UiContext) {}

  private session(): Session {
    let s: Session | undefined;
    try {
      s = JSON.parse(this.sessions.get(SESSION_KEY) ?? 'null') ?? undefined;
      if (s && (typeof s.last !== 'number' || !s.counts || !Array.isArray(s.done))) s = undefined;
    } catch {
      s = undefined;
    }
    return currentSession(s, Date.now());
  }

  private save(s: Session) {
    this.sessions.set(SESSION_KEY, JSON.stringify(s));
  }

  private memory(): Record<string, number> {
    try {
      const m = JSON.parse(this.c.store.get(MEMORY_KEY) ?? '{}');
      return m && typeof m === 'object' ? m : {};
    } catch {
      return {};
    }
  }

  private remember(id: string, days: number) {
    const m = this.memory();
    const now = Date.now();
    for (const k of Object.keys(m)) if (!(m[k] > now)) delete m[k];
    if (days > 0) m[id] = now + days * DAY_MS;
    this.c.store.set(MEMORY_KEY, JSON.stringify(m));
  }

  /** The config arrived (or changed). */
  load(list: Intercept[]) {
    this.list = list;
    const early = this.early ?? [];
    this.early = undefined;
    if (early.length) {
      const s = this.session();
      for (const [type, props, at] of early) countEvent(list, s, type, props, at);
      this.save(s);
    }
    this.check();
  }

  /** An event was tracked (counted now, before it is sent). */
  tracked(type: string, props: Record<string, Primitive>) {
    if (this.early) {
      if (this.early.length < 100) this.early.push([type, props, Date.now()]);
      return;
    }
    const s = this.session();
    // The session's clock runs on every event, so a counter-free event still keeps it alive.
    countEvent(this.list, s, type, props, Date.now());
    this.save(s);
    this.check();
  }

  /** The URL changed (pushState, popstate): a waiting intercept whose URL rule no longer holds is cancelled. */
  navigated() {
    const p = this.pending;
    if (p && !decide([p.i], this.session(), window.location.href, () => false)) this.cancel();
    this.check();
  }

  /** The page is going away: nothing waits on it. */
  cancel() {
    if (this.pending) clearTimeout(this.pending.timer);
    this.pending = undefined;
  }

  private check() {
    if (this.pending || this.busy || !this.list.length || !canRender()) return;
    const memory = this.memory();
    const now = Date.now();
    const i = decide(
      this.list,
      this.session(),
      window.location.href,
      (x) => memory[x.id] > now || (x.display === 'embedded' && !(x.selector && safeQuery(x.selector))),
    );
    if (!i) return;
    this.pending = { i, timer: setTimeout(() => this.show(i), i.delayMs) };
  }

  private show(i: Intercept) {
    this.pending = undefined;
    // The delay passed on this page; its container may have gone meanwhile.
    if (i.display === 'embedded' && !(i.selector && safeQuery(i.selector))) return this.check();
    this.busy = true;
    const s = this.session();
    s.done.push(i.id);
    this.save(s);
    const v = this.c.visitor();
    const body = {
      anonymousId: v.anonymousId,
      customer: v.customer,
      context: { url: v.context.url, locale: v.context.locale },
    };
    const ask = (attempt: number): Promise<void> =>
      request(route(this.c, `intercepts/${encodeURIComponent(i.id)}/show`), body).then((r) => {
        if (retryable(r.status) && attempt < SHOW_RETRY_MS.length) {
          setTimeout(() => void ask(attempt + 1), SHOW_RETRY_MS[attempt]);
          return;
        }
        this.answered(i, r.status, r.data);
      });
    void ask(0);
  }

  /** The server's last word on showing `i` (or the last failed ask): show it, remember a refusal, or warn. */
  private answered(i: Intercept, status: number, d: JsonAnswer['data']) {
    const done = () => {
      this.busy = false;
      this.check();
    };
    if (status === 200 && d && d.show === true && typeof d.url === 'string') {
      this.remember(i.id, i.oncePerDays);
      try {
        if (showSurvey(i, d.url, this.c.lang, done)) return;
      } catch (err) {
        this.c.warn(`could not show an intercept: ${err instanceof Error ? err.message : String(err)}`);
      }
    } else if (status === 200 && d && d.show === false) {
      if (d.reason === 'once_per_days' || d.reason === 'sampled_out') this.remember(i.id, Math.max(1, i.oncePerDays));
    } else this.c.warn(`could not ask whether to show an intercept (HTTP ${status})`);
    done();
  }
}

/** querySelector that treats an invalid selector as absent. */
function safeQuery(sel: string): Element | null {
  try {
    return document.querySelector(sel);
  } catch {
    return null;
  }
}
