import type { TActionEffect, TProblemDetailResponse } from '@loopcx/shared';
import { roleCan } from '@loopcx/shared';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { measureEffect } from '../../actions/measure-effect.ts';
import { dateOnly } from '../../actions/presenter.ts';
import { pathInScope } from '../../org/scope.ts';
import { TICKET_FROM, ticketScope } from '../../tickets/scope.ts';
import {
  type EvidenceRow,
  type ProblemRow,
  presentEvidence,
  presentProblem,
  presentTask,
  type TaskRow,
  taskColumns,
} from '../presenter.ts';
import { TASK_FROM, taskVisible } from '../scope.ts';
import { onTimeCounts, onTimeRate } from './on-time.ts';

/** Whether the caller manages problem `p`: its owner, or an owner/admin whose subtree holds its unit. */
export function canManage(actor: Actor, p: { owner_id: string; unit_path: string }): boolean {
  if (!roleCan(actor.role, 'problems.write')) return false;
  if (p.owner_id === actor.id) return true;
  return (actor.role === 'owner' || actor.role === 'admin') && pathInScope(actor, p.unit_path);
}

/** An action's effect closes a problem when it is significant (95 % CI excludes 0) and an improvement. */
export const effectClosesProblem = (e: TActionEffect | null | undefined) =>
  !!e && e.significant && e.effect !== null && e.effect > 0;

/** The tasks of a problem the caller sees, in order. */
export function problemTasks(ex: Executor, actor: Actor, problemId: string): Promise<TaskRow[]> {
  return rows<TaskRow>(
    ex,
    sql`SELECT ${taskColumns(actor)} FROM ${TASK_FROM}
        WHERE k.tenant_id = ${actor.tenantId} AND k.problem_id = ${problemId} AND ${taskVisible(actor)} ORDER BY k.seq`,
  );
}

/**
 * The problem page: the problem with the tasks the caller sees and their evidence, its timeline, its linked tickets
 * (those in the caller's ticket scope), its action with the measured effect, and the on-time rate of its tasks.
 */
export async function problemDetail(
  ex: Executor,
  actor: Actor,
  p: ProblemRow & { unit_path: string },
  now: Date,
): Promise<TProblemDetailResponse> {
  const tasks = await problemTasks(ex, actor, p.id);
  const ids = tasks.map((t) => t.id);
  const evidence = ids.length
    ? await rows<EvidenceRow>(
        ex,
        sql`SELECT e.id, e.task_id, e.note, e.file_name, e.content_type, e.size, e.file_ref, e.created_by, e.created_at,
              (SELECT u.name FROM users u WHERE u.tenant_id = e.tenant_id AND u.id = e.created_by) AS created_by_name
            FROM problem_task_evidence e WHERE e.tenant_id = ${actor.tenantId}
              AND e.task_id IN (${sql.join(
                ids.map((id) => sql`${id}`),
                sql`, `,
              )}) ORDER BY e.created_at, e.seq`,
      )
    : [];
  const visible = new Set(ids);
  const events = await rows<{
    id: string;
    kind: string;
    task_id: string | null;
    actor_id: string | null;
    actor_name: string | null;
    data: Record<string, unknown>;
    at: Date | string;
  }>(
    ex,
    sql`SELECT e.id::text AS id, e.kind, e.task_id, e.actor_id, e.data, e.at,
          (SELECT u.name FROM users u WHERE u.tenant_id = e.tenant_id AND u.id = e.actor_id) AS actor_name
        FROM problem_events e WHERE e.tenant_id = ${actor.tenantId} AND e.problem_id = ${p.id} ORDER BY e.at, e.id LIMIT 500`,
  );
  const tickets = p.ticket_ids?.length
    ? await rows<{ id: string; number: string; title: string; status: string }>(
        ex,
        sql`SELECT t.id, t.number::text AS number, t.title, t.status FROM ${TICKET_FROM} WHERE ${ticketScope(actor)}
            AND t.id IN (${sql.join(
              p.ticket_ids.map((id) => sql`${id}`),
              sql`, `,
            )}) ORDER BY t.created_at`,
      )
    : [];
  let action: TProblemDetailResponse['action'] = null;
  if (p.action_id) {
    const a = await one<{
      id: string;
      title: string;
      metric: string;
      status: string;
      start_date: string | Date;
      org_unit_ids: string[];
    }>(
      ex,
      sql`SELECT id, title, metric, status, start_date, org_unit_ids FROM improvement_actions
          WHERE tenant_id = ${actor.tenantId} AND id = ${p.action_id}`,
    );
    if (a) {
      const effect = await measureEffect(
        ex,
        actor.tenantId,
        { metric: a.metric, orgUnitIds: a.org_unit_ids, startDate: dateOnly(a.start_date) },
        now,
      );
      action = {
        id: a.id,
        title: a.title,
        metric: a.metric,
        status: a.status,
        startDate: dateOnly(a.start_date),
        effect,
        closesProblem: effectClosesProblem(effect),
      };
    }
  }
  const counts = await one<{ on_time: number; decided: number }>(
    ex,
    sql`SELECT ${onTimeCounts(now)} FROM problem_tasks k WHERE k.tenant_id = ${actor.tenantId} AND k.problem_id = ${p.id}`,
  );
  return {
    ...presentProblem(p),
    tasks: tasks.map((t) =>
      presentTask(
        t,
        now,
        evidence.filter((e) => e.task_id === t.id).map((e) => presentEvidence(e, p.id)),
      ),
    ),
    // Events about tasks the caller does not see stay hidden with them.
    events: events
      .filter((e) => !e.task_id || visible.has(e.task_id))
      .map((e) => ({
        id: e.id,
        kind: e.kind,
        taskId: e.task_id,
        actorId: e.actor_id,
        actorName: e.actor_name,
        data: e.data ?? {},
        at: new Date(e.at).toISOString(),
      })),
    tickets,
    action,
    onTime: onTimeRate(Number(counts?.on_time ?? 0), Number(counts?.decided ?? 0)),
    canManage: canManage(actor, p),
    closeEffect: (p.close_effect as TActionEffect | null) ?? null,
  };
}
