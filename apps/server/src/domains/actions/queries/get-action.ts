import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, sql } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';
import type { ActionRow } from '../presenter.ts';
import { actionScope } from '../scope.ts';

/** One action visible to the caller (at least one of its units in scope); 404 otherwise. */
export async function getAction(ex: Executor, actor: Actor, id: string): Promise<ActionRow> {
  const a = await one<ActionRow>(
    ex,
    sql`SELECT a.* FROM improvement_actions a WHERE ${actionScope(actor)} AND a.id = ${id}`,
  );
  if (!a) throw notFound('Improvement action');
  return a;
}
