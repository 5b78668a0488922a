import nodemailer from 'nodemailer';
import { z } from 'zod';
import type { AppContext } from '../../../platform/context.ts';
import { checkedOutboundHost } from '../../../platform/outbound.ts';
import { type ChannelAdapter, type ChannelRecord, ChannelSendError } from './adapter.ts';
import { emailOf } from './addressing.ts';
import { renderInvitationEmail } from './email-template.ts';

/** The settings of an email channel (`config`); the SMTP password is a secret (`secrets.password`). */
export const ZEmailChannelConfig = z
  .object({
    host: z
      .string()
      .trim()
      .min(1)
      .max(253)
      .regex(/^[\w.:[\]-]+$/, 'a host name or IP address'),
    port: z.number().int().min(1).max(65535),
    /** Implicit TLS (SMTPS, usually port 465); false: STARTTLS when the server offers it (587/25). */
    secure: z.boolean(),
    user: z.string().min(1).max(200).optional(),
    /** `Name <address@domain>` or a bare address. */
    from: z.string().trim().min(3).max(300),
  })
  .strict();
export type TEmailChannelConfig = z.infer<typeof ZEmailChannelConfig>;

export const ZEmailChannelSecrets = z
  .object({ password: z.string().min(1).max(500) })
  .partial()
  .strict();

const TIMEOUT_MS = 15_000;

/**
 * A failed SMTP exchange as a channel error. SMTP replies decide (RFC 5321 §4.2.1): 4xx is transient (retry),
 * 5xx permanent — except that an authentication failure or a refused sender is the channel's configuration, also
 * final until an admin fixes it. No reply at all (connection refused, timeout, TLS failure) is retried. The
 * message names the server, never the recipient or the credentials.
 */
function smtpError(err: unknown, where: string): ChannelSendError {
  const e = err as { responseCode?: number; code?: string; message?: string };
  if (typeof e.responseCode === 'number') {
    return new ChannelSendError(`SMTP server ${where} answered ${e.responseCode}`, {
      retryable: e.responseCode >= 400 && e.responseCode < 500,
      code: e.responseCode,
      cause: err,
    });
  }
  if (e.code === 'EAUTH')
    return new ChannelSendError(`SMTP server ${where} refused the login`, { retryable: false, code: e.code });
  return new ChannelSendError(`SMTP server ${where} could not be reached (${e.code ?? 'network error'})`, {
    retryable: true,
    code: e.code,
    cause: err,
  });
}

/**
 * Sends invitations through the tenant's own SMTP server (nodemailer). The server's host is checked like any
 * outbound destination (platform/outbound.ts: no private or loopback address unless LOOPCX_OUTBOUND_ALLOW says so)
 * and the connection goes to the address that was checked, with the name kept for TLS. One connection per send:
 * nothing is pooled per process, so a channel's new password takes effect at the next send on every node.
 *
 * Every message carries `List-Unsubscribe` with the invitation's one-click link and `List-Unsubscribe-Post`
 * (RFC 8058), and a Message-ID derived from the send's idempotency key (`sendKey`), so a retried send after a crash
 * is recognisable as the same message by the receiving side, while a resend or the reminder is a new message.
 */
export const emailAdapter: ChannelAdapter = {
  kind: 'email',
  configSchema: ZEmailChannelConfig,
  secretsSchema: ZEmailChannelSecrets as z.ZodType<Record<string, string>>,
  async send(ctx: AppContext, channel: ChannelRecord, message) {
    const config = ZEmailChannelConfig.parse(channel.config);
    const to = emailOf(message);
    const where = `${config.host}:${config.port}`;
    let target: { address: string };
    try {
      target = await checkedOutboundHost(ctx, config.host);
    } catch (err) {
      throw new ChannelSendError((err as Error).message, { retryable: (err as Error).name === 'OutboundFailed' });
    }
    const password = channel.secrets.password;
    const transport = nodemailer.createTransport({
      host: target.address,
      port: config.port,
      secure: config.secure,
      auth: config.user ? { user: config.user, pass: password ?? '' } : undefined,
      tls: { servername: config.host },
      name: new URL(ctx.config.publicUrl).hostname,
      connectionTimeout: TIMEOUT_MS,
      greetingTimeout: TIMEOUT_MS,
      socketTimeout: TIMEOUT_MS,
      logger: false,
      debug: false,
    });
    const { subject, text, html } = renderInvitationEmail(message);
    try {
      const info = await transport.sendMail({
        from: config.from,
        to,
        subject,
        text,
        html,
        messageId: `<invitation-${message.sendKey}@${new URL(ctx.config.publicUrl).hostname}>`,
        headers: {
          'List-Unsubscribe': `<${message.unsubscribeUrl}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          'Auto-Submitted': 'auto-generated',
        },
      });
      return { providerId: info.messageId };
    } catch (err) {
      throw smtpError(err, where);
    } finally {
      transport.close();
    }
  },
};
