import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import type { AppContext } from '../../../platform/context.ts';
import { type Executor, one, sql } from '../../../platform/db.ts';
import { uuidv7 } from '../../../platform/ids.ts';
import { enqueue } from '../../../platform/jobs.ts';
import { openContact } from '../contact.ts';
import { feedbackReplyMailJob } from '../jobs.ts';
import { getFeedback } from '../queries/list-feedback.ts';

/**
 * Records a reply to a feedback item in the caller's scope (404 otherwise): the answer posted on Weibo, the
 * app-store reply, the call-back. The item keeps the time of its first reply (reply coverage reads it); the
 * customer timeline shows the replies with the item. Posting to the source itself is the source's business — except
 * for in-app complaints (the SDK's 吐槽 widget): the complainant reads the reply in the widget, and one who left an
 * email also gets it by mail (a job queued here, so a mail outage never fails the reply).
 */
export async function replyToFeedback(
  tx: Executor,
  ctx: Pick<AppContext, 'clock' | 'config'>,
  actor: Actor,
  feedbackId: string,
  body: { text: string; channel?: string },
): Promise<string> {
  const item = await getFeedback(tx, actor, feedbackId);
  const now = ctx.clock.now();
  const id = uuidv7(now.getTime());
  const channel = body.channel || item.channel || item.source;
  await tx.execute(
    sql`INSERT INTO feedback_replies (tenant_id, id, feedback_id, text, channel, author_id, created_at)
        VALUES (${actor.tenantId}, ${id}, ${feedbackId}, ${body.text}, ${channel}, ${actor.kind === 'user' ? actor.id : null}, ${now.toISOString()})`,
  );
  await tx.execute(
    sql`UPDATE feedback_items SET first_reply_at = coalesce(first_reply_at, ${now.toISOString()}::timestamptz)
        WHERE tenant_id = ${actor.tenantId} AND id = ${feedbackId}`,
  );
  if (item.source === 'in_app' && item.contact_left) {
    const sealed = await one<{ contact_sealed: string | null }>(
      tx,
      sql`SELECT contact_sealed FROM feedback_items WHERE tenant_id = ${actor.tenantId} AND id = ${feedbackId}`,
    );
    if (openContact(ctx.config.secret, actor.tenantId, sealed?.contact_sealed ?? null)?.email) {
      await tx.execute(
        sql`UPDATE feedback_replies SET mail_status = 'pending' WHERE tenant_id = ${actor.tenantId} AND id = ${id}`,
      );
      await enqueue(tx, feedbackReplyMailJob, [{ replyId: id }], { tenantId: actor.tenantId });
    }
  }
  await audit(tx, actor, 'feedback.reply', 'feedback_item', feedbackId, { channel, replyId: id });
  return id;
}
