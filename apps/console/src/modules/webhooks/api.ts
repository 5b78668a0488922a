import type { TWebhookResponse, TWebhookTestResponse, TWebhookWithSecretResponse } from '@loopcx/shared';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { type MutationCallbacks, useInvalidatingMutation } from '../../lib/query.ts';

/** A webhook endpoint as GET /webhooks lists it (its secret is shown once, on creation or rotation). */
export type WebhookEndpoint = TWebhookResponse;

/** Query keys for webhook endpoints. */
export const webhookKeys = {
  all: ['webhooks'] as const,
  list: () => [...webhookKeys.all, 'list'] as const,
};

/** The endpoints in the caller's scope (owners and admins). */
export function useWebhooks(enabled = true) {
  return useQuery({
    queryKey: webhookKeys.list(),
    queryFn: () => api<{ items: WebhookEndpoint[] }>('webhooks').then((r) => r.items),
    enabled,
  });
}

/** Creates an endpoint; the answer carries its secret, never shown again. */
export function useCreateWebhook(
  callbacks?: MutationCallbacks<TWebhookWithSecretResponse, { url: string; description?: string; orgUnitId?: string }>,
) {
  return useInvalidatingMutation(
    (v: { url: string; description?: string; orgUnitId?: string }) =>
      api<TWebhookWithSecretResponse>('webhooks', { body: v }),
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

/** Sends a signed `webhook.test` message and reports the receiver's answer. */
export function useTestWebhook(callbacks?: MutationCallbacks<TWebhookTestResponse, string>) {
  return useInvalidatingMutation(
    (id: string) => api<TWebhookTestResponse>(`webhooks/${id}/test`, { method: 'POST', body: {} }),
    [],
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
