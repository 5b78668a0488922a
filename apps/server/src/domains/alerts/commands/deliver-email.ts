import nodemailer, { type Transporter } from 'nodemailer';
import type { AppContext } from '../../../platform/context.ts';
import { one, sql } from '../../../platform/db.ts';
import type { Job } from '../../../platform/jobs.ts';

const transports = new Map<string, Transporter>();

/** One pooled SMTP transport per server URL, reused by every delivery in this process. */
export function mailTransport(url: string): Transporter {
  let t = transports.get(url);
  if (!t) {
    t = nodemailer.createTransport(url, { pool: true, maxConnections: 2 } as never);
    transports.set(url, t);
  }
  return t;
}

/**
 * Job handler: sends an alert email through the configured SMTP server and marks it sent. An SMTP error throws,
 * so the job retries with backoff (and is parked after its last attempt, the notification left `pending` with
 * the error on the job). Idempotent: a notification already sent is not sent again.
 */
export async function deliverEmail(ctx: AppContext, job: Job<{ notificationId: string }>) {
  const n = await one<{ recipient: string; subject: string; body: string; status: string }>(
    ctx.db,
    sql`SELECT recipient, subject, body, status FROM notifications WHERE tenant_id = ${job.tenantId} AND id = ${job.payload.notificationId} AND channel = 'email'`,
  );
  if (!n || n.status === 'sent' || !ctx.config.smtpUrl) return;
  await mailTransport(ctx.config.smtpUrl).sendMail({
    from: ctx.config.mailFrom,
    to: n.recipient,
    subject: n.subject,
    text: n.body,
  });
  await ctx.db.execute(
    sql`UPDATE notifications SET status = 'sent' WHERE tenant_id = ${job.tenantId} AND id = ${job.payload.notificationId}`,
  );
}

/** Closes pooled SMTP connections (shutdown, tests). */
export function closeMailTransports() {
  for (const t of transports.values()) t.close();
  transports.clear();
}
