import type { AppContext } from '../../../platform/context.ts';
import { one, sql } from '../../../platform/db.ts';
import type { Job } from '../../../platform/jobs.ts';
import { sendMail } from '../../../platform/mail.ts';

/**
 * Job handler: sends one notification email (HTML with its plain-text alternative) through SMTP and marks it sent.
 * Enqueued only when SMTP is configured; an SMTP error throws and the job retries. Idempotent.
 */
export async function sendEmail(ctx: AppContext, job: Job<{ notificationId: string }>) {
  const n = await one<{ recipient: string; subject: string; body: string; html: string | null; status: string }>(
    ctx.db,
    sql`SELECT recipient, subject, body, html, status FROM notifications
        WHERE tenant_id = ${job.tenantId} AND id = ${job.payload.notificationId} AND channel = 'email'`,
  );
  if (!n || n.status === 'sent' || !ctx.config.smtpUrl) return;
  await sendMail(ctx, { to: n.recipient, subject: n.subject, text: n.body, html: n.html });
  await ctx.db.execute(
    sql`UPDATE notifications SET status = 'sent' WHERE tenant_id = ${job.tenantId} AND id = ${job.payload.notificationId}`,
  );
}
