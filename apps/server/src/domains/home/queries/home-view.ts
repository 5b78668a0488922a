import type { TAttentionItem, THomeResponse } from '@loopcx/shared';
import type { Actor } from '../../../platform/auth.ts';
import type { Executor } from '../../../platform/db.ts';
import type { AttentionSource } from '../../../platform/module.ts';
import type { ScopedUnit } from '../../org/scope.ts';
import type { HomeLocale } from '../copy.ts';
import { movesFor } from './attention-metrics.ts';
import { frontline } from './frontline.ts';
import { homePeriods } from './metric-moves.ts';

/** At most this many cards of one kind, and this many movers. */
export const CAP_PER_KIND = 5;
const MOVERS = 20;
const RANK = { high: 0, medium: 1, low: 2 } as const;

/**
 * Orders attention cards: severity first, then the larger count, then the newest fact; at most `CAP_PER_KIND` of
 * a kind (a source that returns more is cut here, so no source can crowd the page).
 */
export function rankAttention(items: TAttentionItem[]): TAttentionItem[] {
  const sorted = [...items].sort(
    (a, b) =>
      RANK[a.severity] - RANK[b.severity] ||
      (b.count ?? 0) - (a.count ?? 0) ||
      (b.at ?? '').localeCompare(a.at ?? '') ||
      a.kind.localeCompare(b.kind),
  );
  const seen = new Map<string, number>();
  return sorted.filter((i) => {
    const n = (seen.get(i.kind) ?? 0) + 1;
    seen.set(i.kind, n);
    return n <= CAP_PER_KIND;
  });
}

/**
 * The home view of one caller: every module's attention sources (a failing source is named in `unavailable` and
 * the rest still shown), the metric movers, and, for a store, the frontline view. `unit` is the caller's own unit.
 */
export async function homeView(
  db: Executor,
  actor: Actor,
  unit: ScopedUnit,
  now: Date,
  locale: HomeLocale,
  sources: Array<[string, AttentionSource]>,
  onError: (source: string, err: unknown) => void,
): Promise<THomeResponse> {
  const unavailable: string[] = [];
  const results = await Promise.all(
    sources.map(async ([name, source]) => {
      try {
        return await source(db, actor, now, locale);
      } catch (err) {
        onError(name, err);
        unavailable.push(name);
        return [];
      }
    }),
  );
  const [periods, moves, front] = await Promise.all([
    homePeriods(db, actor.tenantId, now),
    movesFor(db, actor, now).catch((err) => {
      onError('movers', err);
      unavailable.push('movers');
      return [];
    }),
    unit.kind === 'store' ? frontline(db, actor, unit, now) : null,
  ]);
  return {
    attention: rankAttention(results.flat()),
    scope: { orgUnitId: unit.id, name: unit.name, nameEn: unit.nameEn, kind: unit.kind },
    period: periods,
    movers: moves.slice(0, MOVERS),
    frontline: front,
    unavailable: unavailable.sort(),
    generatedAt: now.toISOString(),
  };
}
