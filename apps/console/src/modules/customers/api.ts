import type {
  TCustomerDetailResponse,
  TCustomerPageResponse,
  TCustomerResponse,
  TSegmentPreviewResponse,
  TSegmentResponse,
  TTierOverviewResponse,
  TTimelineItem,
  TTimelineResponse,
} from '@loopcx/shared';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { type MutationCallbacks, useInvalidatingMutation } from '../../lib/query.ts';

/** A customer profile (identities masked); `segments` and `merges` only on the detail. */
export type Customer = TCustomerResponse & Partial<Pick<TCustomerDetailResponse, 'segments' | 'merges'>>;

/** A saved segment with its member count. */
export type Segment = TSegmentResponse;

/** One entry of a customer's 360 timeline. */
export type TimelineEntry = TTimelineItem;

/** Filters of the customer list. */
export interface CustomerFilters {
  q?: string;
  tag?: string;
  tier?: string;
  segmentId?: string;
}

/** A segment definition: conditions matched all or any. */
export interface SegmentDefinition {
  match: 'all' | 'any';
  conditions: Array<Record<string, unknown>>;
}

/** Query keys for customer profiles (lists, details, timelines, merge search), tiers and segments. */
export const customerKeys = {
  all: ['customers'] as const,
  list: (filters: CustomerFilters) => [...customerKeys.all, 'list', filters] as const,
  search: (q: string) => [...customerKeys.all, 'merge-search', q] as const,
  detail: (id: string | undefined) => [...customerKeys.all, 'detail', id] as const,
  timeline: (id: string | undefined) => [...customerKeys.all, 'timeline', id] as const,
  tiers: () => ['customer-tiers'] as const,
};

/** Query keys for saved segments and the builder's live count. */
export const segmentKeys = {
  all: ['customer-segments'] as const,
  list: () => [...segmentKeys.all, 'list'] as const,
  preview: (definitionJson: string) => ['segment-preview', definitionJson] as const,
};

/** Profiles matching `filters`, 30 a page. */
export function useCustomers(filters: CustomerFilters) {
  return useInfiniteQuery({
    queryKey: customerKeys.list(filters),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => {
      const p = new URLSearchParams({ limit: '30' });
      for (const [k, v] of Object.entries(filters)) if (v) p.set(k, v);
      if (pageParam) p.set('cursor', pageParam);
      return api<TCustomerPageResponse>(`customers?${p}`);
    },
    getNextPageParam: (p) => p.nextCursor ?? undefined,
  });
}

/** Up to 10 profiles matching `q`, other than `exceptId` (the merge picker). */
export function useCustomerSearch(q: string, exceptId: string) {
  return useQuery({
    queryKey: customerKeys.search(q),
    enabled: q.length > 0,
    queryFn: () =>
      api<{ items: Customer[] }>(`customers?q=${encodeURIComponent(q)}&limit=10`).then((r) =>
        r.items.filter((c) => c.id !== exceptId),
      ),
  });
}

/** One profile. */
export function useCustomer(id: string | undefined) {
  return useQuery({
    queryKey: customerKeys.detail(id),
    queryFn: () => api<TCustomerDetailResponse>(`customers/${id}`),
  });
}

/** A profile's timeline, 30 a page; `hidden` names the kinds the caller may not see. */
export function useCustomerTimeline(id: string | undefined, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: customerKeys.timeline(id),
    initialPageParam: undefined as string | undefined,
    enabled,
    queryFn: ({ pageParam }) =>
      api<TTimelineResponse>(`customers/${id}/timeline?limit=30${pageParam ? `&cursor=${pageParam}` : ''}`),
    getNextPageParam: (p) => p.nextCursor ?? undefined,
  });
}

/**
 * GET /customers/tiers. The contract leaves the scheme's `tiers` unknown (stored JSON); the server stores the
 * ordered name/threshold list the filters read.
 */
export type TierOverview = Omit<TTierOverviewResponse, 'scheme'> & {
  scheme: (NonNullable<TTierOverviewResponse['scheme']> & { tiers: Array<{ name: string; min: number }> }) | null;
};

/** The tenant's tiers (scheme and counts), for filters. */
export function useTiers() {
  return useQuery({
    queryKey: customerKeys.tiers(),
    queryFn: () => api<TierOverview>('customers/tiers'),
  });
}

/** The tenant's saved segments. */
export function useSegments() {
  return useQuery({
    queryKey: segmentKeys.list(),
    queryFn: () => api<{ items: Segment[] }>('customers/segments').then((r) => r.items),
  });
}

/** How many profiles a definition (as JSON, debounced by the caller) matches, out of all. */
export function useSegmentPreview(definitionJson: string) {
  return useQuery({
    queryKey: segmentKeys.preview(definitionJson),
    queryFn: () =>
      api<TSegmentPreviewResponse>('customers/segments/preview', {
        body: { definition: JSON.parse(definitionJson) },
      }),
    retry: false,
  });
}

/** Tags a profile. */
export function useAddCustomerTag(id: string | undefined, callbacks?: MutationCallbacks<unknown, string>) {
  return useInvalidatingMutation(
    (tag: string) => api(`customers/${id}/tags`, { body: { tags: [tag] } }),
    [customerKeys.all],
    callbacks,
  );
}

/** Removes a tag from a profile. */
export function useRemoveCustomerTag(id: string | undefined, callbacks?: MutationCallbacks<unknown, string>) {
  return useInvalidatingMutation(
    (tag: string) => api(`customers/${id}/tags/${encodeURIComponent(tag)}`, { method: 'DELETE' }),
    [customerKeys.all],
    callbacks,
  );
}

/** Merges `otherId` into the surviving profile `survivorId`. */
export function useMergeCustomer(survivorId: string, callbacks?: MutationCallbacks<unknown, string | undefined>) {
  return useInvalidatingMutation(
    (otherId: string | undefined) => api(`customers/${survivorId}/merge`, { body: { otherId } }),
    [customerKeys.all],
    callbacks,
  );
}

/** Creates a segment, or replaces `id`'s name, description and definition. */
export function useSaveSegment(
  callbacks?: MutationCallbacks<
    Segment,
    { id?: string; name: string; description?: string; definition: SegmentDefinition }
  >,
) {
  return useInvalidatingMutation(
    (d: { id?: string; name: string; description?: string; definition: SegmentDefinition }) =>
      api<Segment>(d.id ? `customers/segments/${d.id}` : 'customers/segments', {
        method: d.id ? 'PUT' : 'POST',
        body: { name: d.name, ...(d.description ? { description: d.description } : {}), definition: d.definition },
      }),
    [segmentKeys.all],
    callbacks,
  );
}

/** Deletes a segment. */
export function useDeleteSegment(callbacks?: MutationCallbacks<unknown, string>) {
  return useInvalidatingMutation(
    (id: string) => api(`customers/segments/${id}`, { method: 'DELETE' }),
    [segmentKeys.all],
    callbacks,
  );
}
