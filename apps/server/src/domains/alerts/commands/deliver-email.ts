import type { AppContext } from '../../../platform/context.ts';
import { one, sql } from '../../../platform/db.ts';
import type { Job } from '../../../platform/jobs.ts';
import { sendMail } from '../../../platform/mail.ts';

export { closeMailTransports } from '../../../platform/mail.ts';

/**
 * Job handler: sends an alert email through the configured SMTP server and marks it sent — the HTML part when the
 * notification has one (alert emails: alerts/alert-email.ts), always with the plain-text alternative. An SMTP
 * error throws, so the job retries with backoff (and is parked after its last attempt, the notification left
 * `pending` with the error on the job). Idempotent: a notification already sent is not sent again.
 */
export async function deliverEmail(ctx: AppContext, job: Job<{ notificationId: string }>) {
  const n = await one<{ recipient: string; subject: string; body: string; html: string | null; status: string }>(
    ctx.db,
    sql`SELECT recipient, subject, body, html, status FROM notifications WHERE tenant_id = ${job.tenantId} AND id = ${job.payload.notificationId} AND channel = 'email'`,
  );
  if (!n || n.status === 'sent' || !ctx.config.smtpUrl) return;
  await sendMail(ctx, { to: n.recipient, subject: n.subject, text: n.body, html: n.html });
  await ctx.db.execute(
    sql`UPDATE notifications SET status = 'sent' WHERE tenant_id = ${job.tenantId} AND id = ${job.payload.notificationId}`,
  );
}
