import { randomUUID } from 'node:crypto';
import type { Clock } from '../../../platform/clock.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import { pathBelowUnit } from '../scope.ts';
import { dueDates, loadSla } from '../sla.ts';
import { type CreateTicketInput, createTicket } from './create-ticket.ts';

export type OpenTicketResult = { id: string; existing: boolean; assigneeId: string | null };

/** The nearest active manager of each unit (own unit first, then ancestors), in one query. */
export async function unitManagers(ex: Executor, tenantId: string, unitIds: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (unitIds.length === 0) return out;
  for (const r of await rows<{ unit_id: string; user_id: string }>(
    ex,
    sql`SELECT DISTINCT ON (o.id) o.id AS unit_id, u.id AS user_id
        FROM org_units o
        JOIN org_units a ON a.tenant_id = o.tenant_id AND ${pathBelowUnit(sql`o.path`, 'a')}
        JOIN users u ON u.tenant_id = a.tenant_id AND u.org_unit_id = a.id AND u.role = 'manager' AND u.status = 'active'
        WHERE o.tenant_id = ${tenantId} AND o.id IN (${sql.join(
          unitIds.map((id) => sql`${id}`),
          sql`, `,
        )})
        ORDER BY o.id, a.depth DESC, u.created_at, u.id`,
  )) {
    out.set(r.unit_id, r.user_id);
  }
  return out;
}

/**
 * Opens many tickets in the caller's transaction with a fixed number of statements, whatever their count
 * (the alert path: every detractor of a micro-batch at once). Same rules as `createTicket`: one open ticket
 * per customer per survey (repeats return the open one, `existing: true`, also within the batch), routing to
 * the unit's nearest manager and the touchpoint's owning team, SLA deadlines, a `created` history event.
 * Round-robin assignment and units without a manager go through `createTicket` one by one, because each pick
 * depends on the tickets opened just before it.
 */
export async function openTickets(
  tx: Executor,
  clock: Clock,
  tenantId: string,
  inputs: CreateTicketInput[],
): Promise<OpenTicketResult[]> {
  const results: OpenTicketResult[] = new Array(inputs.length);
  if (inputs.length === 0) return results;
  const now = clock.now();

  // Open tickets of the same customers and surveys, locked so a concurrent job waits rather than duplicates.
  const pairs = inputs.filter((i) => i.customerRef && i.surveyId).map((i) => ({ c: i.customerRef, s: i.surveyId }));
  const open = new Map<string, { id: string; assignee_id: string | null }>();
  if (pairs.length) {
    for (const t of await rows<{ id: string; customer_ref: string; survey_id: string; assignee_id: string | null }>(
      tx,
      sql`SELECT t.id, t.customer_ref, t.survey_id, t.assignee_id FROM tickets t
          JOIN (SELECT DISTINCT c, s FROM jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb) AS x(c text, s uuid)) x ON t.customer_ref = x.c AND t.survey_id = x.s
          WHERE t.tenant_id = ${tenantId} AND t.status NOT IN ('resolved','closed')
          ORDER BY t.id FOR UPDATE OF t`,
    )) {
      open.set(`${t.customer_ref}|${t.survey_id}`, { id: t.id, assignee_id: t.assignee_id });
    }
  }

  const touchpointIds = [...new Set(inputs.map((i) => i.touchpointId).filter((x): x is string => !!x))];
  const teams = new Map<string, string | null>();
  if (touchpointIds.length) {
    for (const tp of await rows<{ id: string; owner_team_id: string | null }>(
      tx,
      sql`SELECT id, owner_team_id FROM touchpoints WHERE tenant_id = ${tenantId} AND id IN (${sql.join(
        touchpointIds.map((id) => sql`${id}`),
        sql`, `,
      )})`,
    )) {
      teams.set(tp.id, tp.owner_team_id);
    }
  }
  const byManager = (i: CreateTicketInput) => !i.assigneeId && (i.assign ?? 'unit_manager') === 'unit_manager';
  const managers = await unitManagers(tx, tenantId, [...new Set(inputs.filter(byManager).map((i) => i.orgUnitId))]);
  const sla = await loadSla(tx, tenantId);

  type Row = {
    id: string;
    source: string;
    priority: string;
    title: string;
    description: string | null;
    orgUnitId: string;
    teamId: string | null;
    assigneeId: string | null;
    responseId: string | null;
    feedbackId: string | null;
    surveyId: string | null;
    customerRef: string | null;
    ruleId: string | null;
    frDue: string;
    resDue: string;
    scores: Record<string, number> | null;
    phone: string | null;
    phoneSealed: string | null;
  };
  const batch: Array<{ index: number; row: Row }> = [];
  const sequential: number[] = [];
  const fresh = new Map<string, OpenTicketResult>();
  inputs.forEach((input, index) => {
    const key = input.customerRef && input.surveyId ? `${input.customerRef}|${input.surveyId}` : null;
    const existing = key ? open.get(key) : undefined;
    if (existing) {
      results[index] = { id: existing.id, existing: true, assigneeId: existing.assignee_id };
      return;
    }
    const earlier = key ? fresh.get(key) : undefined;
    if (earlier) {
      results[index] = { ...earlier, existing: true };
      return;
    }
    const teamId = input.teamId ?? (input.touchpointId ? (teams.get(input.touchpointId) ?? null) : null);
    const assigneeId = input.assigneeId ?? (byManager(input) ? (managers.get(input.orgUnitId) ?? null) : null);
    if (!input.assigneeId && (input.assign === 'round_robin' || (byManager(input) && !assigneeId && teamId))) {
      sequential.push(index);
      return;
    }
    const due = dueDates(sla, input.priority, now);
    const row: Row = {
      id: randomUUID(),
      source: input.source,
      priority: input.priority,
      title: input.title,
      description: input.description ?? null,
      orgUnitId: input.orgUnitId,
      teamId,
      assigneeId,
      responseId: input.responseId ?? null,
      feedbackId: input.feedbackId ?? null,
      surveyId: input.surveyId ?? null,
      customerRef: input.customerRef ?? null,
      ruleId: input.ruleId ?? null,
      frDue: due.firstResponseDueAt.toISOString(),
      resDue: due.resolutionDueAt.toISOString(),
      scores: input.scores ?? null,
      phone: input.contactPhone?.display ?? null,
      phoneSealed: input.contactPhone?.sealed ?? null,
    };
    batch.push({ index, row });
    results[index] = { id: row.id, existing: false, assigneeId };
    if (key) fresh.set(key, results[index]);
  });

  if (batch.length) {
    const [counter] = await rows<{ last_number: string | number }>(
      tx,
      sql`INSERT INTO ticket_counters (tenant_id, last_number) VALUES (${tenantId}, ${batch.length})
          ON CONFLICT (tenant_id) DO UPDATE SET last_number = ticket_counters.last_number + ${batch.length} RETURNING last_number`,
    );
    const first = Number(counter.last_number) - batch.length + 1;
    const at = now.toISOString();
    const data = batch.map(({ row }, i) => ({ ...row, number: first + i }));
    await tx.execute(
      sql`INSERT INTO tickets (tenant_id, id, number, source, status, priority, title, description, org_unit_id, team_id, assignee_id,
            response_id, feedback_id, survey_id, customer_ref, rule_id, first_response_due_at, resolution_due_at, status_changed_at, created_at, updated_at,
            scores, contact_phone, contact_phone_sealed)
          SELECT ${tenantId}, x.id, x.number, x.source, 'new', x.priority, x.title, x.description, x."orgUnitId", x."teamId", x."assigneeId",
                 x."responseId", x."feedbackId", x."surveyId", x."customerRef", x."ruleId", x."frDue", x."resDue", ${at}, ${at}, ${at},
                 x.scores, x.phone, x."phoneSealed"
          FROM jsonb_to_recordset(${JSON.stringify(data)}::jsonb) AS x(id uuid, number bigint, source text, priority text, title text, description text,
            "orgUnitId" uuid, "teamId" uuid, "assigneeId" uuid, "responseId" uuid, "feedbackId" uuid, "surveyId" uuid, "customerRef" text, "ruleId" uuid,
            "frDue" timestamptz, "resDue" timestamptz, scores jsonb, phone text, "phoneSealed" text)`,
    );
    const events = batch.map(({ row }) => ({
      id: row.id,
      data: { source: row.source, assigneeId: row.assigneeId, teamId: row.teamId, priority: row.priority },
    }));
    await tx.execute(
      sql`INSERT INTO ticket_events (tenant_id, ticket_id, kind, to_status, data, at)
          SELECT ${tenantId}, x.id, 'created', 'new', x.data, ${at} FROM jsonb_to_recordset(${JSON.stringify(events)}::jsonb) AS x(id uuid, data jsonb)`,
    );
  }
  for (const index of sequential) {
    const input = inputs[index];
    const key = input.customerRef && input.surveyId ? `${input.customerRef}|${input.surveyId}` : null;
    const earlier = key ? fresh.get(key) : undefined;
    if (earlier) {
      results[index] = { ...earlier, existing: true };
      continue;
    }
    const t = await createTicket(tx, clock, { ...input, tenantId });
    results[index] = { id: t.id, existing: t.existing, assigneeId: t.assigneeId ?? null };
    if (key) fresh.set(key, results[index]);
  }
  return results;
}
