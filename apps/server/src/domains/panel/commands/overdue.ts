import type { AppContext } from '../../../platform/context.ts';
import { rows, sql } from '../../../platform/db.ts';

/**
 * Marks assignments past their due time that nobody submitted as overdue (every tenant, one statement): running
 * it twice changes nothing the second time. A submission after the due time is refused (the portal says overdue).
 */
export async function markOverdue(ctx: AppContext): Promise<number> {
  const done = await rows<{ id: string }>(
    ctx.db,
    sql`UPDATE panel_task_assignments SET status = 'overdue'
        WHERE status = 'assigned' AND due_at < ${ctx.clock.now().toISOString()}::timestamptz RETURNING id`,
  );
  return done.length;
}
