import type { TEventResponse } from '@loopcx/shared';
import type { SQL } from 'drizzle-orm';
import { type Actor, atTenantRoot } from '../../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { invalid, notFound } from '../../../platform/errors.ts';
import { pathUnder, requireUnitInScope } from '../../org/scope.ts';

export interface ListEventsOptions {
  type?: string;
  orgUnitId?: string;
  from?: string;
  to?: string;
  customerRef?: string;
  limit?: number;
  cursor?: string;
}

interface EventRow {
  id: string;
  type: string;
  occurred_at: string | Date;
  org_unit_id: string | null;
  unit_name: string | null;
  unit_code: string | null;
  touchpoint_id: string | null;
  customer_ref: string | null;
  customer_id: string | null;
  properties: Record<string, unknown>;
  value: number | null;
  idempotency_key: string | null;
  source: string;
  created_at: string | Date;
}

const iso = (d: string | Date) => (d instanceof Date ? d : new Date(d)).toISOString();

/** An events row as the API answers it (the events contract's shape). */
export const presentEvent = (e: EventRow): TEventResponse => ({
  id: e.id,
  type: e.type,
  occurredAt: iso(e.occurred_at),
  orgUnit: e.org_unit_id ? { id: e.org_unit_id, name: e.unit_name, code: e.unit_code } : null,
  touchpointId: e.touchpoint_id,
  customerRef: e.customer_ref,
  customerId: e.customer_id,
  properties: e.properties,
  value: e.value,
  idempotencyKey: e.idempotency_key,
  source: e.source,
  createdAt: iso(e.created_at),
});

/**
 * The scope of events an actor may read: the tenant, and events of units in the actor's subtree. Events with no
 * unit (web page views before a store is known) belong to the whole organisation: only root-scoped actors see them.
 */
export function eventScope(actor: Actor): SQL {
  const atRoot = atTenantRoot(actor);
  return atRoot
    ? sql`e.tenant_id = ${actor.tenantId} AND (e.org_unit_id IS NULL OR ${pathUnder('o', actor.orgPath)})`
    : sql`e.tenant_id = ${actor.tenantId} AND ${pathUnder('o', actor.orgPath)}`;
}

const FROM = sql`events e LEFT JOIN org_units o ON o.tenant_id = e.tenant_id AND o.id = e.org_unit_id`;
const COLUMNS = sql`e.id, e.type, e.occurred_at, e.org_unit_id, o.name AS unit_name, o.code AS unit_code, e.touchpoint_id, e.customer_ref, e.customer_id,
  e.properties, e.value, e.idempotency_key, e.source, e.created_at`;

/** Events in scope, newest first, keyset-paginated on (occurred_at, id). */
export async function listEvents(ex: Executor, actor: Actor, opts: ListEventsOptions) {
  const filters = [eventScope(actor)];
  if (opts.type) filters.push(sql`e.type = ${opts.type}`);
  if (opts.customerRef) filters.push(sql`e.customer_ref = ${opts.customerRef}`);
  if (opts.from) filters.push(sql`e.occurred_at >= ${opts.from}::timestamptz`);
  if (opts.to) filters.push(sql`e.occurred_at < ${opts.to}::timestamptz`);
  if (opts.orgUnitId) {
    const unit = await requireUnitInScope(ex, actor, opts.orgUnitId);
    filters.push(pathUnder('o', unit.path));
  }
  if (opts.cursor) {
    const m = /^(\d{13})_([0-9a-f-]{36})$/.exec(opts.cursor);
    if (!m) throw invalid('cursor', 'not a valid cursor');
    const at = new Date(Number(m[1])).toISOString();
    filters.push(sql`(e.occurred_at, e.id) < (${at}::timestamptz, ${m[2]}::uuid)`);
  }
  const limit = Math.min(opts.limit ?? 50, 500);
  const list = await rows<EventRow>(
    ex,
    sql`SELECT ${COLUMNS} FROM ${FROM} WHERE ${sql.join(filters, sql` AND `)} ORDER BY e.occurred_at DESC, e.id DESC LIMIT ${limit + 1}`,
  );
  const page = list.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(presentEvent),
    nextCursor: list.length > limit && last ? `${new Date(iso(last.occurred_at)).getTime()}_${last.id}` : null,
  };
}

/** One event in scope; another tenant's or out-of-scope id is a 404. */
export async function getEvent(ex: Executor, actor: Actor, id: string) {
  const e = await one<EventRow>(ex, sql`SELECT ${COLUMNS} FROM ${FROM} WHERE ${eventScope(actor)} AND e.id = ${id}`);
  if (!e) throw notFound('Event');
  return presentEvent(e);
}
