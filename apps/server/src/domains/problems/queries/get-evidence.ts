import { type Executor, one, sql } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';

/**
 * A stored evidence file of a task, or 404. The task must already have passed `getTask` (the problem's and the
 * task's scope); the evidence id alone is not a boundary, so it is looked up under that task.
 */
export async function getEvidence(ex: Executor, tenantId: string, taskId: string, id: string) {
  const e = await one<{ file_ref: string; file_name: string | null; content_type: string }>(
    ex,
    sql`SELECT file_ref, file_name, content_type FROM problem_task_evidence
        WHERE tenant_id = ${tenantId} AND task_id = ${taskId} AND id = ${id} AND file_ref IS NOT NULL`,
  );
  if (!e) throw notFound('Evidence');
  return e;
}
