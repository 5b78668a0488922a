import type { Db } from '../../../platform/db.ts';
import { sql } from '../../../platform/db.ts';
import { sha256 } from '../../../platform/passwords.ts';

/** Ends the session of a cookie token (stored only as its hash); an unknown token is a no-op. */
export async function logout(db: Db, token: string): Promise<void> {
  await db.execute(sql`DELETE FROM sessions WHERE id = ${sha256(token)}`);
}
