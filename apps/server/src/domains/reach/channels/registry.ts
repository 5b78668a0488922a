import type { TChannelKind } from '@loopcx/shared';
import type { ChannelAdapter } from './adapter.ts';
import { emailAdapter } from './email.ts';
import { smsAdapter } from './sms.ts';
import { webhookAdapter } from './webhook.ts';
import { wechatTemplateAdapter } from './wechat-template.ts';

/**
 * Channel adapters by kind. A kind listed in CHANNEL_KINDS without an adapter here cannot be created
 * (`POST /channels` answers 422 "channel kind not available").
 */
const ADAPTERS: Partial<Record<TChannelKind, ChannelAdapter>> = {
  webhook: webhookAdapter,
  email: emailAdapter,
  'wechat-template': wechatTemplateAdapter,
  sms: smsAdapter,
};

/** The adapter of a channel kind, or undefined when that kind is not available in this build. */
export function adapterFor(kind: string): ChannelAdapter | undefined {
  return Object.hasOwn(ADAPTERS, kind) ? ADAPTERS[kind as TChannelKind] : undefined;
}
