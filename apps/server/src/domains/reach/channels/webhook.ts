import type { AppContext } from '../../../platform/context.ts';
import { AppError } from '../../../platform/errors.ts';
import { safeErrorMessage } from '../../../platform/log-safety.ts';
import { OutboundRefused, outboundRequest } from '../../../platform/outbound.ts';
import { standardWebhookHeaders } from '../../webhooks/sign.ts';
import { type ChannelAdapter, type ChannelRecord, ChannelSendError, type OutboundInvitation } from './adapter.ts';
import { signingSecrets } from './signing-secrets.ts';

/** A gateway should answer at once and send later; one that takes longer counts as a (retryable) failure. */
const TIMEOUT_MS = 5_000;

/** The JSON body of an `invitation.send` delivery. */
export function invitationSendBody(msg: OutboundInvitation, at: Date): string {
  return JSON.stringify({
    type: 'invitation.send',
    timestamp: at.toISOString(),
    data: {
      invitationId: msg.invitationId,
      reminder: msg.reminder,
      locale: msg.locale,
      customer: msg.customer,
      url: msg.url,
      unsubscribeUrl: msg.unsubscribeUrl,
      survey: msg.survey,
      message: msg.message,
    },
  });
}

/**
 * The signed outbound webhook gateway: any SMS / WeChat / Alipay / mini-program sender plugs in by receiving a
 * Standard Webhooks POST (`webhook-id` = the send's idempotency key, so a receiver de-duplicates a send retried
 * after a crash) and answering 2xx once it accepted the message. 408, 429 and 5xx (and no answer) are retried;
 * other statuses and refused destinations fail the invitation at once.
 */
export const webhookAdapter: ChannelAdapter = {
  kind: 'webhook',
  async send(ctx: AppContext, channel: ChannelRecord, msg: OutboundInvitation) {
    const at = ctx.clock.now();
    // The current secret, and the previous one while a rotation's overlap lasts.
    const secrets = signingSecrets(channel.secrets, at);
    if (!channel.url || !secrets.length)
      throw new ChannelSendError('the channel has no URL or secret', { retryable: false });
    const body = invitationSendBody(msg, at);
    let status: number;
    let answer: string;
    try {
      const res = await outboundRequest(ctx, channel.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'loopcx-reach',
          ...standardWebhookHeaders(secrets, msg.sendKey, at, body),
        },
        body,
        timeoutMs: TIMEOUT_MS,
        maxResponseBytes: 2048,
        // Thousands of sends go to one gateway: pooled connections per checked address (platform/outbound.ts).
        keepAlive: true,
      });
      status = res.status;
      answer = res.body;
    } catch (err) {
      if (err instanceof OutboundRefused) throw new ChannelSendError(err.message, { retryable: false, cause: err });
      const message = err instanceof AppError ? err.message : `delivery failed: ${safeErrorMessage(err).slice(0, 200)}`;
      throw new ChannelSendError(message, { retryable: true, cause: err });
    }
    if (status >= 200 && status <= 299) {
      // A gateway may answer its own message id ({"id": "…"}); kept for support, never required.
      let providerId: string | undefined;
      try {
        const parsed = JSON.parse(answer) as { id?: unknown };
        if (typeof parsed?.id === 'string') providerId = parsed.id.slice(0, 200);
      } catch {
        // not JSON: fine
      }
      return providerId ? { providerId } : {};
    }
    const retryable = status === 408 || status === 429 || status >= 500;
    throw new ChannelSendError(`the gateway at ${new URL(channel.url).origin} answered ${status}`, {
      retryable,
      code: status,
    });
  },
};
