import type { TChannelKind } from '@loopcx/shared';
import type { ChannelAdapter } from './adapter.ts';
import { webhookAdapter } from './webhook.ts';

/**
 * Channel adapters by kind. A kind listed in CHANNEL_KINDS without an adapter here cannot be created
 * (`POST /channels` answers 422 "channel kind not available"); the email, WeChat template and SMS adapters are added
 * here as they land (channels/{email,wechat-template,sms}.ts).
 */
const ADAPTERS: Partial<Record<TChannelKind, ChannelAdapter>> = {
  webhook: webhookAdapter,
};

/** The adapter of a channel kind, or undefined when that kind is not available in this build. */
export function adapterFor(kind: string): ChannelAdapter | undefined {
  return Object.hasOwn(ADAPTERS, kind) ? ADAPTERS[kind as TChannelKind] : undefined;
}
