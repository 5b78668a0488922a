import { normalisePhone } from '../../customers/identity.ts';
import { ChannelSendError, type OutboundInvitation } from './adapter.ts';

/**
 * Where a built-in channel finds the customer's address. customer_identities keeps phones and emails only as
 * HMACs (migration 0031), so the adapters need the raw address from the invitation itself:
 * the Reach send job hands over the event's `customer.phone` / `customer.email` (kept sealed on the invitation
 * until the send, decision 41). A value that is still a hash (64 hex digits) can never be dialled or mailed: the
 * send fails at once (not retryable) with a message saying so, instead of a provider error about a strange number.
 */
const HASH = /^[0-9a-f]{64}$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{1,63}$/;

function identity(message: OutboundInvitation, kind: string): string | undefined {
  return message.customer.identities.find((i) => i.kind === kind && i.value.trim() !== '')?.value.trim();
}

function missing(kind: string, hashed: boolean): ChannelSendError {
  return new ChannelSendError(
    hashed
      ? `The customer's ${kind} is only known as a hash; the invitation must carry the ${kind} from the event`
      : `The customer has no ${kind} this channel can use`,
    { retryable: false, code: `no_${kind}` },
  );
}

/** The customer's email address, lower-cased, or a non-retryable ChannelSendError. */
export function emailOf(message: OutboundInvitation): string {
  const v = identity(message, 'email');
  if (!v || HASH.test(v)) throw missing('email', Boolean(v));
  const e = v.toLowerCase();
  if (e.length > 254 || !EMAIL.test(e)) throw missing('email', false);
  return e;
}

/**
 * The customer's phone number as the SMS provider wants it: an 11-digit mainland mobile as is, other numbers as
 * country code + number without `+` or `00` (Aliyun's international format), or a non-retryable ChannelSendError.
 */
export function phoneOf(message: OutboundInvitation): string {
  const v = identity(message, 'phone');
  if (!v || HASH.test(v)) throw missing('phone', Boolean(v));
  const p = normalisePhone(v);
  if (!p) throw missing('phone', false);
  return p.replace(/^\+/, '');
}

/** The customer's WeChat openid for the channel's official account, or a non-retryable ChannelSendError. */
export function openidOf(message: OutboundInvitation): string {
  const v = identity(message, 'wechat_openid');
  if (!v || !/^[\w-]{6,64}$/.test(v)) throw missing('wechat_openid', false);
  return v;
}

/** A channel error for an HTTP answer: 408, 429 and 5xx are retried, any other status is final. */
export function httpStatusError(provider: string, status: number): ChannelSendError {
  return new ChannelSendError(`${provider} answered HTTP ${status}`, {
    retryable: status === 408 || status === 429 || status >= 500,
    code: status,
  });
}
