import type { Actor } from '../../../platform/auth.ts';
import { sql, type Tx } from '../../../platform/db.ts';
import { getAction } from '../queries/get-action.ts';

/** The fields a PATCH may change (absent: kept). */
export interface UpdateActionOptions {
  title?: string;
  description?: string;
  status?: 'planned' | 'active' | 'done' | 'cancelled';
}

/** Changes the title, description or status of an action visible to the caller (404 otherwise). */
export async function updateAction(tx: Tx, actor: Actor, id: string, b: UpdateActionOptions): Promise<void> {
  const a = await getAction(tx, actor, id);
  await tx.execute(
    sql`UPDATE improvement_actions SET title = ${b.title ?? a.title}, description = ${b.description ?? a.description}, status = ${b.status ?? a.status}
      WHERE tenant_id = ${actor.tenantId} AND id = ${a.id}`,
  );
}
