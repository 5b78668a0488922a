import { createHmac, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AppContext } from '../../../platform/context.ts';
import { outboundRequest } from '../../../platform/outbound.ts';
import { type ChannelAdapter, type ChannelRecord, ChannelSendError, type OutboundInvitation } from './adapter.ts';
import { httpStatusError, phoneOf } from './addressing.ts';

/**
 * Aliyun SMS (阿里云短信服务) `SendSms`, API version 2017-05-25, RPC style with signature version 1.0
 * (HMAC-SHA1 over the sorted, percent-encoded parameters; decision 43). The request is a form POST to the
 * configured endpoint, so phone numbers never sit in a URL.
 */

/** The settings of an SMS channel; the AccessKey secret is a secret (`secrets.accessKeySecret`). */
export const ZSmsChannelConfig = z
  .object({
    /** Default `https://dysmsapi.aliyuncs.com`; tests point it at a local stand-in. */
    baseUrl: z.string().url().max(300).optional(),
    regionId: z
      .string()
      .regex(/^[a-z0-9-]{2,40}$/)
      .optional(),
    accessKeyId: z.string().trim().min(1).max(100),
    /** The approved signature (短信签名), e.g. 味道餐厅. */
    signName: z.string().trim().min(1).max(40),
    /** The approved template (短信模板), e.g. SMS_465123456. */
    templateCode: z
      .string()
      .trim()
      .regex(/^SMS_\d{1,20}$/, 'an Aliyun template code such as SMS_465123456'),
    /**
     * The template's variables: each value may use `{url}` (the survey link), `{title}` (the survey's title) and
     * `{unsubscribeUrl}`. Default `{"url": "{url}"}` for a template like "…请评价：${url} 回T退订".
     */
    templateParams: z.record(z.string().regex(/^\w{1,40}$/), z.string().max(200)).optional(),
  })
  .strict();
export type TSmsChannelConfig = z.infer<typeof ZSmsChannelConfig>;

export const ZSmsChannelSecrets = z.object({ accessKeySecret: z.string().min(1).max(200) }).strict();

export const ALIYUN_SMS_BASE_URL = 'https://dysmsapi.aliyuncs.com';

/**
 * Aliyun's percent-encoding for signatures (RFC 3986): A–Z a–z 0–9 - _ . ~ stay, everything else is %XY of its
 * UTF-8 bytes, a space is %20 (not +). encodeURIComponent leaves ! ' ( ) * too, so those are encoded here.
 */
export function percentEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The sorted, encoded `k=v&…` string of every parameter but `Signature`. */
export function canonicalQuery(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((k) => k !== 'Signature')
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k])}`)
    .join('&');
}

/**
 * Signature version 1.0: Base64(HMAC-SHA1(AccessKeySecret + "&", Method + "&" + enc("/") + "&" +
 * enc(canonical query))). Checked against the example of Aliyun's SMS signature documentation in sms.test.ts.
 */
export function rpcSignature(method: 'GET' | 'POST', params: Record<string, string>, accessKeySecret: string): string {
  const stringToSign = `${method}&${percentEncode('/')}&${percentEncode(canonicalQuery(params))}`;
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign).digest('base64');
}

/** ISO 8601 UTC without milliseconds (`2017-07-12T02:42:19Z`), as the API requires. */
const timestamp = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

function templateParam(config: TSmsChannelConfig, m: OutboundInvitation): string {
  const values: Record<string, string> = { url: m.url, title: m.survey.title, unsubscribeUrl: m.unsubscribeUrl };
  const spec = config.templateParams ?? { url: '{url}' };
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(spec)) out[k] = v.replace(/\{(url|title|unsubscribeUrl)\}/g, (_, n) => values[n]);
  return JSON.stringify(out);
}

// Codes the documentation lists as flow control or a transient platform fault: worth another try later.
const RETRYABLE_CODES = new Set([
  'isv.BUSINESS_LIMIT_CONTROL',
  'isp.SYSTEM_ERROR',
  'isv.OUT_OF_SERVICE',
  'Throttling',
  'Throttling.User',
  'Throttling.Api',
  'ServiceUnavailable',
  'InternalError',
]);

/** The answer of SendSms: `Code` is `OK` on success, with the message's `BizId`. */
const ZSendSmsAnswer = z.object({
  Code: z.string(),
  Message: z.string().optional(),
  BizId: z.string().optional(),
  RequestId: z.string().optional(),
});

/**
 * Sends one invitation as a template SMS to the customer's phone. The phone must be the raw number carried by the
 * invitation (addressing.ts): customer_identities keeps only hashes. `OutId` is the send's idempotency key
 * (`sendKey`: the invitation id, or `<invitationId>.<n>` for a resend or the reminder), so the provider's delivery
 * reports (回执) name the invitation and the send. Aliyun does not de-duplicate by OutId: a crash between
 * the provider's acceptance and the invitation row being marked sent can send one SMS twice, which the Reach
 * outbox makes rare but cannot exclude.
 */
export const smsAdapter: ChannelAdapter = {
  kind: 'sms',
  configSchema: ZSmsChannelConfig,
  secretsSchema: ZSmsChannelSecrets,
  async send(ctx: AppContext, channel: ChannelRecord, message) {
    const config = ZSmsChannelConfig.parse(channel.config);
    const secret = channel.secrets.accessKeySecret;
    if (!secret) throw new ChannelSendError('The SMS channel has no AccessKey secret', { retryable: false });
    const params: Record<string, string> = {
      AccessKeyId: config.accessKeyId,
      Action: 'SendSms',
      Format: 'JSON',
      OutId: message.sendKey,
      PhoneNumbers: phoneOf(message),
      RegionId: config.regionId ?? 'cn-hangzhou',
      SignName: config.signName,
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: randomUUID(),
      SignatureVersion: '1.0',
      TemplateCode: config.templateCode,
      TemplateParam: templateParam(config, message),
      Timestamp: timestamp(ctx.clock.now()),
      Version: '2017-05-25',
    };
    const body = `Signature=${percentEncode(rpcSignature('POST', params, secret))}&${canonicalQuery(params)}`;
    const base = (config.baseUrl ?? ALIYUN_SMS_BASE_URL).replace(/\/+$/, '');
    let res: Awaited<ReturnType<typeof outboundRequest>>;
    try {
      res = await outboundRequest(ctx, `${base}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', accept: 'application/json' },
        body,
      });
    } catch (err) {
      throw new ChannelSendError((err as Error).message, {
        retryable: (err as Error).name !== 'OutboundRefused',
        cause: err,
      });
    }
    let answer: z.infer<typeof ZSendSmsAnswer> | undefined;
    try {
      answer = ZSendSmsAnswer.parse(JSON.parse(res.body));
    } catch {
      answer = undefined;
    }
    if (!answer) throw httpStatusError('Aliyun SMS', res.status);
    if (answer.Code === 'OK' && res.status === 200) return { providerId: answer.BizId };
    // The provider's Message may quote the template or sign name; any long digit run (a number) is cut out.
    const why = answer.Message ? ` (${answer.Message.slice(0, 200).replace(/\d{7,}/g, '…')})` : '';
    throw new ChannelSendError(`Aliyun SMS refused the message: ${answer.Code}${why}`, {
      retryable: RETRYABLE_CODES.has(answer.Code) || res.status >= 500,
      code: answer.Code,
    });
  },
};
