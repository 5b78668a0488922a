import type { TActionEffect, TActionResponse } from '@loopcx/shared';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { type MutationCallbacks, useInvalidatingMutation } from '../../lib/query.ts';

/** An improvement action as GET /actions lists it. */
export type Action = TActionResponse;
/** A mean and its sample size. */
export type Est = TActionEffect['treated']['before'];
/** The action's effect: difference-in-differences against untreated units, with its interval. */
export type Effect = TActionEffect;

/** Query keys for actions. */
export const actionKeys = {
  all: ['actions'] as const,
  list: () => [...actionKeys.all, 'list'] as const,
  detail: (id: string | undefined) => [...actionKeys.all, 'detail', id] as const,
};

/** The tenant's actions. */
export function useActions() {
  return useQuery({
    queryKey: actionKeys.list(),
    queryFn: () => api<{ items: Action[] }>('actions').then((r) => r.items),
  });
}

/** One action with its measured effect, once one is opened. */
export function useAction(id: string | undefined) {
  return useQuery({
    queryKey: actionKeys.detail(id),
    queryFn: () => api<Action & { effect: Effect }>(`actions/${id}`),
    enabled: !!id,
  });
}

/** Creates an action (as the form fills it: `startDate` is a dayjs date). */
export function useCreateAction(callbacks?: MutationCallbacks<unknown, any>) {
  return useInvalidatingMutation(
    (v: any) =>
      api('actions', {
        body: {
          title: v.title,
          description: v.description,
          metric: v.metric,
          orgUnitIds: v.orgUnitIds,
          startDate: v.startDate.format('YYYY-MM-DD'),
          rootCauseId: v.rootCauseId,
        },
      }),
    [actionKeys.all],
    callbacks,
  );
}
