import type { TFeedbackReplyResponse, TReplyCoverageResponse } from '@loopcx/shared';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { type MutationCallbacks, useInvalidatingMutation } from '../../lib/query.ts';

/** Query keys for replies and reply coverage. */
export const replyKeys = {
  all: ['feedback-replies'] as const,
  of: (id: string) => [...replyKeys.all, id] as const,
  coverage: (q: CoverageQuery) => [...replyKeys.all, 'coverage', q] as const,
};

export interface CoverageQuery {
  slaHours: number;
  from?: string;
  orgUnitId?: string;
  negativeOnly?: boolean;
}

/** The replies to one feedback item, oldest first. */
export function useReplies(id: string | undefined) {
  return useQuery({
    queryKey: replyKeys.of(id ?? ''),
    queryFn: () => api<{ items: TFeedbackReplyResponse[] }>(`feedback/${id}/replies`).then((r) => r.items),
    enabled: !!id,
  });
}

/** Records a reply (text and the channel it was sent on). */
export function useReply(
  callbacks?: MutationCallbacks<TFeedbackReplyResponse, { id: string; text: string; channel?: string }>,
) {
  return useInvalidatingMutation(
    ({ id, ...body }: { id: string; text: string; channel?: string }) =>
      api<TFeedbackReplyResponse>(`feedback/${id}/replies`, { body }),
    [replyKeys.all],
    callbacks,
  );
}

/** Reply coverage within the SLA by channel and unit. */
export function useCoverage(q: CoverageQuery) {
  const params = new URLSearchParams({ slaHours: String(q.slaHours) });
  if (q.from) params.set('from', q.from);
  if (q.orgUnitId) params.set('orgUnitId', q.orgUnitId);
  if (q.negativeOnly) params.set('negativeOnly', 'true');
  return useQuery({
    queryKey: replyKeys.coverage(q),
    queryFn: () => api<TReplyCoverageResponse>(`feedback/reply-coverage?${params}`),
  });
}
