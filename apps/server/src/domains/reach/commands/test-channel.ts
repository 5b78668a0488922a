import { randomUUID } from 'node:crypto';
import type { Actor } from '../../../platform/auth.ts';
import type { AppContext } from '../../../platform/context.ts';
import { AppError } from '../../../platform/errors.ts';
import { ChannelSendError } from '../channels/adapter.ts';
import { adapterFor } from '../channels/registry.ts';
import { channelRecord, getChannel } from '../queries/channels.ts';
import { renderMessage } from '../render.ts';
import type { TChannelTestBody } from '../schema.ts';

/**
 * Sends a sample invitation through a channel so an admin sees the gateway answer before a trigger uses it:
 * `reminder: false`, a fresh `test_…` key (never an invitation's), example links under the server's public URL
 * that open nothing, and a `TEST` member as the customer, with the address the admin typed (`to`: an email, phone or
 * openid, which the built-in channels need to deliver anything). Nothing is written; the answer says what happened.
 */
export async function testChannel(ctx: AppContext, actor: Actor, id: string, to: TChannelTestBody = {}) {
  const channel = await getChannel(ctx.db, actor, id);
  const adapter = adapterFor(channel.kind);
  if (!adapter) throw new AppError('invalid', 'channel kind not available');
  const key = `test_${randomUUID()}`;
  const url = `${ctx.config.publicUrl}/s/example`;
  const unsubscribeUrl = `${ctx.config.publicUrl}/u/example`;
  const locale = actor.locale?.toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
  const title = locale === 'en' ? 'Test survey' : '测试问卷';
  const started = performance.now();
  try {
    const result = await adapter.send(ctx, channelRecord(ctx.config.secret, channel), {
      invitationId: key,
      sendKey: key,
      reminder: false,
      tenantId: actor.tenantId,
      locale,
      customer: {
        id: actor.id,
        identities: [
          { kind: 'member', value: 'TEST' },
          ...(to.email ? [{ kind: 'email', value: to.email }] : []),
          ...(to.phone ? [{ kind: 'phone', value: to.phone }] : []),
          ...(to.wechatOpenid ? [{ kind: 'wechat_openid', value: to.wechatOpenid }] : []),
        ],
      },
      url,
      unsubscribeUrl,
      survey: { id: key, title },
      message: renderMessage(locale, title, url, unsubscribeUrl, false),
    });
    return {
      ok: true,
      error: null,
      providerId: result.providerId ?? null,
      latencyMs: Math.round(performance.now() - started),
    };
  } catch (err) {
    const message = err instanceof ChannelSendError || err instanceof AppError ? err.message : 'the send failed';
    return { ok: false, error: message, providerId: null, latencyMs: Math.round(performance.now() - started) };
  }
}
