import type { TResponseDetailResponse, TResponseRecord } from '@loopcx/shared';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';

/** A response as GET /responses lists it. */
export type ResponseRow = TResponseRecord;

/** One response as GET /responses/:id answers it (the ticket page shows it). */
export type ResponseDetail = TResponseDetailResponse;

/** Filters of the response list, as query-string values. */
export type ResponseFilters = Record<string, string | number | undefined>;

/** Query keys for responses. */
export const responseKeys = {
  all: ['responses'] as const,
  list: (filters: ResponseFilters) => [...responseKeys.all, 'list', filters] as const,
  detail: (id: string | null | undefined) => [...responseKeys.all, 'detail', id] as const,
};

/** The query string of `filters` plus extras, empty values left out. */
export function responseQuery(filters: ResponseFilters, extra: Record<string, string | undefined> = {}) {
  return new URLSearchParams(
    Object.entries({ ...filters, ...extra })
      .filter(([, v]) => v !== undefined && v !== '')
      .map(([k, v]) => [k, String(v)]),
  ).toString();
}

/** Responses matching `filters`, 50 a page, newest first. */
export function useResponses(filters: ResponseFilters) {
  return useInfiniteQuery({
    queryKey: responseKeys.list(filters),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      api<{ items: ResponseRow[]; nextCursor: string | null }>(
        `responses?${responseQuery(filters, { cursor: pageParam, limit: '50' })}`,
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** One response, when `enabled` (the caller may read responses and there is one). */
export function useResponse(id: string | null | undefined, enabled: boolean) {
  return useQuery({
    queryKey: responseKeys.detail(id),
    queryFn: () => api<ResponseDetail>(`responses/${id}`),
    enabled: !!id && enabled,
  });
}
