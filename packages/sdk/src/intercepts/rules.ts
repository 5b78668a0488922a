/**
 * The intercept rules as GET /sdk/v1/config sends them, and the pure decision over them: which intercept qualifies
 * for this session, URL and moment. No DOM, no storage, no clock of its own: the caller passes them in, so the
 * decision is testable and cheap (a bench case measures it with 50 rules).
 */

export type Primitive = string | number | boolean | null;

export interface UrlRule {
  op: 'contains' | 'equals' | 'starts_with' | 'regex';
  value: string;
}

export interface Where {
  property: string;
  op: 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte' | 'contains';
  value: string | number | boolean;
}

export interface EventRule {
  type: string;
  minCount: number;
  where?: Where[];
}

export interface Intercept {
  id: string;
  display: 'modal' | 'slide_in' | 'embedded';
  selector: string | null;
  conditions: { urls: UrlRule[]; event: EventRule | null };
  delayMs: number;
  samplePercent: number;
  oncePerDays: number;
}

/**
 * The visitor's browser session as the intercepts see it: when it last saw an event, a counter per intercept of the
 * events that matched its event rule (not an event log: the state stays small however long the session), and the
 * intercepts already shown or refused in it.
 */
export interface Session {
  last: number;
  counts: Record<string, number>;
  done: string[];
}

/** A session ends after 30 minutes without events. */
export const SESSION_IDLE_MS = 30 * 60_000;

/** The stored session, or a new one when there is none or it has been idle for 30 minutes. */
export function currentSession(s: Session | undefined, now: number): Session {
  return s && now - s.last <= SESSION_IDLE_MS ? s : { last: now, counts: {}, done: [] };
}

const regexes = new Map<string, RegExp | null>();
/** Compiled once per source; an invalid pattern never matches (and never throws). */
function regex(src: string): RegExp | null {
  let r = regexes.get(src);
  if (r === undefined) {
    try {
      r = new RegExp(src);
    } catch {
      r = null;
    }
    if (regexes.size > 500) regexes.clear();
    regexes.set(src, r);
  }
  return r;
}

/**
 * Any-of; no rule means any page. `contains` and `regex` test the whole URL; `equals` and `starts_with` accept the
 * whole URL or its path (with or without the query), so a rule may be written as `/checkout` or as a full address.
 */
export function urlMatches(rules: readonly UrlRule[], href: string): boolean {
  if (!rules.length) return true;
  let path = href;
  const m = /^[a-z][\w+.-]*:\/\/[^/?#]*([^#]*)/i.exec(href);
  if (m) path = m[1] || '/';
  const bare = path.split('?')[0];
  for (const r of rules) {
    const v = r.value;
    if (typeof v !== 'string') continue;
    if (
      r.op === 'contains'
        ? href.indexOf(v) >= 0
        : r.op === 'equals'
          ? v === href || v === path || v === bare
          : r.op === 'starts_with'
            ? href.indexOf(v) === 0 || path.indexOf(v) === 0
            : r.op === 'regex' && !!regex(v)?.test(href)
    )
      return true;
  }
  return false;
}

/** One property filter. A missing property satisfies only `neq`; order comparisons need two numbers. */
export function whereHolds(w: Where, props: Record<string, Primitive>): boolean {
  const has = Object.keys(props).indexOf(w.property) >= 0;
  const a = has ? props[w.property] : undefined;
  if (w.op === 'neq') return a === undefined || String(a) !== String(w.value);
  if (a === undefined || a === null) return false;
  if (w.op === 'eq') return String(a) === String(w.value);
  if (w.op === 'contains') return String(a).indexOf(String(w.value)) >= 0;
  const x = typeof a === 'number' ? a : Number(a);
  const y = typeof w.value === 'number' ? w.value : Number(w.value);
  if (typeof a === 'boolean' || a === '' || !Number.isFinite(x) || !Number.isFinite(y)) return false;
  return w.op === 'gt' ? x > y : w.op === 'gte' ? x >= y : w.op === 'lt' ? x < y : x <= y;
}

/**
 * A tracked event: adds one to the counter of every intercept whose event rule it matches (type and all filters)
 * and marks the session active. True when a counter changed, i.e. a decision may have changed.
 */
export function countEvent(
  list: readonly Intercept[],
  session: Session,
  type: string,
  props: Record<string, Primitive>,
  now: number,
): boolean {
  session.last = now;
  let changed = false;
  for (const i of list) {
    const e = i.conditions.event;
    if (!e || e.type !== type || (e.where && !e.where.every((w) => whereHolds(w, props)))) continue;
    session.counts[i.id] = Math.min((session.counts[i.id] ?? 0) + 1, 1_000_000);
    changed = true;
  }
  return changed;
}

/**
 * The first intercept (in the server's order) whose conditions hold now — URL any-of and, when it has an event rule,
 * at least minCount matching events in this session — and that `blocked` does not rule out (already shown or refused
 * in this session, remembered for N days, its container missing).
 */
export function decide(
  list: readonly Intercept[],
  session: Session,
  href: string,
  blocked: (i: Intercept) => boolean,
): Intercept | undefined {
  for (const i of list) {
    const e = i.conditions.event;
    if (e && (session.counts[i.id] ?? 0) < e.minCount) continue;
    if (session.done.indexOf(i.id) >= 0 || !urlMatches(i.conditions.urls, href) || blocked(i)) continue;
    return i;
  }
  return undefined;
}

const DISPLAYS = ['modal', 'slide_in', 'embedded'];
const isObj = (v: unknown): v is Record<string, any> => !!v && typeof v === 'object' && !Array.isArray(v);
const num = (v: unknown, min: number, max: number, dflt: number) =>
  typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : dflt;

/** The intercepts of a config answer, each checked for the shape the rules need; a malformed one is left out. */
export function parseIntercepts(v: unknown): Intercept[] {
  const out: Intercept[] = [];
  if (!Array.isArray(v)) return out;
  for (const i of v) {
    if (!isObj(i) || typeof i.id !== 'string' || DISPLAYS.indexOf(i.display) < 0 || !isObj(i.conditions)) continue;
    const c = i.conditions;
    const urls = Array.isArray(c.urls) ? c.urls.filter((u: unknown) => isObj(u) && typeof u.value === 'string') : [];
    let event: EventRule | null = null;
    if (isObj(c.event)) {
      if (typeof c.event.type !== 'string') continue;
      event = {
        type: c.event.type,
        minCount: num(c.event.minCount, 1, 100, 1),
        where: Array.isArray(c.event.where)
          ? c.event.where.filter((w: unknown) => isObj(w) && typeof w.property === 'string')
          : [],
      };
    }
    out.push({
      id: i.id,
      display: i.display,
      selector: typeof i.selector === 'string' ? i.selector : null,
      conditions: { urls, event },
      delayMs: num(i.delayMs, 0, 600_000, 0),
      samplePercent: num(i.samplePercent, 0, 100, 100),
      oncePerDays: num(i.oncePerDays, 0, 365, 0),
    });
  }
  return out;
}
