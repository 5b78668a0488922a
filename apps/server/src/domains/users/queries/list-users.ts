import type { TRole } from '@loopcx/shared';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import { likeContains, orgScope } from '../../org/scope.ts';
import { USER_SELECT, type UserRow } from '../presenter.ts';

/** Filters of the user list: text in the email or name, and a role. */
export interface ListUsersOptions {
  q?: string;
  role?: TRole;
}

/** Users whose unit is in the caller's subtree, by email. */
export function listUsers(ex: Executor, actor: Actor, opts: ListUsersOptions): Promise<UserRow[]> {
  const filters = [orgScope(actor)];
  if (opts.role) filters.push(sql`u.role = ${opts.role}`);
  if (opts.q) {
    const like = likeContains(opts.q);
    filters.push(sql`(u.email ILIKE ${like} OR u.name ILIKE ${like})`);
  }
  return rows<UserRow>(ex, sql`${USER_SELECT} WHERE ${sql.join(filters, sql` AND `)} ORDER BY u.email`);
}
