import { type Executor, sql } from '../../../platform/db.ts';

/** Appends to a problem's timeline in the caller's transaction. */
export async function recordProblemEvent(
  ex: Executor,
  e: {
    tenantId: string;
    problemId: string;
    taskId?: string | null;
    kind: string;
    actorId?: string | null;
    data?: Record<string, unknown>;
    at: Date;
  },
) {
  await ex.execute(
    sql`INSERT INTO problem_events (tenant_id, problem_id, task_id, kind, actor_id, data, at)
        VALUES (${e.tenantId}, ${e.problemId}, ${e.taskId ?? null}, ${e.kind}, ${e.actorId ?? null},
                ${JSON.stringify(e.data ?? {})}::jsonb, ${e.at.toISOString()})`,
  );
}
