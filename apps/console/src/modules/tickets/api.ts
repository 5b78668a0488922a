import type {
  TResponseRecord,
  TRootCauseResponse,
  TTicketContactPhoneResponse,
  TTicketDetailResponse,
  TTicketEvent,
  TTicketResponse,
  TTicketSummaryResponse,
} from '@loopcx/shared';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api } from '../../lib/api.ts';
import { type MutationCallbacks, useInvalidatingMutation } from '../../lib/query.ts';

/** A ticket as the lists show it. */
export type Ticket = TTicketResponse;
/**
 * One ticket with its history (GET /tickets/:id). The contract leaves an event's `data` unknown; the server stores
 * it as a JSON object, which the timeline reads.
 */
export type TicketDetail = Omit<TTicketDetailResponse, 'events'> & {
  events: Array<Omit<TTicketEvent, 'data'> & { data: Record<string, unknown> }>;
};

/** GET /tickets/reports/summary. */
export type TicketReport = TTicketSummaryResponse;

/** A root cause tickets are closed with (and actions address). */
export type RootCause = TRootCauseResponse;

/** A customer's recent responses and tickets, shown beside a ticket. */
export interface CustomerHistory {
  responses: Array<Pick<TResponseRecord, 'id' | 'surveyName' | 'scores' | 'submittedAt'>>;
  tickets: Array<Pick<TTicketResponse, 'id' | 'number' | 'status' | 'title'>>;
}

/**
 * Query keys for tickets: lists and details under `all` (a change refreshes both); the report and a customer's
 * history are keyed apart, so live ticket events do not re-run them.
 */
export const ticketKeys = {
  all: ['tickets'] as const,
  list: (view: string, filters: TicketFilters = {}) => [...ticketKeys.all, 'list', view, filters] as const,
  detail: (id: string | undefined) => [...ticketKeys.all, 'detail', id] as const,
  report: () => ['ticket-report'] as const,
  customerHistory: (ref: string | null | undefined) => ['customer-history', ref] as const,
};

/** Query keys for root causes. */
export const rootCauseKeys = {
  all: ['root-causes'] as const,
  list: () => [...rootCauseKeys.all, 'list'] as const,
};

/** Marks every ticket list and detail stale (a live ticket event). */
export function useRefreshTickets() {
  const queryClient = useQueryClient();
  return useCallback(() => void queryClient.invalidateQueries({ queryKey: ticketKeys.all }), [queryClient]);
}

/**
 * Filters of the ticket list beside the view, as the page's query string carries them (the home page's cards link
 * to `/tickets?status=new`, `?view=all&ruleId=…&since=…`): passed to GET /tickets as they are.
 */
export interface TicketFilters {
  status?: string;
  ruleId?: string;
  since?: string;
  orgUnitId?: string;
}
export const TICKET_FILTERS = ['status', 'ruleId', 'since', 'orgUnitId'] as const;

/** Tickets of a view (mine, units, overdue, breached, all) and filters, 50 a page, refreshed every 15 s. */
export function useTickets(view: string, filters: TicketFilters = {}) {
  return useInfiniteQuery({
    queryKey: ticketKeys.list(view, filters),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => {
      const q = new URLSearchParams({ view, limit: '50' });
      for (const k of TICKET_FILTERS) if (filters[k]) q.set(k, filters[k]);
      if (pageParam) q.set('cursor', pageParam);
      return api<{ items: Ticket[]; nextCursor: string | null }>(`tickets?${q}`);
    },
    getNextPageParam: (p) => p.nextCursor ?? undefined,
    refetchInterval: 15_000,
  });
}

/** One ticket. */
export function useTicket(id: string | undefined) {
  return useQuery({ queryKey: ticketKeys.detail(id), queryFn: () => api<TicketDetail>(`tickets/${id}`) });
}

/** Volume, SLA compliance, reopen rate, time to close and the root-cause Pareto. */
export function useTicketReport() {
  return useQuery({ queryKey: ticketKeys.report(), queryFn: () => api<TicketReport>('tickets/reports/summary') });
}

/** A customer's last 20 responses (when the caller may read them) and tickets. */
export function useCustomerHistory(ref: string | null | undefined, canReadResponses: boolean) {
  return useQuery({
    queryKey: ticketKeys.customerHistory(ref),
    queryFn: async (): Promise<CustomerHistory> => ({
      responses: canReadResponses
        ? (
            await api<{ items: CustomerHistory['responses'] }>(
              `responses?customerRef=${encodeURIComponent(ref!)}&limit=20`,
            )
          ).items
        : [],
      tickets: (
        await api<{ items: CustomerHistory['tickets'] }>(`tickets?customerRef=${encodeURIComponent(ref!)}&limit=20`)
      ).items,
    }),
    enabled: !!ref,
  });
}

/** The tenant's root causes. */
export function useRootCauses() {
  return useQuery({
    queryKey: rootCauseKeys.list(),
    queryFn: () => api<{ items: RootCause[] }>('root-causes').then((r) => r.items),
  });
}

/** Assigns the given tickets to one person. */
export function useBulkAssign(callbacks?: MutationCallbacks<unknown, { ids: string[]; assigneeId: string }>) {
  return useInvalidatingMutation(
    (body: { ids: string[]; assigneeId: string }) => api('tickets/bulk-assign', { body }),
    [ticketKeys.all],
    callbacks,
  );
}

/** Moves a ticket to another status (`to`, plus a resolution and root cause when resolving). */
export function useTransitionTicket(
  id: string | undefined,
  callbacks?: MutationCallbacks<unknown, Record<string, unknown>>,
) {
  return useInvalidatingMutation(
    (body: Record<string, unknown>) => api(`tickets/${id}/transitions`, { body }),
    [ticketKeys.all],
    callbacks,
  );
}

/** Records the outcome of the follow-up call. */
export function useFollowUpTicket(id: string | undefined, callbacks?: MutationCallbacks<unknown, string>) {
  return useInvalidatingMutation(
    (outcome: string) => api(`tickets/${id}/followup`, { body: { outcome } }),
    [ticketKeys.all],
    callbacks,
  );
}

/** Assigns one ticket (to the caller: "claim"). */
export function useAssignTicket(id: string | undefined, callbacks?: MutationCallbacks<unknown, string>) {
  return useInvalidatingMutation(
    (assigneeId: string) => api(`tickets/${id}/assign`, { body: { assigneeId } }),
    [ticketKeys.all],
    callbacks,
  );
}

/** Opens the full call-back number (audited on the server); the caller dials it. */
export function revealContactPhone(id: string) {
  return api<TTicketContactPhoneResponse>(`tickets/${id}/contact-phone`, { method: 'POST' }).then((r) => r.phone);
}

/** Adds a comment to a ticket. */
export function useCommentTicket(id: string | undefined, callbacks?: MutationCallbacks<unknown, string>) {
  return useInvalidatingMutation(
    (body: string) => api(`tickets/${id}/comments`, { body: { body } }),
    [ticketKeys.all],
    callbacks,
  );
}
