import type { TActionEffect } from '@loopcx/shared';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { one, sql, type Tx } from '../../../platform/db.ts';
import { AppError, conflict, forbidden } from '../../../platform/errors.ts';
import { measureEffect } from '../../actions/measure-effect.ts';
import { dateOnly } from '../../actions/presenter.ts';
import type { ProblemRow } from '../presenter.ts';
import { canManage, effectClosesProblem } from '../queries/problem-detail.ts';
import { recordProblemEvent } from './record-event.ts';

/**
 * Closes a problem on evidence: `action` when its linked action's measured effect (difference-in-differences) is
 * significant and an improvement — the effect is kept with the problem as measured at closing; `tasks` when every
 * task is accepted. Without `by`, the action's evidence is preferred. 403 for anyone but its manager, 409 when
 * already closed or the evidence is missing (the detail says which).
 */
export async function closeProblem(
  tx: Tx,
  actor: Actor,
  problem: ProblemRow & { unit_path: string },
  b: { by?: 'tasks' | 'action'; note?: string },
  at: Date,
): Promise<void> {
  if (!canManage(actor, problem)) throw forbidden('Only the problem’s owner may close it');
  if (problem.status !== 'open') throw conflict('The problem is already closed');
  let effect: TActionEffect | null = null;
  if (problem.action_id && b.by !== 'tasks') {
    const a = await one<{ metric: string; org_unit_ids: string[]; start_date: string | Date }>(
      tx,
      sql`SELECT metric, org_unit_ids, start_date FROM improvement_actions WHERE tenant_id = ${actor.tenantId} AND id = ${problem.action_id}`,
    );
    if (a)
      effect = await measureEffect(
        tx,
        actor.tenantId,
        { metric: a.metric, orgUnitIds: a.org_unit_ids, startDate: dateOnly(a.start_date) },
        at,
      );
  }
  const byAction = effectClosesProblem(effect);
  const allAccepted = Number(problem.task_count) > 0 && Number(problem.accepted_count) === Number(problem.task_count);
  const by = b.by ?? (byAction ? 'action' : 'tasks');
  if (by === 'action' && !byAction)
    throw new AppError(
      'conflict',
      problem.action_id
        ? 'The linked action’s effect is not (yet) a significant improvement'
        : 'The problem has no linked action',
      { invalidParams: [{ name: 'by', reason: 'no significant improvement measured' }] },
    );
  if (by === 'tasks' && !allAccepted)
    throw new AppError('conflict', 'Every task must be accepted first (or close it on its action’s measured effect)', {
      invalidParams: [{ name: 'by', reason: 'tasks not all accepted' }],
    });
  await tx.execute(
    sql`UPDATE problems SET status = 'closed', closed_at = ${at.toISOString()}, close_reason = ${by},
          close_note = ${b.note ?? null}, close_effect = ${by === 'action' ? JSON.stringify(effect) : null}::jsonb,
          updated_at = ${at.toISOString()}
        WHERE tenant_id = ${actor.tenantId} AND id = ${problem.id}`,
  );
  await recordProblemEvent(tx, {
    tenantId: actor.tenantId,
    problemId: problem.id,
    kind: 'closed',
    actorId: actor.kind === 'user' ? actor.id : null,
    data: { by, ...(by === 'action' && effect ? { effect: effect.effect, ci: effect.ci } : {}) },
    at,
  });
  await audit(tx, actor, 'problem.close', 'problem', problem.id, { by });
}
