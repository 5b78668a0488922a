import type { AppContext } from '../../../platform/context.ts';
import { one, sql } from '../../../platform/db.ts';
import { openStoredFile } from '../../../platform/file-store.ts';
import type { Job } from '../../../platform/jobs.ts';
import { sendMail } from '../../../platform/mail.ts';
import { periodFileName } from '../render/labels.ts';

/**
 * Job handler: mails one recipient their copy of a sent report — the HTML body in their locale with the PDF
 * attached — through the configured SMTP server, and marks the delivery sent. An SMTP error throws, so the job
 * retries with backoff. Idempotent: a delivery already marked sent is not sent again (a crash between the SMTP
 * answer and the mark can send one copy twice: at-least-once, as every outbox job). Without SMTP configured the
 * delivery stays unsent with the reason, like alert mails.
 */
export async function deliverReport(ctx: AppContext, job: Job<{ runId: string; recipient: string }>) {
  const tenantId = job.tenantId;
  if (!tenantId) return;
  const d = await one<{
    locale: 'zh-CN' | 'en';
    sent_at: Date | null;
    files: Record<string, string>;
    mail: Record<string, { subject: string; html: string; text: string }>;
    period: string;
    unit_code: string;
  }>(
    ctx.db,
    sql`SELECT d.locale, d.sent_at, r.files, r.mail, r.period, o.code AS unit_code FROM report_deliveries d
        JOIN report_runs r ON r.tenant_id = d.tenant_id AND r.id = d.run_id
        JOIN report_schedules s ON s.tenant_id = r.tenant_id AND s.id = r.schedule_id
        JOIN org_units o ON o.tenant_id = s.tenant_id AND o.id = s.org_unit_id
        WHERE d.tenant_id = ${tenantId} AND d.run_id = ${job.payload.runId} AND d.recipient = ${job.payload.recipient}`,
  );
  if (!d || d.sent_at) return;
  const mail = d.mail[d.locale];
  const ref = d.files[d.locale];
  const stream = ref ? await openStoredFile(ctx, tenantId, ref) : undefined;
  if (!mail || !stream) throw new Error('the report’s stored copy is missing');
  if (!ctx.config.smtpUrl) {
    stream.destroy();
    await ctx.db.execute(
      sql`UPDATE report_deliveries SET error = 'no SMTP server configured (SMTP_URL)'
          WHERE tenant_id = ${tenantId} AND run_id = ${job.payload.runId} AND recipient = ${job.payload.recipient}`,
    );
    return;
  }
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  await sendMail(ctx, {
    to: job.payload.recipient,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    textEncoding: 'base64',
    attachments: [
      {
        filename: periodFileName(d.unit_code, d.period),
        content: Buffer.concat(chunks),
        contentType: 'application/pdf',
      },
    ],
  });
  await ctx.db.execute(
    sql`UPDATE report_deliveries SET sent_at = now(), error = NULL
        WHERE tenant_id = ${tenantId} AND run_id = ${job.payload.runId} AND recipient = ${job.payload.recipient}`,
  );
}
