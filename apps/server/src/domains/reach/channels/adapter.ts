import type { z } from 'zod';
import type { AppContext } from '../../../platform/context.ts';

/**
 * The contract between Reach and the systems that actually put an invitation in front of a customer (a webhook
 * gateway, SMTP, a WeChat official account, an SMS provider). The send job (jobs.ts) loads the channel and the
 * invitation, builds one `OutboundInvitation`, and calls the adapter registered for `channel.kind` (registry.ts);
 * an adapter only talks to its provider — it never reads or writes invitation rows, so retries, idempotency and
 * status changes live in one place.
 *
 * Idempotency: `invitationId` is stable across retries of the same invitation. Adapters whose provider accepts an
 * idempotency / de-duplication key must send it (the webhook adapter uses it as `webhook-id`), because a crash after
 * the provider accepted the message but before the invitation row is marked sent makes the job run again.
 *
 * Outbound HTTP goes only through platform/outbound.ts (`outboundRequest(ctx, url, …)`), with the provider's base URL
 * taken from `channel.config` so tests point it at a local stand-in server.
 */

/** An identity of the customer the channel can address (`email`, `phone`, `wechat_openid`, `external_id`, …). */
export interface CustomerIdentity {
  kind: string;
  value: string;
}

/** Everything a channel needs to deliver one invitation, already personalised and rendered. */
export interface OutboundInvitation {
  /** The invitation's id. */
  invitationId: string;
  /**
   * The idempotency key of this send, stable across its retries: the invitation id for the first send,
   * `<invitationId>.<n>` for a resend or the reminder (those must reach the customer again). Send it as the
   * provider's de-duplication key where there is one (the webhook adapter: `webhook-id`).
   */
  sendKey: string;
  /** True for the one reminder to a non-responder (the message text already says so). */
  reminder: boolean;
  tenantId: string;
  /** The language the message is rendered in (`zh-CN` or `en`): the survey's / customer's. */
  locale: string;
  /**
   * The customer's identities: `member` and `wechat_openid` from the profile as stored; `email` / `phone` only when
   * the trigger maps them from the event (profiles keep those as keyed hashes, so a channel never gets a masked one).
   */
  customer: { id: string; identities: CustomerIdentity[] };
  /** The personalised, signed survey link. */
  url: string;
  /** The signed one-click unsubscribe link; every message must carry it. */
  unsubscribeUrl: string;
  survey: {
    id: string;
    title: string;
    /** The survey's first question, for channels that can embed it (e.g. email with one-click scores). */
    firstQuestion?: {
      name: string;
      type: string;
      title: string;
      /** Choices / rate values when the question has them. */
      choices?: Array<{ value: string | number; text: string }>;
    };
  };
  /** The rendered message: `text` always (contains `url` and `unsubscribeUrl`), `subject` for mail-like channels. */
  message: { subject?: string; text: string };
}

/** One configured channel as stored (the `channels` row, secrets decrypted). */
export interface ChannelRecord {
  id: string;
  tenantId: string;
  kind: string;
  name: string;
  /** The destination for URL-based channels (webhook); null otherwise. */
  url: string | null;
  /** Kind-specific settings (base URL, account ids, template id, sender…); validated by the adapter's `configSchema`. */
  config: Record<string, unknown>;
  /** Kind-specific secrets (webhook signing secret, API keys), decrypted for the send; never presented. */
  secrets: Record<string, string>;
}

/**
 * A failed send. `retryable: true` (timeouts, 5xx, 429, connection errors) → the invitation is retried with backoff
 * and jitter; `retryable: false` (4xx other than 408/429, the customer has no usable identity, a refused destination)
 * → the invitation is marked failed at once. `message` is stored on the invitation and shown to admins, so it must
 * not carry secrets, tokens or full URLs (name the origin only).
 */
export class ChannelSendError extends Error {
  readonly retryable: boolean;
  /** The provider's status / error code when it answered one (HTTP status, provider errcode). */
  readonly code?: string | number;
  constructor(message: string, options: { retryable: boolean; code?: string | number; cause?: unknown }) {
    super(message);
    this.name = 'ChannelSendError';
    this.retryable = options.retryable;
    if (options.code !== undefined) this.code = options.code;
    if (options.cause !== undefined) this.cause = options.cause;
  }
}

/** What a successful send answers: the provider's message id when it gives one (stored on the invitation). */
export interface ChannelSendResult {
  providerId?: string;
}

/** One channel kind's sender. Registered by kind in registry.ts. */
export interface ChannelAdapter {
  /** `webhook`, `email`, `wechat-template`, `sms`. */
  kind: string;
  /**
   * Validates the kind-specific `config` object of `POST/PATCH /api/v1/channels` (body field `config`); a failure
   * answers 422 naming the field. Omitted: the kind takes no settings beyond `url`.
   */
  configSchema?: z.ZodType<Record<string, unknown>>;
  /**
   * Validates the kind-specific `secrets` object of `POST/PATCH /api/v1/channels` (body field `secrets`: API keys,
   * app secrets). Stored sealed (platform/seal.ts), never presented; handed to `send` as `channel.secrets`.
   * The webhook kind omits it: its signing secret is generated and shown once.
   */
  secretsSchema?: z.ZodType<Record<string, string>>;
  /**
   * Delivers one invitation. Resolves when the provider accepted it (→ invitation `sent`); throws
   * `ChannelSendError` otherwise (any other thrown error is treated as retryable).
   */
  send(ctx: AppContext, channel: ChannelRecord, message: OutboundInvitation): Promise<ChannelSendResult>;
}
