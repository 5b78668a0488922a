import type { Actor } from './auth.ts';
import { type Executor, sql } from './db.ts';

/** Records who changed what, in the same transaction as the change. */
export async function audit(
  ex: Executor,
  actor: Actor,
  action: string,
  targetType: string,
  targetId: string | null,
  data?: unknown,
) {
  await ex.execute(
    sql`INSERT INTO audit_log (tenant_id, actor_id, action, target_type, target_id, data)
        VALUES (${actor.tenantId}, ${actor.id}, ${action}, ${targetType}, ${targetId}, ${data === undefined ? null : JSON.stringify(data)}::jsonb)`,
  );
}
