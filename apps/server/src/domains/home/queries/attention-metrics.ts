import type { TMetricMove } from '@loopcx/shared';
import type { Actor } from '../../../platform/auth.ts';
import type { Executor } from '../../../platform/db.ts';
import type { AttentionSource } from '../../../platform/module.ts';
import { may } from '../access.ts';
import { copy, fmtP, unitLabel } from '../copy.ts';
import { metricMoves, moveLink } from './metric-moves.ts';

/** At most this many "dropped significantly" cards. */
const CAP = 5;

// One home view asks for the moves twice (the movers list and this source) with the same actor object: the
// computation is shared through a weak map keyed by it, so it runs once per request and is dropped with it.
const perRequest = new WeakMap<Actor, Promise<TMetricMove[]>>();

/** The caller's metric moves with their links; [] for roles that do not read metrics. Computed once per actor. */
export function movesFor(db: Executor, actor: Actor, now: Date): Promise<TMetricMove[]> {
  if (!may(actor, 'metrics.read', 'metrics')) return Promise.resolve([]);
  let p = perRequest.get(actor);
  if (!p) {
    p = metricMoves(db, actor, now).then((list) => list.map((m) => ({ ...m, link: moveLink(m) })));
    perRequest.set(actor, p);
  }
  return p;
}

const fmt = (metric: string, v: number) =>
  metric === 'ces' ? v.toFixed(2) : metric === 'csat' ? `${v.toFixed(1)}%` : v.toFixed(1);

/**
 * Significant drops (p < 0.01, at least 30 answers a week, see significance.ts) of NPS, CSAT and CES in the
 * caller's unit and the two levels below it, this week against last: high below p = 0.001, else medium. (Lower
 * CES is better, so for CES a rise is the drop that needs attention.)
 */
export const metricDrops: AttentionSource = async (db, actor, now, locale) => {
  const w = copy[locale];
  return (await movesFor(db, actor, now))
    .filter((m) => m.significant && (m.metric === 'ces' ? m.change > 0 : m.change < 0))
    .slice(0, CAP)
    .map((m) => ({
      kind: 'metrics.moved',
      severity: m.pValue < 0.001 ? 'high' : 'medium',
      title: w.drop(unitLabel({ name: m.unitName, nameEn: m.unitNameEn }, locale), m.metric),
      detail: w.dropDetail(
        fmt(m.metric, m.previous.value),
        fmt(m.metric, m.current.value),
        m.current.n,
        w.tests[m.test],
        fmtP(m.pValue),
      ),
      link: m.link,
    }));
};
