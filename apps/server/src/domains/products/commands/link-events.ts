import type { AppContext } from '../../../platform/context.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import { ensureMemberProfiles } from '../../customers/commands/resolve-customers.ts';
import { productCodesOf } from '../event-products.ts';
import { productSettings } from '../settings.ts';

interface EventRow {
  id: string;
  type: string;
  occurred_at: Date | string;
  org_unit_id: string | null;
  customer_ref: string | null;
  customer_id: string | null;
  properties: unknown;
}

/**
 * Links order and return events to the products they name (`productCodesOf`) and keeps holdings: each new
 * (event, product) pair of an order with a customer adds one to that customer's holding, creating it (source
 * `event`) at the first. The `product_event_links` primary key makes it idempotent: a re-delivered event, a job run
 * twice or an event linked again adds nothing. Member ids without a profile get one (the customers domain's
 * `ensureMemberProfiles`), so holdings never wait for the resolution sweep. Returns the number of new links.
 */
export async function linkEvents(ctx: AppContext, tenantId: string, eventIds: string[]): Promise<number> {
  if (!eventIds.length) return 0;
  return ctx.db.transaction((tx) => linkEventsIn(tx, tenantId, eventIds, ctx.clock.now()));
}

export async function linkEventsIn(tx: Executor, tenantId: string, eventIds: string[], now: Date): Promise<number> {
  return (await linkEventRows(tx, tenantId, eventIds, now)).length;
}

/** A link `linkEventRows` added (not one that existed): its product and whether it was an order or a return. */
export interface FreshLink {
  customer_id: string | null;
  product_id: string;
  kind: 'order' | 'return';
  occurred_at: string;
}

/** `linkEventsIn` returning the links it added (the backfill counts them per product). */
export async function linkEventRows(
  tx: Executor,
  tenantId: string,
  eventIds: string[],
  now: Date,
): Promise<FreshLink[]> {
  if (!eventIds.length) return [];
  const settings = await productSettings(tx, tenantId);
  const kindOf = (type: string) =>
    settings.orderEventTypes.includes(type) ? 'order' : settings.returnEventTypes.includes(type) ? 'return' : null;
  const events = await rows<EventRow>(
    tx,
    sql`SELECT id, type, occurred_at, org_unit_id, customer_ref, customer_id, properties FROM events
        WHERE tenant_id = ${tenantId} AND id = ANY(${`{${eventIds.join(',')}}`}::uuid[])`,
  );
  const named = events
    .map((e) => ({ e, kind: kindOf(e.type), codes: productCodesOf(e.properties) }))
    .filter((x) => x.kind && x.codes.length);
  if (!named.length) return [];
  const products = new Map(
    (
      await rows<{ id: string; code: string }>(
        tx,
        sql`SELECT id, code FROM products WHERE tenant_id = ${tenantId}
            AND code IN (SELECT jsonb_array_elements_text(${JSON.stringify([...new Set(named.flatMap((x) => x.codes))])}::jsonb))`,
      )
    ).map((p) => [p.code, p.id]),
  );
  if (!products.size) return [];
  // Orders' customers: the resolved profile, else the member id's profile (created when missing).
  const refs = named
    .filter((x) => x.kind === 'order' && !x.e.customer_id && x.e.customer_ref)
    .map((x) => x.e.customer_ref!);
  const profileOf = new Map<string, string>();
  if (refs.length) {
    await ensureMemberProfiles(tx, tenantId, refs, now);
    for (const r of await rows<{ value: string; customer_id: string }>(
      tx,
      sql`SELECT value, customer_id FROM customer_identities WHERE tenant_id = ${tenantId} AND kind = 'member'
          AND value IN (SELECT jsonb_array_elements_text(${JSON.stringify([...new Set(refs)])}::jsonb))`,
    ))
      profileOf.set(r.value, r.customer_id);
  }
  const links = named.flatMap((x) =>
    x.codes
      .filter((c) => products.has(c))
      .map((c) => ({
        e: x.e.id,
        p: products.get(c)!,
        k: x.kind!,
        c:
          x.kind === 'order'
            ? (x.e.customer_id ?? (x.e.customer_ref ? (profileOf.get(x.e.customer_ref) ?? null) : null))
            : null,
        u: x.e.org_unit_id,
        at: new Date(x.e.occurred_at).toISOString(),
      })),
  );
  if (!links.length) return [];
  const fresh = await rows<FreshLink>(
    tx,
    sql`INSERT INTO product_event_links (tenant_id, event_id, product_id, kind, customer_id, org_unit_id, occurred_at)
        SELECT ${tenantId}::uuid, x.e, x.p, x.k, x.c, x.u, x.at FROM jsonb_to_recordset(${JSON.stringify(links)}::jsonb)
          AS x(e uuid, p uuid, k text, c uuid, u uuid, at timestamptz)
        ORDER BY x.e, x.p
        ON CONFLICT (tenant_id, event_id, product_id) DO NOTHING
        RETURNING customer_id, product_id, kind, occurred_at`,
  );
  const held = new Map<string, { c: string; p: string; n: number; first: string; last: string }>();
  for (const f of fresh) {
    if (f.kind !== 'order' || !f.customer_id) continue;
    const at = new Date(f.occurred_at).toISOString();
    const key = `${f.customer_id}|${f.product_id}`;
    const h = held.get(key);
    if (!h) held.set(key, { c: f.customer_id, p: f.product_id, n: 1, first: at, last: at });
    else {
      h.n++;
      if (at < h.first) h.first = at;
      if (at > h.last) h.last = at;
    }
  }
  if (held.size) await upsertHoldings(tx, tenantId, [...held.values()], 'event');
  return fresh;
}

/** Adds to holdings (count, earliest since, latest last_at); a holding keeps the source it was created with. */
export async function upsertHoldings(
  tx: Executor,
  tenantId: string,
  list: Array<{ c: string; p: string; n: number; first: string; last: string }>,
  source: 'event' | 'import',
) {
  await tx.execute(
    sql`INSERT INTO product_holdings AS h (tenant_id, customer_id, product_id, since, last_at, count, source)
        SELECT ${tenantId}::uuid, x.c, x.p, x.first, x.last, x.n, ${source}
        FROM jsonb_to_recordset(${JSON.stringify(list)}::jsonb) AS x(c uuid, p uuid, n int, first timestamptz, last timestamptz)
        ORDER BY x.c, x.p
        ON CONFLICT (tenant_id, customer_id, product_id) DO UPDATE SET
          count = h.count + excluded.count, since = least(h.since, excluded.since), last_at = greatest(h.last_at, excluded.last_at)`,
  );
}
