import {
  countEvent,
  currentSession,
  decide,
  type Intercept,
  type Session,
  urlMatches,
} from '../../packages/sdk/src/intercepts/rules.ts';
import type { BenchScenario } from '../run.ts';

/** The budget for deciding on the client whether an intercept shows. */
const BUDGET_US = 5000;
const RULES = 50;

/**
 * 50 intercept rules of every kind the config may hold (URL contains / equals / starts_with / regex, event counts
 * with property filters), none of which qualifies until the end, so every decision walks them all. One decision is
 * what the SDK does per tracked event: read the session (JSON, as from sessionStorage), count the event into the
 * per-intercept counters, write the session back and decide. Median and p99 µs per decision. Pure CPU: any database.
 */
export const scenario: BenchScenario = {
  name: 'sdk-intercept-decision',
  databases: ['pglite'],
  async run(opts) {
    const ops = ['contains', 'equals', 'starts_with', 'regex'] as const;
    const list: Intercept[] = Array.from({ length: RULES }, (_, n) => ({
      id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      display: n % 3 === 0 ? 'modal' : n % 3 === 1 ? 'slide_in' : 'embedded',
      selector: n % 3 === 2 ? '#loopcx-survey' : null,
      conditions: {
        urls: [
          { op: ops[n % 4], value: ops[n % 4] === 'regex' ? `^https://shop\\.example\\.com/p${n}/\\d+$` : `/p${n}` },
          { op: 'contains', value: `campaign=${n}` },
        ],
        event:
          n % 5 === 4
            ? null
            : {
                type: `checkout.step${n % 7}`,
                minCount: 100,
                where: [
                  { property: 'amount', op: 'gte', value: 50 },
                  { property: 'reason', op: 'neq', value: 'user_cancelled' },
                  { property: 'channel', op: 'contains', value: 'web' },
                ],
              },
      },
      delayMs: 0,
      samplePercent: 100,
      oncePerDays: 30,
    }));
    const url = 'https://shop.example.com/checkout/pay?order=W123';
    let stored = JSON.stringify(currentSession(undefined, Date.now()));
    const step = (k: number) => {
      const s = currentSession(JSON.parse(stored) as Session, Date.now());
      countEvent(
        list,
        s,
        `checkout.step${k % 7}`,
        { amount: 40 + (k % 100), reason: 'timeout', channel: 'web-h5' },
        Date.now(),
      );
      stored = JSON.stringify(s);
      return decide(list, s, url, () => false);
    };
    const n = opts.quick ? 5_000 : 50_000;
    for (let k = 0; k < 2_000; k++) step(k); // warm-up (JIT, regex cache)
    stored = JSON.stringify(currentSession(undefined, Date.now()));
    const times: number[] = [];
    let shown = 0;
    for (let k = 0; k < n; k++) {
      const t0 = performance.now();
      if (step(k)) shown++;
      times.push((performance.now() - t0) * 1000);
    }
    times.sort((a, b) => a - b);
    const q = (p: number) => times[Math.min(times.length - 1, Math.floor(times.length * p))];
    if (!urlMatches(list[3].conditions.urls, 'https://shop.example.com/p3/42')) throw new Error('regex rule broken');
    return {
      rules: RULES,
      decisions: n,
      'decisions that showed': shown,
      'median µs per decision': q(0.5),
      'p99 µs per decision': q(0.99),
      'max µs per decision': times[times.length - 1],
      'budget µs': BUDGET_US,
      'within budget (p99)': q(0.99) < BUDGET_US ? 'yes' : 'NO',
    };
  },
};
