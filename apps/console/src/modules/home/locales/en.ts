import type { Shape } from '../../../lib/locale.ts';
import type { zhCN } from './zh-CN.ts';

/** English strings of the home module: the type checker refuses a key missing here or absent from zh-CN. */
export const en: Shape<typeof zhCN> = {
  nav: 'Home',
  title: 'What needs my attention',
  scope: 'Scope: {{unit}}',
  allClear: 'Nothing needs your attention right now',
  open: 'Open',
  unavailable: 'Some sources are unavailable right now: {{names}}',
  movers: 'Metric movers (last 7 days vs the 7 before)',
  moversHint:
    "Significance: NPS by a z test on the difference, CSAT by a two-proportion z test, CES by Welch's t test; significant at p < 0.01 with n ≥ 30 in each period.",
  noMovers: 'Not enough answers to compare yet',
  unit: 'Unit',
  metric: 'Metric',
  current: 'Last 7 days',
  previous: 'Previous 7',
  change: 'Change',
  test: 'Test',
  significant: 'significant',
  notSignificant: 'not significant',
  today: 'Today',
  week: 'Last 7 days',
  myStore: 'My store',
  myTickets: 'My open tickets ({{n}})',
  allTickets: 'All tickets',
  noTickets: 'No open tickets',
  praise: 'Praise from customers',
  noPraise: 'No praise in the last 7 days',
  lowN: 'too few answers',
  sev: { high: 'Urgent', medium: 'Watch', low: 'FYI' },
  tests: { 'z-nps': 'z test', 'z-two-proportion': 'two-proportion z', 'welch-t': "Welch's t" },
};
