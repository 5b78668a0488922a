import type { TWebhookDeliveryResponse } from '@loopcx/shared';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { invalid, notFound } from '../../../platform/errors.ts';
import type { TDeliveryListQuery } from '../schema.ts';

/** A delivery row joined with its event, as the log reads it. */
interface DeliveryLogRow {
  id: string;
  event_id: string;
  type: string;
  seq: string | number;
  status: TWebhookDeliveryResponse['status'];
  attempts: number;
  response_status: number | null;
  latency_ms: number | null;
  request_body: string | null;
  response_body: string | null;
  error: string | null;
  redelivery_of: string | null;
  next_attempt_at: Date | string | null;
  last_attempt_at: Date | string | null;
  created_at: Date | string;
  /** created_at to the microsecond (a JS Date keeps milliseconds; the cursor must not lose the rest). */
  cursor_at: string;
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

const present = (d: DeliveryLogRow): TWebhookDeliveryResponse => ({
  id: d.id,
  eventId: d.event_id,
  messageId: `msg_${d.event_id}`,
  eventType: d.type,
  sequence: Number(d.seq),
  status: d.status,
  attempts: d.attempts,
  responseStatus: d.response_status,
  latencyMs: d.latency_ms,
  requestBody: d.request_body,
  responseBody: d.response_body,
  error: d.error,
  redeliveryOf: d.redelivery_of,
  nextAttemptAt: iso(d.next_attempt_at),
  lastAttemptAt: iso(d.last_attempt_at),
  createdAt: new Date(d.created_at).toISOString(),
});

const COLUMNS = sql.raw(`d.id, d.event_id, e.type, e.seq, d.status, d.attempts, d.response_status, d.latency_ms,
  d.request_body, d.response_body, d.error, d.redelivery_of, d.next_attempt_at, d.last_attempt_at, d.created_at,
  to_char(d.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at`);

/** The cursor is the last row's (created_at, id), base64url-encoded: opaque to callers, stable under inserts. */
const encodeCursor = (d: DeliveryLogRow) => Buffer.from(`${d.cursor_at}|${d.id}`).toString('base64url');

function decodeCursor(cursor: string): { at: string; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!at || !id || Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/i.test(id))
    throw invalid('cursor', 'must be a cursor from a previous page');
  return { at, id };
}

/**
 * One page of an endpoint's delivery log, newest first. The caller has already loaded the endpoint through its
 * scope (getWebhook); the endpoint id alone is not a tenant boundary, so the tenant is filtered here too.
 */
export async function listDeliveries(
  ex: Executor,
  tenantId: string,
  endpointId: string,
  q: TDeliveryListQuery,
): Promise<{ items: TWebhookDeliveryResponse[]; nextCursor: string | null }> {
  const after = q.cursor ? decodeCursor(q.cursor) : null;
  const list = await rows<DeliveryLogRow>(
    ex,
    sql`SELECT ${COLUMNS}
        FROM webhook_deliveries d JOIN webhook_events e ON e.tenant_id = d.tenant_id AND e.id = d.event_id
        WHERE d.tenant_id = ${tenantId} AND d.endpoint_id = ${endpointId}
          ${q.status ? sql`AND d.status = ${q.status}` : sql``}
          ${after ? sql`AND (d.created_at, d.id) < (${after.at}::timestamptz, ${after.id}::uuid)` : sql``}
        ORDER BY d.created_at DESC, d.id DESC
        LIMIT ${q.limit + 1}`,
  );
  const more = list.length > q.limit;
  const page = more ? list.slice(0, q.limit) : list;
  return { items: page.map(present), nextCursor: more ? encodeCursor(page[page.length - 1]) : null };
}

/** One delivery of an endpoint (already scope-checked by the caller); 404 when it belongs to another. */
export async function getDelivery(
  ex: Executor,
  tenantId: string,
  endpointId: string,
  deliveryId: string,
): Promise<TWebhookDeliveryResponse> {
  const row = await one<DeliveryLogRow>(
    ex,
    sql`SELECT ${COLUMNS}
        FROM webhook_deliveries d JOIN webhook_events e ON e.tenant_id = d.tenant_id AND e.id = d.event_id
        WHERE d.tenant_id = ${tenantId} AND d.endpoint_id = ${endpointId} AND d.id = ${deliveryId}`,
  );
  if (!row) throw notFound('Delivery');
  return present(row);
}
