import { createHmac } from 'node:crypto';
import type { TRobotProvider } from '@loopcx/shared';
import type { OutboundSource } from '../../../platform/outbound.ts';
import { outboundRequest } from '../../../platform/outbound.ts';

/** One message to a group: a title, markdown-ish lines and the console link. */
export interface RobotMessage {
  title: string;
  body: string;
  url: string | null;
}

/** What the robot platform answered: `ok` only for its documented success code. */
export interface RobotAnswer {
  ok: boolean;
  status: number;
  detail: string;
}

/** A robot as sending needs it: the webhook URL as the platform gave it (its base is the robot's to choose). */
export interface RobotTarget {
  provider: TRobotProvider;
  webhookUrl: string;
  secret: string | null;
}

// Markdown control characters of user text are escaped so a comment cannot forge links or headings in the group.
const md = (s: string) => s.replace(/([\\`*_[\]()#>!|<])/g, '\\$1');

/**
 * 企业微信 group robot (developer.work.weixin.qq.com/document/path/91770): POST JSON to the webhook URL
 * (`…/cgi-bin/webhook/send?key=…`; the key is the credential) with `{"msgtype":"markdown","markdown":{"content"}}`;
 * success is `{"errcode":0}`. Content is at most 4096 bytes.
 */
function wecom(m: RobotMessage) {
  const content = [`**${md(m.title)}**`, md(m.body), m.url ? `[查看 / Open](${m.url})` : ''].filter(Boolean).join('\n');
  return { query: {}, body: { msgtype: 'markdown', markdown: { content: cutBytes(content, 4000) } } };
}

/**
 * 钉钉 custom robot (open.dingtalk.com, 自定义机器人 加签): POST to `…/robot/send?access_token=…` with
 * `timestamp` (ms) and `sign` = base64(HMAC-SHA256(key = secret, message = `${timestamp}\n${secret}`)) added to the
 * query string (URL-encoded); body `{"msgtype":"markdown","markdown":{"title","text"}}`; success `{"errcode":0}`.
 */
function dingtalk(m: RobotMessage, secret: string | null, now: Date) {
  const text = [`### ${md(m.title)}`, md(m.body).replace(/\n/g, '\n\n'), m.url ? `[查看 / Open](${m.url})` : '']
    .filter(Boolean)
    .join('\n\n');
  const query: Record<string, string> = {};
  if (secret) {
    const timestamp = String(now.getTime());
    query.timestamp = timestamp;
    query.sign = dingtalkSign(secret, timestamp);
  }
  return { query, body: { msgtype: 'markdown', markdown: { title: m.title.slice(0, 100), text } } };
}

/** 钉钉's signature of a timestamp (ms): base64 of HMAC-SHA256 keyed by the secret over `timestamp\nsecret`. */
export const dingtalkSign = (secret: string, timestamp: string) =>
  createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');

/**
 * 飞书 custom bot (open.feishu.cn, 自定义机器人 签名校验): POST to `…/open-apis/bot/v2/hook/<token>`; with a secret
 * the body carries `timestamp` (seconds) and `sign` = base64(HMAC-SHA256(key = `${timestamp}\n${secret}`, message =
 * empty)); message `{"msg_type":"text","content":{"text"}}`; success `{"code":0}`.
 */
function feishu(m: RobotMessage, secret: string | null, now: Date) {
  const text = [m.title, m.body, m.url ?? ''].filter(Boolean).join('\n');
  const body: Record<string, unknown> = { msg_type: 'text', content: { text: text.slice(0, 4000) } };
  if (secret) {
    const timestamp = String(Math.floor(now.getTime() / 1000));
    body.timestamp = timestamp;
    body.sign = feishuSign(secret, timestamp);
  }
  return { query: {}, body };
}

/** 飞书's signature: base64 of HMAC-SHA256 keyed by `timestamp\nsecret` over an empty message. */
export const feishuSign = (secret: string, timestamp: string) =>
  createHmac('sha256', `${timestamp}\n${secret}`).update('').digest('base64');

function cutBytes(s: string, max: number): string {
  const b = Buffer.from(s, 'utf8');
  return b.length <= max
    ? s
    : b
        .subarray(0, max)
        .toString('utf8')
        .replace(/\uFFFD$/, '');
}

/**
 * Posts one message to a group robot through the outbound policy (platform/outbound.ts: a webhook on a private
 * address is refused unless allow-listed; redirects are not followed) and reads the platform's success code.
 */
export async function sendToRobot(
  source: OutboundSource,
  target: RobotTarget,
  message: RobotMessage,
  now: Date,
): Promise<RobotAnswer> {
  const built =
    target.provider === 'wecom'
      ? wecom(message)
      : target.provider === 'dingtalk'
        ? dingtalk(message, target.secret, now)
        : feishu(message, target.secret, now);
  const url = new URL(target.webhookUrl);
  for (const [k, v] of Object.entries(built.query)) url.searchParams.set(k, v);
  const res = await outboundRequest(source, url.toString(), {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(built.body),
    timeoutMs: 10_000,
    maxResponseBytes: 8192,
  });
  let code: unknown;
  let msg = '';
  try {
    const j = JSON.parse(res.body) as { errcode?: unknown; errmsg?: unknown; code?: unknown; msg?: unknown };
    code = target.provider === 'feishu' ? j.code : j.errcode;
    msg = String((target.provider === 'feishu' ? j.msg : j.errmsg) ?? '');
  } catch {
    msg = 'not JSON';
  }
  const ok = res.status >= 200 && res.status < 300 && code === 0;
  return { ok, status: res.status, detail: ok ? 'ok' : `${res.status} ${code ?? ''} ${msg}`.trim().slice(0, 200) };
}

/** Checks a webhook URL's shape per provider (the platforms' documented paths); returns a reason or null. */
export function robotUrlProblem(provider: TRobotProvider, raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be http(s)';
  if (url.username || url.password) return 'must not carry credentials';
  if (provider === 'wecom' && !url.searchParams.get('key')) return 'a 企业微信 robot URL carries ?key=';
  if (provider === 'dingtalk' && !url.searchParams.get('access_token'))
    return 'a 钉钉 robot URL carries ?access_token=';
  if (provider === 'feishu' && !/\/open-apis\/bot\/v2\/hook\/[^/]+$/.test(url.pathname))
    return 'a 飞书 bot URL ends in /open-apis/bot/v2/hook/<token>';
  return null;
}

/** How a robot is shown once its URL is write-only: origin, path and a masked key. */
export function robotHint(raw: string): string {
  const url = new URL(raw);
  const mask = (v: string) => (v.length <= 6 ? '***' : `${v.slice(0, 3)}…${v.slice(-3)}`);
  const path = url.pathname.replace(
    /\/open-apis\/bot\/v2\/hook\/([^/]+)$/,
    (_m, t: string) => `/open-apis/bot/v2/hook/${mask(t)}`,
  );
  const q = [...url.searchParams.entries()].map(([k, v]) => `${k}=${mask(v)}`).join('&');
  return `${url.origin}${path}${q ? `?${q}` : ''}`;
}
