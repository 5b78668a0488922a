import type { Actor } from '../../../platform/auth.ts';
import type { AppContext } from '../../../platform/context.ts';
import { type Executor, one, sql } from '../../../platform/db.ts';
import { invalid } from '../../../platform/errors.ts';
import type { NotifyResult } from '../../notifications/commands/notify.ts';
import { getTicket } from '../queries/get-ticket.ts';
import { pathBelowUnit } from '../scope.ts';
import { notifyTicketAssigned } from './notify-ticket.ts';
import { recordTicketEvent } from './record-event.ts';

/**
 * Reassigns a ticket to a user (who must be able to see it: same tenant, ticket's unit inside their scope) and/or a
 * team. A new assignee other than the actor is told (`ticket.assigned`); pass `notified` and `announce` it after commit.
 */
export async function assignTicket(
  tx: Executor,
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: { assigneeId?: string | null; teamId?: string | null },
  notified?: NotifyResult[],
) {
  const t = await getTicket(tx, actor, id, { forUpdate: true });
  if (input.assigneeId) {
    const unitPath = await one<{ path: string }>(
      tx,
      sql`SELECT path FROM org_units WHERE tenant_id = ${actor.tenantId} AND id = ${t.org_unit_id}`,
    );
    const u = await one<{ id: string }>(
      tx,
      sql`SELECT u.id FROM users u JOIN org_units o ON o.tenant_id = u.tenant_id AND o.id = u.org_unit_id
          WHERE u.tenant_id = ${actor.tenantId} AND u.id = ${input.assigneeId} AND u.status = 'active'
            AND ${pathBelowUnit(sql`${unitPath!.path}`, 'o')}`,
    );
    if (!u) throw invalid('assigneeId', 'no active user in this tenant whose scope covers the ticket’s unit');
  }
  if (input.teamId) {
    const team = await one(tx, sql`SELECT 1 FROM teams WHERE tenant_id = ${actor.tenantId} AND id = ${input.teamId}`);
    if (!team) throw invalid('teamId', 'no such team');
  }
  const now = ctx.clock.now();
  await tx.execute(
    sql`UPDATE tickets SET assignee_id = ${input.assigneeId === undefined ? t.assignee_id : input.assigneeId},
          team_id = ${input.teamId === undefined ? t.team_id : input.teamId}, updated_at = ${now.toISOString()}
        WHERE tenant_id = ${actor.tenantId} AND id = ${t.id}`,
  );
  await recordTicketEvent(tx, {
    tenantId: actor.tenantId,
    ticketId: t.id,
    kind: 'assigned',
    actorId: actor.id,
    data: { from: t.assignee_id, to: input.assigneeId, teamId: input.teamId },
    at: now,
  });
  if (input.assigneeId && input.assigneeId !== t.assignee_id) {
    const results = await notifyTicketAssigned(
      tx,
      ctx,
      { tenantId: actor.tenantId, id: t.id, number: t.number, title: t.title, orgUnitId: t.org_unit_id },
      input.assigneeId,
      actor.id,
    );
    notified?.push(...results);
  }
  return getTicket(tx, actor, t.id);
}
