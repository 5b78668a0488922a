import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { sql, type Tx } from '../../../platform/db.ts';
import { getSchedule } from '../queries/schedules.ts';

/** Deletes a schedule in the caller's subtree with its history (the stored PDFs go with their runs' file rows). */
export async function deleteSchedule(tx: Tx, actor: Actor, id: string) {
  const s = await getSchedule(tx, actor, id);
  await tx.execute(
    sql`DELETE FROM stored_files WHERE tenant_id = ${actor.tenantId} AND id IN (
          SELECT substr(f.value, 8) FROM report_runs r, jsonb_each_text(r.files) f
          WHERE r.tenant_id = ${actor.tenantId} AND r.schedule_id = ${id})`,
  );
  await tx.execute(sql`DELETE FROM report_schedules WHERE tenant_id = ${actor.tenantId} AND id = ${id}`);
  await audit(tx, actor, 'report_schedule.delete', 'report_schedule', id, undefined, {
    orgUnitId: s.org_unit_id,
    every: s.every,
  });
}
