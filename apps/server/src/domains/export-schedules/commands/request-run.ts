import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { sql, type Tx } from '../../../platform/db.ts';
import { enqueue } from '../../../platform/jobs.ts';
import { exportRunJob } from '../jobs.ts';
import { getSchedule } from '../queries/get-schedule.ts';

/**
 * "Run now": makes the schedule due and queues a run job in the same transaction (call `wakeWorkers` after
 * commit). The run itself takes the schedule's lease, so a run already under way is not doubled: it is the run.
 */
export async function requestRun(tx: Tx, actor: Actor, id: string) {
  await getSchedule(tx, actor, id);
  await tx.execute(
    sql`UPDATE export_schedules SET next_run_at = least(next_run_at, now()) WHERE tenant_id = ${actor.tenantId} AND id = ${id}`,
  );
  await enqueue(tx, exportRunJob, [{ scheduleId: id, trigger: 'manual' }], { tenantId: actor.tenantId });
  await audit(tx, actor, 'export_schedule.run', 'export_schedule', id);
}
