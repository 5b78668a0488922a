import { describe, expect, it } from 'vitest';
import {
  countEvent,
  currentSession,
  decide,
  type Intercept,
  parseIntercepts,
  SESSION_IDLE_MS,
  urlMatches,
  type Where,
  whereHolds,
} from './rules.ts';

const intercept = (over: Partial<Intercept> & { id: string }): Intercept => ({
  display: 'modal',
  selector: null,
  conditions: { urls: [], event: null },
  delayMs: 0,
  samplePercent: 100,
  oncePerDays: 30,
  ...over,
});

const payment = intercept({
  id: 'pay',
  conditions: {
    urls: [{ op: 'starts_with', value: '/checkout' }],
    event: { type: 'payment.failed', minCount: 3, where: [{ property: 'amount', op: 'gte', value: 50 }] },
  },
});

const never = () => false;

describe('urlMatches', () => {
  const href = 'https://shop.example.com/checkout/pay?order=9#top';
  it('is any-of, and no rule is any page', () => {
    expect(urlMatches([], href)).toBe(true);
    expect(
      urlMatches(
        [
          { op: 'contains', value: 'nope' },
          { op: 'contains', value: 'order=9' },
        ],
        href,
      ),
    ).toBe(true);
    expect(urlMatches([{ op: 'contains', value: 'nope' }], href)).toBe(false);
  });
  it('equals and starts_with take the full URL or its path', () => {
    expect(urlMatches([{ op: 'equals', value: '/checkout/pay' }], href)).toBe(true);
    expect(urlMatches([{ op: 'equals', value: '/checkout/pay?order=9' }], href)).toBe(true);
    expect(urlMatches([{ op: 'equals', value: '/checkout' }], href)).toBe(false);
    expect(urlMatches([{ op: 'starts_with', value: '/checkout' }], href)).toBe(true);
    expect(urlMatches([{ op: 'starts_with', value: 'https://shop.example.com/check' }], href)).toBe(true);
    expect(urlMatches([{ op: 'starts_with', value: '/pay' }], href)).toBe(false);
    expect(urlMatches([{ op: 'equals', value: '/' }], 'https://shop.example.com')).toBe(true);
  });
  it('regex tests the whole URL; an invalid pattern never matches and never throws', () => {
    expect(urlMatches([{ op: 'regex', value: '/checkout/\\w+\\?order=\\d+' }], href)).toBe(true);
    expect(urlMatches([{ op: 'regex', value: '([' }], href)).toBe(false);
    expect(
      urlMatches(
        [
          { op: 'regex', value: '([' },
          { op: 'contains', value: 'pay' },
        ],
        href,
      ),
    ).toBe(true);
  });
});

describe('whereHolds', () => {
  const props = { reason: 'card_declined', amount: 88.5, retry: true, note: null, code: '42' };
  const w = (property: string, op: Where['op'], value: Where['value']) => whereHolds({ property, op, value }, props);
  it('compares as the tenant wrote it', () => {
    expect(w('reason', 'eq', 'card_declined')).toBe(true);
    expect(w('reason', 'neq', 'timeout')).toBe(true);
    expect(w('reason', 'contains', 'declined')).toBe(true);
    expect(w('amount', 'gt', 88)).toBe(true);
    expect(w('amount', 'gte', 88.5)).toBe(true);
    expect(w('amount', 'lt', 88.5)).toBe(false);
    expect(w('amount', 'lte', 88.5)).toBe(true);
    expect(w('code', 'gt', 40)).toBe(true);
    expect(w('retry', 'eq', true)).toBe(true);
    expect(w('amount', 'eq', '88.5')).toBe(true);
  });
  it('a missing or null property only satisfies neq; order needs numbers', () => {
    expect(w('missing', 'eq', 'x')).toBe(false);
    expect(w('missing', 'neq', 'x')).toBe(true);
    expect(w('note', 'contains', '')).toBe(false);
    expect(w('reason', 'gt', 1)).toBe(false);
    expect(w('retry', 'gt', 0)).toBe(false);
    expect(w('__proto__', 'eq', '[object Object]')).toBe(false);
  });
});

describe('sessions and counting', () => {
  it('counts matching events per intercept and qualifies at minCount on a matching URL', () => {
    const s = currentSession(undefined, 0);
    const list = [payment];
    const url = 'https://shop.example.com/checkout';
    countEvent(list, s, 'payment.failed', { amount: 88 }, 1);
    countEvent(list, s, 'payment.failed', { amount: 10 }, 2);
    countEvent(list, s, 'page.view', {}, 3);
    countEvent(list, s, 'payment.failed', { amount: 60 }, 4);
    expect(s.counts).toEqual({ pay: 2 });
    expect(decide(list, s, url, never)).toBeUndefined();
    expect(countEvent(list, s, 'payment.failed', { amount: 51 }, 5)).toBe(true);
    expect(decide(list, s, url, never)?.id).toBe('pay');
    expect(decide(list, s, 'https://shop.example.com/menu', never)).toBeUndefined();
    expect(decide(list, s, url, (i) => i.id === 'pay')).toBeUndefined();
    s.done.push('pay');
    expect(decide(list, s, url, never)).toBeUndefined();
  });

  it('starts a new session after 30 minutes without events', () => {
    const s = currentSession(undefined, 0);
    countEvent([payment], s, 'payment.failed', { amount: 99 }, 1000);
    expect(currentSession(s, 1000 + SESSION_IDLE_MS)).toBe(s);
    expect(currentSession(s, 1001 + SESSION_IDLE_MS)).toEqual({ last: 1001 + SESSION_IDLE_MS, counts: {}, done: [] });
  });

  it('takes the first qualifying intercept in the server order; URL-only intercepts qualify at once', () => {
    const s = currentSession(undefined, 0);
    const welcome = intercept({
      id: 'welcome',
      conditions: { urls: [{ op: 'contains', value: '/menu' }], event: null },
    });
    expect(decide([payment, welcome], s, 'https://shop.example.com/menu', never)?.id).toBe('welcome');
  });
});

describe('parseIntercepts', () => {
  it('keeps well-formed intercepts, clamps numbers and drops the rest', () => {
    const out = parseIntercepts([
      {
        id: 'a',
        display: 'slide_in',
        conditions: { urls: [{ op: 'contains', value: 'x' }, 7], event: null },
        delayMs: 9e9,
      },
      { id: 'b', display: 'popup', conditions: { urls: [] } },
      { id: 'c', display: 'modal', conditions: { event: { type: 7 } } },
      { id: 'd', display: 'embedded', selector: '#s', conditions: { event: { type: 'x.y', minCount: 0 } } },
      null,
      'nope',
    ]);
    expect(out.map((i) => i.id)).toEqual(['a', 'd']);
    expect(out[0]).toMatchObject({ delayMs: 600_000, conditions: { urls: [{ op: 'contains', value: 'x' }] } });
    expect(out[1]).toMatchObject({ selector: '#s', conditions: { urls: [], event: { type: 'x.y', minCount: 1 } } });
    expect(parseIntercepts({ not: 'a list' })).toEqual([]);
  });
});
