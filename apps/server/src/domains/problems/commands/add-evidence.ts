import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Actor } from '../../../platform/auth.ts';
import type { AppContext } from '../../../platform/context.ts';
import { sql, type Tx } from '../../../platform/db.ts';
import { conflict, forbidden } from '../../../platform/errors.ts';
import { storeFile } from '../../../platform/file-store.ts';
import type { ProblemRow, TaskRow } from '../presenter.ts';
import { recordProblemEvent } from './record-event.ts';

/** Evidence as the route took it: a note and/or a checked file. */
export interface EvidenceInput {
  note?: string;
  file?: { name: string; contentType: string; bytes: Buffer };
}

/** 403 unless the caller works on the task; 409 when the problem is closed or the task already accepted. */
export function assertCanAddEvidence(problem: ProblemRow, task: TaskRow) {
  if (!task.can_work) throw forbidden('Only the task’s team or unit may add evidence');
  if (problem.status !== 'open') throw conflict('The problem is closed');
  if (task.status === 'accepted') throw conflict('An accepted task takes no more evidence');
}

/**
 * Puts an evidence file into the file store (every node reads it) under a new id, before the transaction that
 * records it: the store writes through the global handle, which must not run inside a transaction. The route
 * deletes the file again when that transaction fails. Returns the id and the stored reference.
 */
export async function storeEvidenceFile(ctx: AppContext, tenantId: string, bytes: Buffer) {
  const id = randomUUID();
  const local = join(tmpdir(), `loopcx-evidence-${id}`);
  await writeFile(local, bytes);
  return { id, ref: await storeFile(ctx, tenantId, `evidence-${id}`, local) };
}

/** Records a note and/or a stored file on a task, with a timeline entry. Returns the evidence id. */
export async function addEvidence(
  tx: Tx,
  actor: Actor,
  problem: ProblemRow,
  task: TaskRow,
  b: { note?: string; file?: { name: string; contentType: string; size: number; id: string; ref: string } },
  at: Date,
): Promise<string> {
  assertCanAddEvidence(problem, task);
  const id = b.file?.id ?? randomUUID();
  await tx.execute(
    sql`INSERT INTO problem_task_evidence (tenant_id, id, task_id, note, file_name, content_type, size, file_ref, created_by, created_at)
        VALUES (${actor.tenantId}, ${id}, ${task.id}, ${b.note ?? null}, ${b.file?.name ?? null}, ${b.file?.contentType ?? null},
                ${b.file?.size ?? null}, ${b.file?.ref ?? null}, ${actor.kind === 'user' ? actor.id : null}, ${at.toISOString()})`,
  );
  await recordProblemEvent(tx, {
    tenantId: actor.tenantId,
    problemId: problem.id,
    taskId: task.id,
    kind: 'task_evidence',
    actorId: actor.kind === 'user' ? actor.id : null,
    data: { title: task.title, ...(b.file ? { fileName: b.file.name } : {}), ...(b.note ? { note: b.note } : {}) },
    at,
  });
  return id;
}
