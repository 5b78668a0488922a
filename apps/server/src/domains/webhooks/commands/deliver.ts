import type { AppContext } from '../../../platform/context.ts';
import { outboundRequest } from '../../../platform/outbound.ts';
import type { DeliveryTarget } from '../queries/delivery-target.ts';
import { standardWebhookHeaders } from '../sign.ts';

/** One message as the Standard Webhooks spec's recommended body shape: `{type, timestamp, data}`. */
export interface WebhookMessage {
  /** Stable across retries (`webhook-id`): receivers de-duplicate with it. */
  id: string;
  type: string;
  data: unknown;
}

/**
 * POSTs one signed message to an endpoint through the guarded client (internal destinations refused, no redirects
 * followed, 10 s) and returns the receiver's status and the time taken. Network errors and refusals throw.
 */
export async function deliverMessage(
  ctx: AppContext,
  target: DeliveryTarget,
  message: WebhookMessage,
): Promise<{ status: number; latencyMs: number }> {
  const at = ctx.clock.now();
  const body = JSON.stringify({ type: message.type, timestamp: at.toISOString(), data: message.data });
  const started = performance.now();
  const response = await outboundRequest(ctx, target.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'loopcx-webhooks',
      ...standardWebhookHeaders(target.secrets, message.id, at, body),
    },
    body,
    timeoutMs: 10_000,
  });
  return { status: response.status, latencyMs: Math.round(performance.now() - started) };
}
