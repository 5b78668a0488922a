import type { TFeedbackItemResponse } from '@loopcx/shared';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { type MutationCallbacks, useInvalidatingMutation } from '../../lib/query.ts';

/** Where feedback outside surveys comes from. */
export const SOURCES = ['social', 'forum', 'app_review', 'call_transcript', 'other'] as const;
/** Every source the list can filter by: `in_app` items come only from the SDK's 吐槽 widget, never from a form here. */
export const LIST_SOURCES = [...SOURCES, 'in_app'] as const;
/** The in-app screenshot, read with the console session (never public). */
export const screenshotUrl = (id: string) => `/api/v1/feedback/${id}/screenshot`;
/** One feedback item as GET /feedback lists it, with its analysis once done. */
export type FeedbackItem = TFeedbackItemResponse;

/** Filters of the feedback list. */
export interface FeedbackFilters {
  source?: string;
  orgUnitId?: string;
  q?: string;
}

/** Query keys for feedback. */
export const feedbackKeys = {
  all: ['feedback'] as const,
  list: (filters: FeedbackFilters) => [...feedbackKeys.all, 'list', filters] as const,
  detail: (id: string | null | undefined) => [...feedbackKeys.all, 'detail', id] as const,
};

/** One feedback item (the ticket page shows the item a ticket was opened from). */
export function useFeedbackItem(id: string | null | undefined, enabled: boolean) {
  return useQuery({
    queryKey: feedbackKeys.detail(id),
    queryFn: () => api<FeedbackItem>(`feedback/${id}`),
    enabled: !!id && enabled,
  });
}

/** Feedback matching `filters`, 30 a page; polls while an item still waits for its analysis. */
export function useFeedback(filters: FeedbackFilters) {
  return useInfiniteQuery({
    queryKey: feedbackKeys.list(filters),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => {
      const p = new URLSearchParams({ limit: '30' });
      for (const [k, v] of Object.entries(filters)) if (v) p.set(k, v);
      if (pageParam) p.set('cursor', pageParam);
      return api<{ items: FeedbackItem[]; nextCursor: string | null }>(`feedback?${p}`);
    },
    getNextPageParam: (p) => p.nextCursor ?? undefined,
    // Analysis arrives a moment after an item is stored.
    refetchInterval: (q) => (q.state.data?.pages.some((p) => p.items.some((i) => !i.analysis)) ? 2000 : false),
  });
}

/** Stores one feedback item typed in by hand (empty fields left out). */
export function useCreateFeedback(callbacks?: MutationCallbacks<unknown, Record<string, unknown>>) {
  return useInvalidatingMutation(
    (v: Record<string, unknown>) =>
      api('feedback', {
        body: Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== '' && x !== null)),
      }),
    [feedbackKeys.all],
    callbacks,
  );
}

/** Deletes a feedback item. */
export function useDeleteFeedback(callbacks?: MutationCallbacks<unknown, string>) {
  return useInvalidatingMutation(
    (id: string) => api(`feedback/${id}`, { method: 'DELETE' }),
    [feedbackKeys.all],
    callbacks,
  );
}
