import { randomUUID } from 'node:crypto';
import type { Clock } from '../../../platform/clock.ts';
import { type Executor, one, sql } from '../../../platform/db.ts';
import { conflict, databaseErrorOf } from '../../../platform/errors.ts';
import { dueDates, loadSla, type TPriority } from '../sla.ts';
import { recordTicketEvent } from './record-event.ts';
import { findUnitManager, pickTeamMember, touchpointOwnerTeam } from './route-ticket.ts';

export interface CreateTicketInput {
  tenantId: string;
  source: 'response' | 'feedback' | 'metric' | 'manual' | 'audit';
  title: string;
  description?: string | null;
  priority: TPriority;
  orgUnitId: string;
  touchpointId?: string | null;
  teamId?: string | null;
  assigneeId?: string | null;
  /** How to pick the assignee when none is given. */
  assign?: 'unit_manager' | 'round_robin' | 'none';
  responseId?: string | null;
  feedbackId?: string | null;
  /** The audit whose fatal failure opens the ticket (source `audit`). */
  auditId?: string | null;
  surveyId?: string | null;
  customerRef?: string | null;
  ruleId?: string | null;
  actorId?: string | null;
  /** The triggering response's scores, kept so the console composes the title in the reader's language. */
  scores?: Record<string, number> | null;
  /** The call-back phone the respondent left (responses/contact.ts): masked and sealed forms. */
  contactPhone?: { display: string; sealed: string } | null;
}

/**
 * Opens a ticket: numbers it per tenant (T-000123), routes it to the unit and the touchpoint's owning team,
 * picks the assignee (unit manager, or round-robin in the team), sets SLA deadlines and records history.
 * When the customer already has an open ticket for the same survey, returns that one (`existing: true`) so
 * repeat alerts attach to it instead of duplicating.
 */
export async function createTicket(
  tx: Executor,
  clock: Clock,
  input: CreateTicketInput,
): Promise<{ id: string; existing: boolean; assigneeId?: string | null }> {
  if (input.customerRef && input.surveyId) {
    const open = await one<{ id: string }>(
      tx,
      sql`SELECT id FROM tickets WHERE tenant_id = ${input.tenantId} AND customer_ref = ${input.customerRef} AND survey_id = ${input.surveyId}
            AND status NOT IN ('resolved','closed') FOR UPDATE`,
    );
    if (open) return { id: open.id, existing: true };
  }
  const now = clock.now();
  const teamId = input.teamId ?? (await touchpointOwnerTeam(tx, input.tenantId, input.touchpointId));
  let assigneeId = input.assigneeId ?? null;
  if (!assigneeId && input.assign === 'round_robin' && teamId)
    assigneeId = await pickTeamMember(tx, input.tenantId, teamId, input.orgUnitId);
  if (!assigneeId && input.assign !== 'none') assigneeId = await findUnitManager(tx, input.tenantId, input.orgUnitId);
  // No manager up the tree: fall back to the owning team, so a ticket is never left without an owner when one exists.
  if (!assigneeId && input.assign !== 'none' && teamId)
    assigneeId = await pickTeamMember(tx, input.tenantId, teamId, input.orgUnitId);
  const counter = await one<{ last_number: string | number }>(
    tx,
    sql`INSERT INTO ticket_counters (tenant_id, last_number) VALUES (${input.tenantId}, 1)
        ON CONFLICT (tenant_id) DO UPDATE SET last_number = ticket_counters.last_number + 1 RETURNING last_number`,
  );
  const due = dueDates(await loadSla(tx, input.tenantId), input.priority, now);
  const id = randomUUID();
  try {
    await tx.execute(
      sql`INSERT INTO tickets (tenant_id, id, number, source, status, priority, title, description, org_unit_id, team_id, assignee_id,
            response_id, feedback_id, survey_id, customer_ref, rule_id, first_response_due_at, resolution_due_at, status_changed_at, created_at, updated_at,
            scores, contact_phone, contact_phone_sealed, audit_id)
          VALUES (${input.tenantId}, ${id}, ${counter!.last_number}, ${input.source}, 'new', ${input.priority}, ${input.title}, ${input.description ?? null},
            ${input.orgUnitId}, ${teamId}, ${assigneeId}, ${input.responseId ?? null}, ${input.feedbackId ?? null}, ${input.surveyId ?? null},
            ${input.customerRef ?? null}, ${input.ruleId ?? null}, ${due.firstResponseDueAt.toISOString()}, ${due.resolutionDueAt.toISOString()},
            ${now.toISOString()}, ${now.toISOString()}, ${now.toISOString()}, ${input.scores ? JSON.stringify(input.scores) : null}::jsonb,
            ${input.contactPhone?.display ?? null}, ${input.contactPhone?.sealed ?? null}, ${input.auditId ?? null})`,
    );
  } catch (err) {
    if (databaseErrorOf(err)?.code === '23505')
      throw conflict('The customer already has an open ticket for this survey');
    throw err;
  }
  await recordTicketEvent(tx, {
    tenantId: input.tenantId,
    ticketId: id,
    kind: 'created',
    actorId: input.actorId,
    to: 'new',
    data: { source: input.source, assigneeId, teamId, priority: input.priority },
    at: now,
  });
  return { id, existing: false, assigneeId };
}
