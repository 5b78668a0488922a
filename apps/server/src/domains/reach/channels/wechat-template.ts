import { z } from 'zod';
import type { AppContext } from '../../../platform/context.ts';
import {
  accessToken,
  retryableErrcode,
  TOKEN_INVALID_ERRCODES,
  type WechatAccountRef,
  WechatApiError,
  wechatJson,
} from '../../wechat/access-token.ts';
import { type ChannelAdapter, type ChannelRecord, ChannelSendError, type OutboundInvitation } from './adapter.ts';
import { openidOf } from './addressing.ts';

/**
 * WeChat official-account template messages (公众号模板消息): `POST /cgi-bin/message/template/send` to the
 * customer's openid for this account, with the survey link as the message's `url`. The access_token comes from
 * the database-backed cache of wechat/access-token.ts (decision 44).
 */

/** The settings of a template-message channel; the AppSecret is a secret (`secrets.appSecret`). */
export const ZWechatTemplateChannelConfig = z
  .object({
    appId: z.string().regex(/^wx[0-9A-Za-z]{16}$/, 'an official account AppID (wx + 16 characters)'),
    templateId: z.string().trim().min(1).max(128),
    /** Default `https://api.weixin.qq.com`. */
    apiBaseUrl: z.string().url().max(300).optional(),
    /**
     * The template's fields (`first`, `keyword1`…, `remark`, or `thing1`, `time2`… for newer templates) and what
     * each shows; `{title}`, `{date}`, `{intro}` and `{action}` are replaced. Default:
     * first = intro, keyword1 = title, keyword2 = date, remark = action.
     */
    data: z.record(z.string().regex(/^[A-Za-z][\w.]{0,39}$/), z.string().max(200)).optional(),
  })
  .strict();
export type TWechatTemplateChannelConfig = z.infer<typeof ZWechatTemplateChannelConfig>;

export const ZWechatTemplateChannelSecrets = z.object({ appSecret: z.string().min(1).max(200) }).strict();

const TEXT = {
  zh: { intro: '感谢您的光临，邀请您评价本次体验', action: '点击此消息填写问卷，约需 1 分钟' },
  en: { intro: 'Thank you for your visit — tell us how it went', action: 'Tap to answer (about a minute)' },
};

const DEFAULT_DATA = { first: '{intro}', keyword1: '{title}', keyword2: '{date}', remark: '{action}' };

/** The template's `data` object: `{key: {value}}` per configured field. */
export function templateData(
  config: TWechatTemplateChannelConfig,
  m: OutboundInvitation,
  now: Date,
): Record<string, { value: string }> {
  const t = m.locale.toLowerCase().startsWith('zh') ? TEXT.zh : TEXT.en;
  // Mainland time, the way the customer reads it: 2026-12-06 14:30.
  const date = new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Asia/Shanghai',
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(now);
  const values: Record<string, string> = { title: m.survey.title, date, intro: t.intro, action: t.action };
  const out: Record<string, { value: string }> = {};
  for (const [k, v] of Object.entries(config.data ?? DEFAULT_DATA))
    out[k] = { value: v.replace(/\{(title|date|intro|action)\}/g, (_, n: string) => values[n]) };
  return out;
}

const ZSendAnswer = z.object({
  errcode: z.number().optional(),
  errmsg: z.string().optional(),
  msgid: z.union([z.number(), z.string()]).optional(),
});

function channelError(err: unknown): ChannelSendError {
  if (err instanceof WechatApiError)
    return new ChannelSendError(err.message, { retryable: err.retryable, code: err.errcode, cause: err });
  return new ChannelSendError('WeChat template message failed', { retryable: true, cause: err });
}

/**
 * Sends one invitation as a template message. `client_msg_id` is the send's idempotency key (`sendKey`), WeChat's
 * de-duplication key (the same openid + client_msg_id is delivered once), so a retry after a crash does not send
 * twice while a resend or the reminder (another sendKey) does reach the customer. A token
 * WeChat refuses (40001/40014/42001) is replaced once and the message sent again; other errcodes map to
 * retryable (busy, frequency limits) or final (unfollowed, bad template, bad credentials).
 */
export const wechatTemplateAdapter: ChannelAdapter = {
  kind: 'wechat-template',
  configSchema: ZWechatTemplateChannelConfig,
  secretsSchema: ZWechatTemplateChannelSecrets,
  async send(ctx: AppContext, channel: ChannelRecord, message) {
    const config = ZWechatTemplateChannelConfig.parse(channel.config);
    const appSecret = channel.secrets.appSecret;
    if (!appSecret) throw new ChannelSendError('The WeChat channel has no AppSecret', { retryable: false });
    const openid = openidOf(message);
    const account: WechatAccountRef = {
      tenantId: channel.tenantId,
      appId: config.appId,
      appSecret,
      apiBaseUrl: config.apiBaseUrl,
    };
    const base = (config.apiBaseUrl ?? 'https://api.weixin.qq.com').replace(/\/+$/, '');
    const body = {
      touser: openid,
      template_id: config.templateId,
      url: message.url,
      data: templateData(config, message, ctx.clock.now()),
      client_msg_id: message.sendKey,
    };
    try {
      let token = await accessToken(ctx, account);
      for (let attempt = 0; ; attempt++) {
        const answer = ZSendAnswer.parse(
          await wechatJson(
            ctx,
            'template message',
            `${base}/cgi-bin/message/template/send?access_token=${encodeURIComponent(token)}`,
            { method: 'POST', body },
          ),
        );
        const code = answer.errcode ?? 0;
        if (code === 0) return { providerId: answer.msgid === undefined ? undefined : String(answer.msgid) };
        if (TOKEN_INVALID_ERRCODES.has(code) && attempt === 0) {
          token = await accessToken(ctx, account, token);
          continue;
        }
        throw new WechatApiError('template message', code, answer.errmsg, retryableErrcode(code));
      }
    } catch (err) {
      throw channelError(err);
    }
  },
};
