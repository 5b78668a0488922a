import type { Actor } from '../../../platform/auth.ts';
import { type Executor, sql } from '../../../platform/db.ts';
import { STORED_PREFIX } from '../../../platform/file-store.ts';
import { forgetAnalyses } from '../../text/commands/forget-analyses.ts';
import { getFeedback } from '../queries/list-feedback.ts';

/**
 * Deletes one feedback item in the caller's scope with its text analysis (corrections stay as training data).
 * The item is loaded through the feedback scope first: an id alone is not a tenant boundary. An in-app item's
 * screenshot goes with it (the stored file and its chunks).
 */
export async function deleteFeedback(tx: Executor, actor: Actor, id: string) {
  const item = await getFeedback(tx, actor, id);
  await forgetAnalyses(tx, actor.tenantId, 'feedback', [item.id]);
  await tx.execute(sql`DELETE FROM feedback_items WHERE tenant_id = ${actor.tenantId} AND id = ${item.id}`);
  if (item.screenshot_ref?.startsWith(STORED_PREFIX))
    await tx.execute(
      sql`DELETE FROM stored_files WHERE tenant_id = ${actor.tenantId} AND id = ${item.screenshot_ref.slice(STORED_PREFIX.length)}`,
    );
}
