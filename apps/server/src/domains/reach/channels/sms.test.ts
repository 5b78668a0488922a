import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../platform/clock.ts';
import { loadConfig } from '../../../platform/config.ts';
import type { AppContext } from '../../../platform/context.ts';
import { type ChannelRecord, ChannelSendError, type OutboundInvitation } from './adapter.ts';
import { canonicalQuery, percentEncode, rpcSignature, smsAdapter, ZSmsChannelConfig } from './sms.ts';

const SECRET = 'aliyun-secret-不要泄露';

/**
 * The documented encoding, written the way Aliyun's documentation describes it (form-encode, then `+`→%20,
 * `*`→%2A, %7E→`~`), independently of sms.ts's percentEncode, so the stand-in does not share the code it checks.
 */
const docEncode = (s: string) =>
  new URLSearchParams([['', s]]).toString().slice(1).replace(/\+/g, '%20').replace(/\*/g, '%2A').replace(/%7E/g, '~');
function docSignature(method: string, params: Record<string, string>, secret: string) {
  const sorted = Object.keys(params)
    .filter((k) => k !== 'Signature')
    .sort()
    .map((k) => `${docEncode(k)}=${docEncode(params[k])}`)
    .join('&');
  return createHmac('sha1', `${secret}&`)
    .update(`${method}&${docEncode('/')}&${docEncode(sorted)}`)
    .digest('base64');
}

// The stand-in for dysmsapi.aliyuncs.com: checks what the documentation requires of a SendSms call and answers as
// the service does ({Code, Message, BizId, RequestId}; SignatureDoesNotMatch with HTTP 400 on a bad signature).
const calls: Array<Record<string, string>> = [];
const nonces = new Set<string>();
let reply: { status: number; body: Record<string, string> } | undefined;
const REQUIRED = [
  'AccessKeyId',
  'Action',
  'Format',
  'PhoneNumbers',
  'RegionId',
  'SignName',
  'Signature',
  'SignatureMethod',
  'SignatureNonce',
  'SignatureVersion',
  'TemplateCode',
  'Timestamp',
  'Version',
];
const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  let raw = '';
  req.setEncoding('utf8');
  req.on('data', (d: string) => {
    raw += d;
  });
  req.on('end', () => {
    const send = (status: number, body: Record<string, string>) => {
      res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' });
      res.end(JSON.stringify({ RequestId: 'F655A8D5-B967-440B-8683-DAD6FF8DE990', ...body }));
    };
    const params = Object.fromEntries(new URLSearchParams(raw));
    const missing = REQUIRED.filter((k) => !params[k]);
    if (
      req.method !== 'POST' ||
      req.url !== '/' ||
      !/^application\/x-www-form-urlencoded/.test(String(req.headers['content-type']))
    )
      return send(400, { Code: 'InvalidParameter', Message: 'bad request line' });
    if (missing.length) return send(400, { Code: 'MissingParameter', Message: missing.join(',') });
    if (params.SignatureMethod !== 'HMAC-SHA1' || params.SignatureVersion !== '1.0' || params.Version !== '2017-05-25')
      return send(400, { Code: 'InvalidParameter', Message: 'signature method or version' });
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(params.Timestamp))
      return send(400, { Code: 'InvalidTimeStamp.Format', Message: params.Timestamp });
    if (nonces.has(params.SignatureNonce)) return send(400, { Code: 'SignatureNonceUsed', Message: 'nonce reused' });
    nonces.add(params.SignatureNonce);
    if (params.AccessKeyId !== 'LTAI5tTestKeyId') return send(404, { Code: 'InvalidAccessKeyId.NotFound' });
    if (params.Signature !== docSignature('POST', params, SECRET))
      return send(400, {
        Code: 'SignatureDoesNotMatch',
        Message: 'Specified signature is not matched with our calculation.',
      });
    calls.push(params);
    if (reply) return send(reply.status, reply.body);
    send(200, { Code: 'OK', Message: 'OK', BizId: '900619746936498440^0' });
  });
});

let base: string;
const clock = new FakeClock('2026-12-06T06:30:00Z');
const ctx = {
  config: loadConfig({ dataDir: 'memory://', secret: 'test', outboundAllow: ['127.0.0.1'] }),
  clock,
} as unknown as AppContext;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  calls.length = 0;
  reply = undefined;
});

const channel = (
  over: Partial<ChannelRecord['config']> = {},
  secrets = { accessKeySecret: SECRET },
): ChannelRecord => ({
  id: '0190f0c0-0000-7000-8000-000000000002',
  tenantId: '0190f0c0-0000-7000-8000-0000000000aa',
  kind: 'sms',
  name: '短信邀请',
  url: null,
  config: {
    baseUrl: base,
    accessKeyId: 'LTAI5tTestKeyId',
    signName: '味道餐厅',
    templateCode: 'SMS_465123456',
    templateParams: { title: '{title}', url: '{url}' },
    ...over,
  },
  secrets,
});

const invitation = (phone = '+86 138 0013 8000'): OutboundInvitation => ({
  invitationId: '0190f0c0-0000-7000-8000-0000000000b2',
  sendKey: '0190f0c0-0000-7000-8000-0000000000b2.1',
  reminder: true,
  tenantId: '0190f0c0-0000-7000-8000-0000000000aa',
  locale: 'zh-CN',
  customer: { id: 'c1', identities: [{ kind: 'phone', value: phone }] },
  url: 'https://cx.savor.example/s/AbC-123_x',
  unsubscribeUrl: 'https://cx.savor.example/u/UNSUB',
  survey: { id: 's1', title: '就餐体验 (快速) *调查*' },
  message: { text: '请评价' },
});

describe('signature version 1.0', () => {
  it("reproduces the example of Aliyun's SMS signature documentation", () => {
    const params = {
      AccessKeyId: 'testId',
      Action: 'SendSms',
      Format: 'XML',
      OutId: '123',
      PhoneNumbers: '15300000001',
      RegionId: 'cn-hangzhou',
      SignName: '阿里云短信测试专用',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '45e25e9b-0a6f-4070-8c85-2956eda1b466',
      SignatureVersion: '1.0',
      TemplateCode: 'SMS_71390007',
      TemplateParam: '{"customer":"test"}',
      Timestamp: '2017-07-12T02:42:19Z',
      Version: '2017-05-25',
    };
    expect(rpcSignature('GET', params, 'testSecret')).toBe('zJDF+Lrzhj/ThnlvIToysFRq6t4=');
    expect(percentEncode('zJDF+Lrzhj/ThnlvIToysFRq6t4=')).toBe('zJDF%2BLrzhj%2FThnlvIToysFRq6t4%3D');
    expect(canonicalQuery(params)).toContain(
      'SignName=%E9%98%BF%E9%87%8C%E4%BA%91%E7%9F%AD%E4%BF%A1%E6%B5%8B%E8%AF%95%E4%B8%93%E7%94%A8&',
    );
    expect(percentEncode("a b*c~d!'()")).toBe('a%20b%2Ac~d%21%27%28%29');
  });
});

describe('SMS channel (Aliyun SendSms)', () => {
  it('sends a signed SendSms the stand-in verifies, with the survey link in TemplateParam and the invitation as OutId', async () => {
    const result = await smsAdapter.send(ctx, channel(), invitation());
    expect(result).toEqual({ providerId: '900619746936498440^0' });
    expect(calls).toHaveLength(1);
    const p = calls[0];
    expect(p.PhoneNumbers).toBe('13800138000');
    expect(p.SignName).toBe('味道餐厅');
    expect(p.TemplateCode).toBe('SMS_465123456');
    expect(JSON.parse(p.TemplateParam)).toEqual({
      title: '就餐体验 (快速) *调查*',
      url: 'https://cx.savor.example/s/AbC-123_x',
    });
    expect(p.OutId).toBe('0190f0c0-0000-7000-8000-0000000000b2.1');
    expect(p.Timestamp).toBe('2026-12-06T06:30:00Z');
    expect(p.RegionId).toBe('cn-hangzhou');
    // A second send signs with a fresh nonce (the stand-in refuses a reused one).
    await smsAdapter.send(ctx, channel(), invitation());
    expect(calls).toHaveLength(2);
  });

  it('an international number goes as country code + number', async () => {
    await smsAdapter.send(ctx, channel(), invitation('+852 6123 4567'));
    expect(calls[0].PhoneNumbers).toBe('85261234567');
  });

  it('a wrong AccessKey secret is refused by the signature check: final, and the secret is not in the error', async () => {
    const err = (await smsAdapter
      .send(ctx, channel({}, { accessKeySecret: 'wrong-secret' }), invitation())
      .catch((e: unknown) => e)) as ChannelSendError;
    expect(err).toBeInstanceOf(ChannelSendError);
    expect([err.retryable, err.code]).toEqual([false, 'SignatureDoesNotMatch']);
    expect(err.message).not.toContain('wrong-secret');
    expect(calls).toHaveLength(0);
  });

  it('flow control is retried; an illegal number is final and its digits are not repeated', async () => {
    reply = { status: 200, body: { Code: 'isv.BUSINESS_LIMIT_CONTROL', Message: '触发分钟级流控Permits:1' } };
    const limited = (await smsAdapter.send(ctx, channel(), invitation()).catch((e: unknown) => e)) as ChannelSendError;
    expect([limited.retryable, limited.code]).toEqual([true, 'isv.BUSINESS_LIMIT_CONTROL']);
    reply = { status: 200, body: { Code: 'isv.MOBILE_NUMBER_ILLEGAL', Message: '非法手机号 13800138000' } };
    const illegal = (await smsAdapter.send(ctx, channel(), invitation()).catch((e: unknown) => e)) as ChannelSendError;
    expect([illegal.retryable, illegal.code]).toEqual([false, 'isv.MOBILE_NUMBER_ILLEGAL']);
    expect(illegal.message).not.toContain('13800138000');
    reply = { status: 503, body: { Code: 'ServiceUnavailable' } };
    const down = (await smsAdapter.send(ctx, channel(), invitation()).catch((e: unknown) => e)) as ChannelSendError;
    expect(down.retryable).toBe(true);
  });

  it('a customer known only by a phone hash fails at once, before any request', async () => {
    const err = (await smsAdapter
      .send(ctx, channel(), invitation('9f'.repeat(32)))
      .catch((e: unknown) => e)) as ChannelSendError;
    expect([err.retryable, err.code]).toEqual([false, 'no_phone']);
    expect(calls).toHaveLength(0);
  });

  it('a base URL on a loopback address is refused without the operator allow-list', async () => {
    const closed = {
      ...ctx,
      config: loadConfig({ dataDir: 'memory://', secret: 't', outboundAllow: [] }),
    } as AppContext;
    const err = (await smsAdapter.send(closed, channel(), invitation()).catch((e: unknown) => e)) as ChannelSendError;
    expect(err.retryable).toBe(false);
    expect(calls).toHaveLength(0);
  });

  it('the channel settings are validated', () => {
    const ok = { accessKeyId: 'LTAI5t', signName: '味道餐厅', templateCode: 'SMS_1' };
    expect(ZSmsChannelConfig.safeParse(ok).success).toBe(true);
    const bad = ZSmsChannelConfig.safeParse({ ...ok, templateCode: 'TPL1', baseUrl: 'not a url', extra: 1 });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => String(i.path[0] ?? i.code)).sort()).toEqual([
      'baseUrl',
      'templateCode',
      'unrecognized_keys',
    ]);
  });
});
