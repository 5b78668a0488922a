import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { sql, type Tx } from '../../../platform/db.ts';
import { getSchedule } from '../queries/get-schedule.ts';

/** Deletes a schedule in the caller's scope with its run history; files already delivered stay where they are. */
export async function deleteSchedule(tx: Tx, actor: Actor, id: string) {
  const before = await getSchedule(tx, actor, id);
  await tx.execute(sql`DELETE FROM export_schedules WHERE tenant_id = ${actor.tenantId} AND id = ${id}`);
  await audit(tx, actor, 'export_schedule.delete', 'export_schedule', id, undefined, {
    dataset: before.dataset,
    format: before.format,
  });
}
