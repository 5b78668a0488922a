import type {
  TWebhookDeliveryListResponse,
  TWebhookDeliveryResponse,
  TWebhookResponse,
  TWebhookTestResponse,
  TWebhookWithSecretResponse,
} from '@loopcx/shared';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { type MutationCallbacks, useInvalidatingMutation } from '../../lib/query.ts';

/** A webhook endpoint as GET /webhooks lists it (its secret is shown once, on creation or rotation). */
export type WebhookEndpoint = TWebhookResponse;

/** Query keys for webhook endpoints. */
export const webhookKeys = {
  all: ['webhooks'] as const,
  list: () => [...webhookKeys.all, 'list'] as const,
  deliveries: (id: string) => [...webhookKeys.all, 'deliveries', id] as const,
};

/** What the create and edit forms send: the endpoint and its subscriptions. */
export interface WebhookInput {
  url: string;
  description?: string;
  orgUnitId?: string;
  events?: string[];
  surveyId?: string | null;
}

/** One delivery as the log lists it. */
export type WebhookDelivery = TWebhookDeliveryResponse;

/** The endpoints in the caller's scope (owners and admins). */
export function useWebhooks(enabled = true) {
  return useQuery({
    queryKey: webhookKeys.list(),
    queryFn: () => api<{ items: WebhookEndpoint[] }>('webhooks').then((r) => r.items),
    enabled,
  });
}

/** Creates an endpoint; the answer carries its secret, never shown again. */
export function useCreateWebhook(callbacks?: MutationCallbacks<TWebhookWithSecretResponse, WebhookInput>) {
  return useInvalidatingMutation(
    (v: WebhookInput) =>
      api<TWebhookWithSecretResponse>('webhooks', { body: { ...v, surveyId: v.surveyId ?? undefined } }),
    [webhookKeys.all],
    callbacks,
  );
}

/** Switches an endpoint on or off. */
export function useToggleWebhook(callbacks?: MutationCallbacks<unknown, { id: string; enabled: boolean }>) {
  return useInvalidatingMutation(
    ({ id, enabled }: { id: string; enabled: boolean }) =>
      api(`webhooks/${id}`, { method: 'PATCH', body: { enabled } }),
    [webhookKeys.all],
    callbacks,
  );
}

/** A new secret; the previous one keeps signing for `overlapHours`. */
export function useRotateWebhookSecret(
  callbacks?: MutationCallbacks<TWebhookWithSecretResponse, { id: string; overlapHours: number }>,
) {
  return useInvalidatingMutation(
    ({ id, overlapHours }: { id: string; overlapHours: number }) =>
      api<TWebhookWithSecretResponse>(`webhooks/${id}/rotate-secret`, { body: { overlapHours } }),
    [webhookKeys.all],
    callbacks,
  );
}

/** Sends a signed `webhook.test` message and reports the receiver's answer (it joins the delivery log too). */
export function useTestWebhook(callbacks?: MutationCallbacks<TWebhookTestResponse, string>) {
  return useInvalidatingMutation(
    (id: string) => api<TWebhookTestResponse>(`webhooks/${id}/test`, { method: 'POST', body: {} }),
    [webhookKeys.all],
    callbacks,
  );
}

/** Deletes an endpoint (refused while alert rules deliver to it). */
export function useDeleteWebhook(callbacks?: MutationCallbacks<unknown, string>) {
  return useInvalidatingMutation(
    (id: string) => api(`webhooks/${id}`, { method: 'DELETE' }),
    [webhookKeys.all],
    callbacks,
  );
}

/** Changes an endpoint's URL, description or subscriptions. */
export function useUpdateWebhook(
  callbacks?: MutationCallbacks<unknown, { id: string } & Omit<WebhookInput, 'orgUnitId'>>,
) {
  return useInvalidatingMutation(
    ({ id, ...body }: { id: string } & Omit<WebhookInput, 'orgUnitId'>) =>
      api(`webhooks/${id}`, { method: 'PATCH', body }),
    [webhookKeys.all],
    callbacks,
  );
}

/** An endpoint's delivery log, newest first, a page at a time (`fetchNextPage` follows the cursor). */
export function useWebhookDeliveries(id: string | undefined) {
  return useInfiniteQuery({
    queryKey: webhookKeys.deliveries(id ?? ''),
    queryFn: ({ pageParam }) =>
      api<TWebhookDeliveryListResponse>(
        `webhooks/${id}/deliveries?limit=25${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`,
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: !!id,
  });
}

/** Sends a delivery's event again (a new delivery with the same webhook-id). */
export function useRedeliver(
  callbacks?: MutationCallbacks<TWebhookDeliveryResponse, { id: string; deliveryId: string }>,
) {
  return useInvalidatingMutation(
    ({ id, deliveryId }: { id: string; deliveryId: string }) =>
      api<TWebhookDeliveryResponse>(`webhooks/${id}/deliveries/${deliveryId}/redeliver`, { method: 'POST', body: {} }),
    [webhookKeys.all],
    callbacks,
  );
}
