import type { Actor } from '../../../platform/auth.ts';
import { type Db, sql } from '../../../platform/db.ts';

/** What a user may change about themselves. */
export interface UpdateProfileOptions {
  name?: string;
  locale?: 'zh-CN' | 'en';
}

/** Updates the caller's own name or console language (absent fields are kept). */
export async function updateProfile(db: Db, actor: Actor, opts: UpdateProfileOptions): Promise<void> {
  await db.execute(
    sql`UPDATE users SET name = coalesce(${opts.name ?? null}, name), locale = coalesce(${opts.locale ?? null}, locale)
      WHERE tenant_id = ${actor.tenantId} AND id = ${actor.id}`,
  );
}
