import type {
  TChannelCreatedResponse,
  TChannelKind,
  TChannelResponse,
  TChannelTestResponse,
  TContactPolicy,
  TContactPolicyResponse,
  TInvitationFunnelResponse,
  TInvitationResponse,
  TTriggerDryRunResponse,
  TTriggerResponse,
} from '@loopcx/shared';
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { type MutationCallbacks, useInvalidatingMutation } from '../../lib/query.ts';

export type Channel = TChannelResponse;
export type Trigger = TTriggerResponse;
export type Invitation = TInvitationResponse;
export type DryRun = TTriggerDryRunResponse;
export type Funnel = TInvitationFunnelResponse;
export type FunnelGroup = Funnel['groupBy'];

/** Query keys of Reach: channels, triggers, the contact policy, invitations (by filters) and the funnel. */
export const reachKeys = {
  all: ['reach'] as const,
  channels: () => [...reachKeys.all, 'channels'] as const,
  triggers: () => [...reachKeys.all, 'triggers'] as const,
  policy: () => [...reachKeys.all, 'policy'] as const,
  invitations: (filters: string) => [...reachKeys.all, 'invitations', filters] as const,
  funnel: (filters: string) => [...reachKeys.all, 'funnel', filters] as const,
};

/** What the channel forms send (`secrets` only when typed: stored secrets are never read back). */
export interface ChannelInput {
  kind: TChannelKind;
  name: string;
  url?: string;
  config?: Record<string, unknown>;
  secrets?: Record<string, string>;
  enabled?: boolean;
}

/** What the trigger builder sends. */
export interface TriggerInput {
  name: string;
  eventType: string;
  condition: string | null;
  surveyId: string;
  channelId: string;
  delayMinutes: number;
  samplePercent: number;
  expiresInHours: number | null;
  context: Record<string, string>;
  recipient: Record<string, string>;
  reminderAfterDays: number | null;
  enabled: boolean;
}

/** The tenant's channels (reach.manage; pass `enabled: false` for users who may not read them). */
export function useChannels(enabled = true) {
  return useQuery({
    queryKey: reachKeys.channels(),
    queryFn: () => api<{ items: Channel[] }>('channels').then((r) => r.items),
    enabled,
  });
}

/** Creates or (with `id`) changes a channel; a new webhook channel answers its signing secret once. */
export function useSaveChannel(
  callbacks?: MutationCallbacks<TChannelCreatedResponse, { id?: string; values: ChannelInput }>,
) {
  return useInvalidatingMutation(
    ({ id, values }: { id?: string; values: ChannelInput }) => {
      if (!id) return api<TChannelCreatedResponse>('channels', { body: values });
      const { kind: _kind, ...rest } = values;
      return api<TChannelCreatedResponse>(`channels/${id}`, { method: 'PATCH', body: rest });
    },
    [reachKeys.channels()],
    callbacks,
  );
}

export function useToggleChannel(callbacks?: MutationCallbacks<unknown, { id: string; enabled: boolean }>) {
  return useInvalidatingMutation(
    ({ id, enabled }: { id: string; enabled: boolean }) =>
      api(`channels/${id}`, { method: 'PATCH', body: { enabled } }),
    [reachKeys.channels()],
    callbacks,
  );
}

/** Deletes a channel (409 while a trigger uses it). */
export function useDeleteChannel(callbacks?: MutationCallbacks<unknown, string>) {
  return useInvalidatingMutation(
    (id: string) => api(`channels/${id}`, { method: 'DELETE' }),
    [reachKeys.channels()],
    callbacks,
  );
}

/** Where a test send goes: the address a built-in channel needs (a webhook gateway takes none). */
export interface ChannelTestTarget {
  email?: string;
  phone?: string;
  wechatOpenid?: string;
}

/** Sends a sample invitation through the channel (to `to` when given); nothing is stored. */
export function useTestChannel(
  callbacks?: MutationCallbacks<TChannelTestResponse, { id: string; to?: ChannelTestTarget }>,
) {
  return useInvalidatingMutation(
    ({ id, to }: { id: string; to?: ChannelTestTarget }) =>
      api<TChannelTestResponse>(`channels/${id}/test`, { method: 'POST', body: to ?? {} }),
    [],
    callbacks,
  );
}

export function useTriggers(enabled = true) {
  return useQuery({
    queryKey: reachKeys.triggers(),
    queryFn: () => api<{ items: Trigger[] }>('triggers').then((r) => r.items),
    enabled,
  });
}

/** Creates or changes a trigger (a partial body with `id` patches only those fields). */
export function useSaveTrigger(callbacks?: MutationCallbacks<Trigger, { id?: string; values: Partial<TriggerInput> }>) {
  return useInvalidatingMutation(
    ({ id, values }: { id?: string; values: Partial<TriggerInput> }) =>
      id
        ? api<Trigger>(`triggers/${id}`, { method: 'PATCH', body: values })
        : api<Trigger>('triggers', { body: values }),
    [reachKeys.triggers()],
    callbacks,
  );
}

export function useDeleteTrigger(callbacks?: MutationCallbacks<unknown, string>) {
  return useInvalidatingMutation(
    (id: string) => api(`triggers/${id}`, { method: 'DELETE' }),
    [reachKeys.triggers()],
    callbacks,
  );
}

/** What a trigger would do with recent events (nothing is written). */
export function useDryRun(callbacks?: MutationCallbacks<DryRun, string>) {
  return useInvalidatingMutation(
    (id: string) => api<DryRun>(`triggers/${id}/dry-run`, { body: { limit: 50 } }),
    [],
    callbacks,
  );
}

export function useContactPolicy() {
  return useQuery({
    queryKey: reachKeys.policy(),
    queryFn: () => api<TContactPolicyResponse>('contact-policy'),
  });
}

export function useSaveContactPolicy(callbacks?: MutationCallbacks<TContactPolicyResponse, TContactPolicy>) {
  return useInvalidatingMutation(
    (body: TContactPolicy) => api<TContactPolicyResponse>('contact-policy', { method: 'PUT', body }),
    [reachKeys.policy()],
    callbacks,
  );
}

/** Invitations matching `filters` (a query string without the cursor), newest first, 50 a page. */
export function useInvitations(filters: URLSearchParams) {
  const qs = filters.toString();
  return useInfiniteQuery({
    queryKey: reachKeys.invitations(qs),
    initialPageParam: '',
    queryFn: ({ pageParam }) =>
      api<{ items: Invitation[]; nextCursor: string | null }>(
        `invitations?limit=50${qs ? `&${qs}` : ''}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`,
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/** The response-rate funnel grouped by `groupBy`, for the same date / survey / trigger filters. */
export function useFunnel(filters: URLSearchParams) {
  const qs = filters.toString();
  return useQuery({
    queryKey: reachKeys.funnel(qs),
    queryFn: () => api<Funnel>(`invitations/funnel?${qs}`),
    placeholderData: keepPreviousData,
  });
}

/** Sends an invitation again (failed or unanswered ones). */
export function useResendInvitation(callbacks?: MutationCallbacks<Invitation, string>) {
  return useInvalidatingMutation(
    (id: string) => api<Invitation>(`invitations/${id}/resend`, { method: 'POST', body: {} }),
    [
      [...reachKeys.all, 'invitations'],
      [...reachKeys.all, 'funnel'],
    ],
    callbacks,
  );
}
