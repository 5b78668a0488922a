import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import type { TPriority } from '../sla.ts';

/**
 * Sets the SLA of a priority and moves the deadlines of the tenant's open tickets of that priority, recomputed
 * from each ticket's creation time. Returns how many open tickets got new deadlines.
 */
export async function setSlaPolicy(
  tx: Executor,
  actor: Actor,
  priority: TPriority,
  input: { firstResponseMinutes: number; resolutionMinutes: number },
): Promise<number> {
  const { firstResponseMinutes: fr, resolutionMinutes: res } = input;
  await tx.execute(
    sql`INSERT INTO sla_policies (tenant_id, priority, first_response_minutes, resolution_minutes) VALUES (${actor.tenantId}, ${priority}, ${fr}, ${res})
      ON CONFLICT (tenant_id, priority) DO UPDATE SET first_response_minutes = excluded.first_response_minutes, resolution_minutes = excluded.resolution_minutes, updated_at = now()`,
  );
  const updated = await rows(
    tx,
    sql`UPDATE tickets SET first_response_due_at = created_at + make_interval(mins => ${fr}), resolution_due_at = created_at + make_interval(mins => ${res})
      WHERE tenant_id = ${actor.tenantId} AND priority = ${priority} AND status NOT IN ('resolved','closed') RETURNING id`,
  );
  await audit(tx, actor, 'sla_policy.update', 'sla_policy', priority, input);
  return updated.length;
}
