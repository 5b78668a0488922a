import type { Executor } from '../../../platform/db.ts';
import { one, sql } from '../../../platform/db.ts';
import { uuidv7 } from '../../../platform/ids.ts';
import { afterEventsWritten } from '../../registry.ts';
import { cachedTenantTimeZone } from '../../tenancy/queries/tenant-time-zone.ts';
import { writeEvents } from '../writer.ts';

/**
 * loopcx's own `ticket.closed` event (the built-in type), written in the transaction that closes the ticket, so
 * a trigger rule can send the "was it resolved?" survey through the same path as any ingested event. The
 * idempotency key is the ticket and its close time: a ticket reopened and closed again is a second event.
 * value = hours from creation to close (the type's declared value).
 */
export async function emitTicketClosed(tx: Executor, tenantId: string, ticketId: string, closedAt: Date) {
  const t = await one<{
    number: string | number;
    org_unit_id: string;
    path: string | null;
    customer_ref: string | null;
    priority: string;
    source: string;
    created_at: Date | string;
  }>(
    tx,
    sql`SELECT t.number, t.org_unit_id, o.path, t.customer_ref, t.priority, t.source, t.created_at
        FROM tickets t LEFT JOIN org_units o ON o.tenant_id = t.tenant_id AND o.id = t.org_unit_id
        WHERE t.tenant_id = ${tenantId} AND t.id = ${ticketId}`,
  );
  if (!t) return;
  const tz = await cachedTenantTimeZone(tx, tenantId);
  const day = new Intl.DateTimeFormat('en-CA', {
    timeZone: tz,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(closedAt);
  const hours = Math.round(((closedAt.getTime() - new Date(t.created_at).getTime()) / 3600_000) * 10) / 10;
  const item = {
    tenantId,
    id: uuidv7(closedAt.getTime()),
    type: 'ticket.closed',
    occurredAt: closedAt.toISOString(),
    orgUnitId: t.org_unit_id,
    orgPath: t.path,
    touchpointId: null,
    customerRef: t.customer_ref,
    properties: { ticketId, number: Number(t.number), priority: t.priority, category: t.source },
    value: hours,
    idempotencyKey: `ticket.closed:${ticketId}:${closedAt.getTime()}`,
    bodyHash: '',
    source: 'loopcx',
    day,
    variants: [],
  };
  const [result] = await writeEvents(tx, [item]);
  if (result.status === 'created') await afterEventsWritten(tx, [item]);
}
