import type { AppContext } from '../../../platform/context.ts';
import { one, sql } from '../../../platform/db.ts';
import type { Job } from '../../../platform/jobs.ts';
import { sendMail } from '../../../platform/mail.ts';
import { openContact } from '../contact.ts';

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** The reply mail in the complainant's language (their page's locale: zh* → Chinese, anything else → English). */
export function replyMail(locale: string | null, complaint: string, reply: string) {
  const zh = !locale || locale.toLowerCase().startsWith('zh');
  return zh
    ? {
        subject: '您的反馈有了回复',
        text: `您好：\n\n您反馈的问题：\n「${clip(complaint, 300)}」\n\n我们的回复：\n${reply}\n\n感谢您的反馈。\n（此邮件由系统发送，请勿直接回复。）`,
      }
    : {
        subject: 'A reply to your feedback',
        text: `Hello,\n\nYou told us:\n"${clip(complaint, 300)}"\n\nOur reply:\n${reply}\n\nThank you for your feedback.\n(This message was sent automatically; please do not reply to it.)`,
      };
}

/**
 * Job handler: mails one reply to the in-app complainant who left an email, in their language, and marks it sent.
 * An SMTP error throws and the job retries (the reply itself was recorded already: a mail outage never fails it).
 * Without SMTP configured the reply is marked `no_smtp`. Idempotent: a reply already mailed is not mailed again.
 */
export async function mailReply(ctx: AppContext, job: Job<{ replyId: string }>) {
  const tenantId = job.tenantId;
  if (!tenantId) return;
  const r = await one<{
    text: string;
    mail_status: string | null;
    item_text: string;
    locale: string | null;
    contact_sealed: string | null;
  }>(
    ctx.db,
    sql`SELECT r.text, r.mail_status, f.text AS item_text, f.locale, f.contact_sealed
        FROM feedback_replies r JOIN feedback_items f ON f.tenant_id = r.tenant_id AND f.id = r.feedback_id
        WHERE r.tenant_id = ${tenantId} AND r.id = ${job.payload.replyId}`,
  );
  if (r?.mail_status !== 'pending') return;
  const email = openContact(ctx.config.secret, tenantId, r.contact_sealed)?.email;
  const mark = (status: string) =>
    ctx.db.execute(
      sql`UPDATE feedback_replies SET mail_status = ${status}, mailed_at = ${status === 'sent' ? sql`now()` : sql`NULL`}
          WHERE tenant_id = ${tenantId} AND id = ${job.payload.replyId}`,
    );
  if (!email) return;
  if (!ctx.config.smtpUrl) {
    await mark('no_smtp');
    return;
  }
  const mail = replyMail(r.locale, r.item_text, r.text);
  await sendMail(ctx, { to: email, subject: mail.subject, text: mail.text, textEncoding: 'base64' });
  await mark('sent');
}
