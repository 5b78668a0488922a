import type { Actor } from '../../../platform/auth.ts';
import { type Executor, sql } from '../../../platform/db.ts';
import { forgetAnalyses } from '../../text/commands/forget-analyses.ts';
import { getFeedback } from '../queries/list-feedback.ts';

/**
 * Deletes one feedback item in the caller's scope with its text analysis (corrections stay as training data).
 * The item is loaded through the feedback scope first: an id alone is not a tenant boundary.
 */
export async function deleteFeedback(tx: Executor, actor: Actor, id: string) {
  const item = await getFeedback(tx, actor, id);
  await forgetAnalyses(tx, actor.tenantId, 'feedback', [item.id]);
  await tx.execute(sql`DELETE FROM feedback_items WHERE tenant_id = ${actor.tenantId} AND id = ${item.id}`);
}
