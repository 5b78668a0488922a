import type { Actor } from '../../../platform/auth.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import type { ActionRow } from '../presenter.ts';
import { actionScope } from '../scope.ts';

/** The actions visible to the caller, latest start first (at most 500). */
export function listActions(ex: Executor, actor: Actor): Promise<ActionRow[]> {
  return rows<ActionRow>(
    ex,
    sql`SELECT a.* FROM improvement_actions a WHERE ${actionScope(actor)}
        ORDER BY a.start_date DESC, a.created_at DESC LIMIT 500`,
  );
}
