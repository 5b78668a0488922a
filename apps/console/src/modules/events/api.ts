import type { TEventResponse, TEventType } from '@loopcx/shared';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { type MutationCallbacks, useInvalidatingMutation } from '../../lib/query.ts';

/** One event as GET /events lists it. */
export type EventItem = TEventResponse;

/** Query keys for event types. */
export const eventTypeKeys = {
  all: ['event-types'] as const,
  list: () => [...eventTypeKeys.all, 'list'] as const,
};

/** Query keys for events; `list` takes the query string of the filters. */
export const eventKeys = {
  all: ['events'] as const,
  list: (filters: string) => [...eventKeys.all, 'list', filters] as const,
};

/** The tenant's event types (built-in and custom). */
export function useEventTypes() {
  return useQuery({
    queryKey: eventTypeKeys.list(),
    queryFn: () => api<{ items: TEventType[] }>('event-types').then((r) => r.items),
  });
}

/** Recent events matching `filters` (a query string without the cursor), 50 a page, newest first. */
export function useEvents(filters: URLSearchParams) {
  const qs = filters.toString();
  return useInfiniteQuery({
    queryKey: eventKeys.list(qs),
    initialPageParam: '',
    queryFn: ({ pageParam }) =>
      api<{ items: EventItem[]; nextCursor: string | null }>(`events?${qs}${pageParam ? `&cursor=${pageParam}` : ''}`),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** Creates an event type, or updates `editingKey`'s. */
export function useSaveEventType(
  editingKey: string | undefined,
  callbacks?: MutationCallbacks<unknown, Record<string, unknown>>,
) {
  return useInvalidatingMutation(
    (body: Record<string, unknown>) =>
      editingKey ? api(`event-types/${editingKey}`, { method: 'PATCH', body }) : api('event-types', { body }),
    [eventTypeKeys.all],
    callbacks,
  );
}

/** Archives or reactivates an event type. */
export function useSetEventTypeStatus(
  callbacks?: MutationCallbacks<unknown, { key: string; status: 'active' | 'archived' }>,
) {
  return useInvalidatingMutation(
    (v: { key: string; status: 'active' | 'archived' }) =>
      api(`event-types/${v.key}`, { method: 'PATCH', body: { status: v.status } }),
    [eventTypeKeys.all],
    callbacks,
  );
}
