import type { TAuditEntryResponse, TAuditPageResponse } from '@loopcx/shared';
import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';

/** One audit entry as GET /audit answers it. */
export type AuditEntry = TAuditEntryResponse;

/** The filters of the audit page (all optional). */
export interface AuditFilters {
  actor?: string;
  action?: string;
  objectType?: string;
  objectId?: string;
  outcome?: 'success' | 'failure';
  from?: string;
  to?: string;
}

/** Query keys for the audit log. */
export const auditKeys = {
  all: ['audit'] as const,
  list: (f: AuditFilters) => [...auditKeys.all, 'list', f] as const,
};

/** The audit log, newest first, 50 a page; `fetchNextPage` follows the cursor. */
export function useAuditLog(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: auditKeys.list(filters),
    initialPageParam: '',
    queryFn: ({ pageParam }) => {
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(filters)) if (v) q.set(k, v);
      if (pageParam) q.set('cursor', pageParam);
      return api<TAuditPageResponse>(`audit?${q}`);
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
