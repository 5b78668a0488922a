import type { Actor } from '../../../platform/auth.ts';
import { type Db, sql } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import { hashPassword, sha256, verifyPassword } from '../../../platform/passwords.ts';

/**
 * Changes the caller's password after checking the current one (422 naming `current` when wrong). The caller's
 * other sessions end; the one of `sessionToken` (the request's cookie, if any) stays.
 */
export async function changePassword(
  db: Db,
  actor: Actor,
  current: string,
  password: string,
  sessionToken: string,
): Promise<void> {
  const row = (await db.execute(
    sql`SELECT password_hash FROM users WHERE tenant_id = ${actor.tenantId} AND id = ${actor.id}`,
  )) as unknown as { rows: Array<{ password_hash: string }> };
  if (!(await verifyPassword(current, row.rows[0]?.password_hash))) {
    throw new AppError('invalid', 'The current password is wrong', {
      invalidParams: [{ name: 'current', reason: 'wrong password' }],
    });
  }
  const hash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await tx.execute(
      sql`UPDATE users SET password_hash = ${hash} WHERE tenant_id = ${actor.tenantId} AND id = ${actor.id}`,
    );
    // Other sessions end; this one stays.
    await tx.execute(
      sql`DELETE FROM sessions WHERE tenant_id = ${actor.tenantId} AND user_id = ${actor.id} AND id <> ${sha256(sessionToken)}`,
    );
  });
}
