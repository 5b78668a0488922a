import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import type { Clock } from '../../../platform/clock.ts';
import { type Executor, sql } from '../../../platform/db.ts';
import { uuidv7 } from '../../../platform/ids.ts';
import { getFeedback } from '../queries/list-feedback.ts';

/**
 * Records a reply to a feedback item in the caller's scope (404 otherwise): the answer posted on Weibo, the
 * app-store reply, the call-back. The item keeps the time of its first reply (reply coverage reads it); the
 * customer timeline shows the replies with the item. Posting to the source itself is the source's business.
 */
export async function replyToFeedback(
  tx: Executor,
  clock: Clock,
  actor: Actor,
  feedbackId: string,
  body: { text: string; channel?: string },
): Promise<string> {
  const item = await getFeedback(tx, actor, feedbackId);
  const now = clock.now();
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
  await audit(tx, actor, 'feedback.reply', 'feedback_item', feedbackId, { channel, replyId: id });
  return id;
}
