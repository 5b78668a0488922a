import nodemailer, { type Transporter } from 'nodemailer';
import type { AppContext } from './context.ts';

const transports = new Map<string, Transporter>();

/** One pooled SMTP transport per server URL, reused by every delivery in this process. */
function transport(url: string): Transporter {
  let t = transports.get(url);
  if (!t) {
    t = nodemailer.createTransport(url, { pool: true, maxConnections: 2 } as never);
    transports.set(url, t);
  }
  return t;
}

/** One email through the configured SMTP server (`SMTP_URL`); an SMTP error throws (the caller's job retries). */
export async function sendMail(
  ctx: Pick<AppContext, 'config'>,
  mail: {
    to: string;
    subject: string;
    text: string;
    html?: string | null;
    attachments?: Array<{ filename: string; content: Buffer; contentType: string }>;
    /** 'base64' keeps every line of a Chinese body short and the parts byte-exact. */
    textEncoding?: 'base64' | 'quoted-printable';
  },
): Promise<void> {
  if (!ctx.config.smtpUrl) throw new Error('SMTP is not configured');
  await transport(ctx.config.smtpUrl).sendMail({
    from: ctx.config.mailFrom,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    ...(mail.html ? { html: mail.html } : {}),
    ...(mail.attachments ? { attachments: mail.attachments } : {}),
    ...(mail.textEncoding ? { textEncoding: mail.textEncoding } : {}),
  });
}

/** Closes pooled SMTP connections (shutdown, tests). */
export function closeMailTransports() {
  for (const t of transports.values()) t.close();
  transports.clear();
}
