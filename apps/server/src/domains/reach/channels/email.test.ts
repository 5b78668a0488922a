import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../platform/config.ts';
import type { AppContext } from '../../../platform/context.ts';
import type { ChannelRecord, OutboundInvitation } from './adapter.ts';
import { ChannelSendError } from './adapter.ts';
import { emailAdapter, ZEmailChannelConfig } from './email.ts';

// A real SMTP server in the test process (smtp-server, the stand-in deliver-email.test.ts uses): it checks the
// AUTH PLAIN/LOGIN credentials as a provider would, and keeps the raw RFC 5322 message as a mailbox receives it.
const received: Array<{ from: string; to: string[]; raw: string; user?: string }> = [];
let answer: { code: number; text: string } | undefined;
const smtp = new SMTPServer({
  disabledCommands: ['STARTTLS'],
  authMethods: ['PLAIN', 'LOGIN'],
  onAuth(auth, _session, callback) {
    if (auth.username === 'invites@savor.example' && auth.password === 'smtp-pass-不要泄露')
      return callback(null, { user: auth.username });
    return callback(Object.assign(new Error('Authentication failed'), { responseCode: 535 }));
  },
  onData(stream, session, callback) {
    let raw = '';
    stream.setEncoding('utf8');
    stream.on('data', (d: string) => {
      raw += d;
    });
    stream.on('end', () => {
      if (answer) return callback(Object.assign(new Error(answer.text), { responseCode: answer.code }));
      received.push({
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        to: session.envelope.rcptTo.map((r) => r.address),
        raw,
        user: session.user as string | undefined,
      });
      callback();
    });
  },
});

let port: number;
const ctx = {
  config: loadConfig({
    dataDir: 'memory://',
    secret: 'test',
    outboundAllow: ['127.0.0.1'],
    publicUrl: 'https://cx.savor.example',
  }),
} as AppContext;

beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  port = (smtp.server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => smtp.close(() => resolve())));
beforeEach(() => {
  received.length = 0;
  answer = undefined;
});

const channel = (over: Partial<ChannelRecord> = {}): ChannelRecord => ({
  id: '0190f0c0-0000-7000-8000-000000000001',
  tenantId: '0190f0c0-0000-7000-8000-0000000000aa',
  kind: 'email',
  name: '邀请邮件',
  url: null,
  config: {
    host: '127.0.0.1',
    port,
    secure: false,
    user: 'invites@savor.example',
    from: '味道餐厅 <cx@savor.example>',
  },
  secrets: { password: 'smtp-pass-不要泄露' },
  ...over,
});

const invitation = (over: Partial<OutboundInvitation> = {}): OutboundInvitation => ({
  invitationId: '0190f0c0-0000-7000-8000-0000000000b1',
  sendKey: '0190f0c0-0000-7000-8000-0000000000b1',
  reminder: false,
  tenantId: '0190f0c0-0000-7000-8000-0000000000aa',
  locale: 'zh-CN',
  customer: { id: 'c1', identities: [{ kind: 'email', value: 'Wang.Fang@Example.com' }] },
  url: 'https://cx.savor.example/s/TOKEN123',
  unsubscribeUrl: 'https://cx.savor.example/u/UNSUB456',
  survey: {
    id: 's1',
    title: '就餐体验调查',
    firstQuestion: {
      name: 'nps',
      type: 'rating',
      title: '您有多大可能向朋友推荐我们？',
      choices: Array.from({ length: 11 }, (_, i) => ({ value: i, text: String(i) })),
    },
  },
  message: { text: '请评价本次就餐：https://cx.savor.example/s/TOKEN123 退订：https://cx.savor.example/u/UNSUB456' },
  ...over,
});

/** Header value (unfolded, RFC 2047 words decoded) and the decoded text/plain and text/html parts of a message. */
function parse(raw: string) {
  const [head] = raw.split(/\r\n\r\n/);
  const unfolded = head.replace(/\r\n[ \t]+/g, ' ');
  const header = (name: string) => {
    const m = new RegExp(`^${name}: (.*)$`, 'im').exec(unfolded)?.[1];
    return m?.replace(/=\?utf-8\?([BQ])\?([^?]*)\?=\s?/gi, (_, enc: string, s: string) =>
      enc.toUpperCase() === 'B' ? Buffer.from(s, 'base64').toString('utf8') : decodeQp(s.replace(/_/g, ' ')),
    );
  };
  const part = (type: string) => {
    const re = new RegExp(
      `Content-Type: ${type}[^\\r]*\\r\\n(?:[^\\r]+\\r\\n)*?Content-Transfer-Encoding: (\\S+)\\r\\n(?:[^\\r]+\\r\\n)*\\r\\n([\\s\\S]*?)\\r\\n--`,
      'i',
    );
    const m = re.exec(raw);
    if (!m) return '';
    return m[1].toLowerCase() === 'base64' ? Buffer.from(m[2], 'base64').toString('utf8') : decodeQp(m[2]);
  };
  return { header, text: part('text/plain'), html: part('text/html') };
}
function decodeQp(s: string): string {
  const bytes = s.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h: string) => `%${h}`);
  return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, '%25'));
}

describe('email channel (SMTP)', () => {
  it('delivers a zh-CN invitation with login, unsubscribe headers and 0–10 buttons that prefill the first answer', async () => {
    const result = await emailAdapter.send(ctx, channel(), invitation());
    expect(received).toHaveLength(1);
    const mail = received[0];
    expect(mail.user).toBe('invites@savor.example');
    expect(mail.from).toBe('cx@savor.example');
    expect(mail.to).toEqual(['wang.fang@example.com']);
    const { header, text, html } = parse(mail.raw);
    expect(header('Subject')).toBe('邀请您参与「就餐体验调查」');
    expect(header('List-Unsubscribe')).toBe('<https://cx.savor.example/u/UNSUB456>');
    expect(header('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(header('Message-ID')).toBe(`<invitation-0190f0c0-0000-7000-8000-0000000000b1@cx.savor.example>`);
    expect(result.providerId).toBe(header('Message-ID'));
    expect(text).toContain('https://cx.savor.example/s/TOKEN123');
    expect(text).toContain('https://cx.savor.example/u/UNSUB456');
    expect(html).toContain('您有多大可能向朋友推荐我们？');
    for (let i = 0; i <= 10; i++) expect(html).toContain(`href="https://cx.savor.example/s/TOKEN123?q_nps=${i}"`);
    expect(html).toContain('href="https://cx.savor.example/u/UNSUB456"');
    expect(html).toContain('退订');
  });

  it('renders English for an en invitation, uses the rendered subject, and escapes survey text in HTML', async () => {
    await emailAdapter.send(
      ctx,
      channel(),
      invitation({
        locale: 'en',
        message: { subject: 'Your visit to <Savor>', text: 'Answer: https://cx.savor.example/s/TOKEN123' },
        survey: {
          id: 's1',
          title: 'Dining <b>survey</b>',
          firstQuestion: { name: 'why', type: 'comment', title: 'Why?' },
        },
      }),
    );
    const { header, html } = parse(received[0].raw);
    expect(header('Subject')).toBe('Your visit to <Savor>');
    expect(html).toContain('Dining &lt;b&gt;survey&lt;/b&gt;');
    expect(html).toContain('Start the survey');
    expect(html).toContain('Unsubscribe');
    // A free-text first question has no answers to offer as buttons.
    expect(html).not.toContain('q_why=');
  });

  it('a reminder is a new message (its own Message-ID) and says so in the default subject', async () => {
    await emailAdapter.send(
      ctx,
      channel(),
      invitation({ sendKey: '0190f0c0-0000-7000-8000-0000000000b1.1', reminder: true }),
    );
    const { header } = parse(received[0].raw);
    expect(header('Subject')).toBe('提醒：邀请您参与「就餐体验调查」');
    expect(header('Message-ID')).toBe('<invitation-0190f0c0-0000-7000-8000-0000000000b1.1@cx.savor.example>');
  });

  it('a wrong password is a final failure that names the server, not the password', async () => {
    const err = await emailAdapter
      .send(ctx, channel({ secrets: { password: 'wrong' } }), invitation())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChannelSendError);
    expect((err as ChannelSendError).retryable).toBe(false);
    expect((err as Error).message).toContain(`127.0.0.1:${port}`);
    expect((err as Error).message).not.toContain('wrong');
    expect(received).toHaveLength(0);
  });

  it('a 4xx reply is retried, a 5xx reply is final', async () => {
    answer = { code: 451, text: 'try again later' };
    const soft = (await emailAdapter.send(ctx, channel(), invitation()).catch((e: unknown) => e)) as ChannelSendError;
    expect([soft.retryable, soft.code]).toEqual([true, 451]);
    answer = { code: 550, text: 'mailbox unavailable' };
    const hard = (await emailAdapter.send(ctx, channel(), invitation()).catch((e: unknown) => e)) as ChannelSendError;
    expect([hard.retryable, hard.code]).toEqual([false, 550]);
  });

  it('a customer known only by a hashed email fails at once, without talking to the server', async () => {
    const hashed = invitation({ customer: { id: 'c1', identities: [{ kind: 'email', value: 'a'.repeat(64) }] } });
    const err = (await emailAdapter.send(ctx, channel(), hashed).catch((e: unknown) => e)) as ChannelSendError;
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/hash/);
    const none = invitation({ customer: { id: 'c1', identities: [{ kind: 'phone', value: '13800138000' }] } });
    expect(((await emailAdapter.send(ctx, channel(), none).catch((e: unknown) => e)) as ChannelSendError).code).toBe(
      'no_email',
    );
  });

  it('an SMTP host on a private or loopback address is refused unless the operator allows it', async () => {
    const closed = { config: loadConfig({ dataDir: 'memory://', secret: 't', outboundAllow: [] }) } as AppContext;
    const err = (await emailAdapter.send(closed, channel(), invitation()).catch((e: unknown) => e)) as ChannelSendError;
    expect(err).toBeInstanceOf(ChannelSendError);
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/loopback/);
    expect(received).toHaveLength(0);
  });

  it('the channel settings are validated (422 material for the channels API)', () => {
    expect(
      ZEmailChannelConfig.safeParse({ host: 'smtp.exmail.qq.com', port: 465, secure: true, from: 'a@b.cn' }).success,
    ).toBe(true);
    const bad = ZEmailChannelConfig.safeParse({ host: 'smtp host', port: 70000, secure: 'yes', from: '' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path[0]).sort()).toEqual(['from', 'host', 'port', 'secure']);
  });
});
