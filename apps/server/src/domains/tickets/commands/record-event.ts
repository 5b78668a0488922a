import { type Executor, sql } from '../../../platform/db.ts';

/** Appends to a ticket's history in the caller's transaction. */
export async function recordTicketEvent(
  ex: Executor,
  e: {
    tenantId: string;
    ticketId: string;
    kind: string;
    actorId?: string | null;
    from?: string | null;
    to?: string | null;
    data?: unknown;
    at: Date;
  },
) {
  await ex.execute(
    sql`INSERT INTO ticket_events (tenant_id, ticket_id, kind, actor_id, from_status, to_status, data, at)
        VALUES (${e.tenantId}, ${e.ticketId}, ${e.kind}, ${e.actorId ?? null}, ${e.from ?? null}, ${e.to ?? null},
                ${JSON.stringify(e.data ?? {})}::jsonb, ${e.at.toISOString()})`,
  );
}
