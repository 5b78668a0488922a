import type { AppContext } from '../../../platform/context.ts';
import { sql } from '../../../platform/db.ts';

/** Whether the database answers a trivial query (readiness: a node that cannot reach it takes no traffic). */
export async function databaseReady(ctx: AppContext): Promise<boolean> {
  try {
    await ctx.db.execute(sql`SELECT 1`);
    return true;
  } catch {
    return false;
  }
}
