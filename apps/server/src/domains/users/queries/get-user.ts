import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, sql } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';
import { orgScope } from '../../org/scope.ts';
import { USER_SELECT, type UserRow } from '../presenter.ts';

/** A user is visible when their unit lies in the caller's subtree (the query enforces it); 404 otherwise. */
export async function getUser(ex: Executor, actor: Actor, id: string): Promise<UserRow> {
  const u = await one<UserRow>(ex, sql`${USER_SELECT} WHERE ${orgScope(actor)} AND u.id = ${id}`);
  if (!u) throw notFound('User');
  return u;
}
