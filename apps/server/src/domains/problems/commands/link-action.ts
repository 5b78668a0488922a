import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { sql, type Tx } from '../../../platform/db.ts';
import { conflict, forbidden } from '../../../platform/errors.ts';
import { createAction } from '../../actions/commands/create-action.ts';
import { getAction } from '../../actions/queries/get-action.ts';
import type { ProblemRow } from '../presenter.ts';
import { canManage } from '../queries/problem-detail.ts';
import { recordProblemEvent } from './record-event.ts';

/** A new improvement action for the problem, as the API takes it. */
export interface NewProblemAction {
  title?: string;
  metric: string;
  orgUnitIds: string[];
  startDate: string;
}

/**
 * Links the problem to an improvement action: an existing one the caller can see (404 otherwise), or a new one
 * created here with the problem's root cause and tickets (the caller needs `actions.write`, checked by the route).
 * Only the problem's manager (403), only while it is open (409). Returns the action id.
 */
export async function linkAction(
  tx: Tx,
  actor: Actor,
  problem: ProblemRow & { unit_path: string },
  b: { actionId?: string; action?: NewProblemAction },
  at: Date,
): Promise<string> {
  if (!canManage(actor, problem)) throw forbidden('Only the problem’s owner may link its action');
  if (problem.status !== 'open') throw conflict('The problem is closed');
  const actionId = b.actionId
    ? (await getAction(tx, actor, b.actionId)).id
    : await createAction(tx, actor, {
        title: b.action!.title ?? problem.title,
        description: `P-${problem.number} ${problem.title}`,
        ownerId: problem.owner_id,
        rootCauseId: problem.root_cause_id ?? undefined,
        ticketIds: [],
        orgUnitIds: b.action!.orgUnitIds,
        metric: b.action!.metric,
        startDate: b.action!.startDate,
        status: 'active',
      });
  await tx.execute(
    sql`UPDATE problems SET action_id = ${actionId}, updated_at = ${at.toISOString()}
        WHERE tenant_id = ${actor.tenantId} AND id = ${problem.id}`,
  );
  await recordProblemEvent(tx, {
    tenantId: actor.tenantId,
    problemId: problem.id,
    kind: 'action_linked',
    actorId: actor.kind === 'user' ? actor.id : null,
    data: { actionId, created: !b.actionId },
    at,
  });
  await audit(tx, actor, 'problem.link_action', 'problem', problem.id, { actionId });
  return actionId;
}
