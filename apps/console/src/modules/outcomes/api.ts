import type { TOutcomeResponse, TOutcomeTile } from '@loopcx/shared';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';

/** What an X → O question asks: the tile's settings, the unit and optionally a response period. */
export interface OutcomeAsk extends TOutcomeTile {
  orgUnitId: string;
  from?: string;
  to?: string;
}

/** Query keys of X → O answers. */
export const outcomeKeys = {
  all: ['outcomes'] as const,
  ask: (q: OutcomeAsk) => [...outcomeKeys.all, q] as const,
};

/** POST /metrics/outcomes for `q` (disabled while `q` is undefined). */
export function useOutcomes(q: OutcomeAsk | undefined) {
  return useQuery({
    queryKey: outcomeKeys.ask(q ?? ({} as OutcomeAsk)),
    queryFn: () => api<TOutcomeResponse>('metrics/outcomes', { body: q }),
    enabled: q !== undefined,
  });
}
