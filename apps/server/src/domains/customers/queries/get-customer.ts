import type { TCustomerDetailResponse, TCustomerResponse } from '@loopcx/shared';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import { customerScope } from '../scope.ts';

export interface CustomerRow {
  id: string;
  display_name: string | null;
  attributes: Record<string, unknown>;
  tier: string | null;
  merged_into: string | null;
  first_seen_at: string | Date | null;
  last_seen_at: string | Date | null;
  created_at: string | Date;
  updated_at: string | Date;
}

export const CUSTOMER_COLUMNS = sql`c.id, c.display_name, c.attributes, c.tier, c.merged_into, c.first_seen_at, c.last_seen_at, c.created_at, c.updated_at`;

/** A timestamp column as ISO text (node-postgres gives Dates, PGlite strings), null kept. */
export const iso = (d: string | Date | null) =>
  d === null ? null : (d instanceof Date ? d : new Date(d)).toISOString();

/** A profile as the API shows it; identities are only ever shown masked (phones, emails) or as given (member ids). */
export function presentCustomer(
  c: CustomerRow,
  extra: { identities?: Array<{ kind: string; display: string }>; tags?: Array<{ tag: string; source: string }> } = {},
): TCustomerResponse {
  return {
    id: c.id,
    displayName: c.display_name,
    attributes: c.attributes ?? {},
    tier: c.tier,
    mergedInto: c.merged_into,
    identities: extra.identities ?? [],
    tags: extra.tags ?? [],
    firstSeenAt: iso(c.first_seen_at),
    lastSeenAt: iso(c.last_seen_at),
    createdAt: iso(c.created_at),
    updatedAt: iso(c.updated_at),
  };
}
export type TCustomerView = ReturnType<typeof presentCustomer>;

/**
 * A profile the caller may see (tenant and org scope, customers/scope.ts) that has not been merged away; 404
 * otherwise (another tenant's id, or a customer never seen in the caller's subtree). `forUpdate` locks the row.
 */
export async function loadLiveCustomer(
  ex: Executor,
  actor: Actor,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<CustomerRow> {
  const c = await one<CustomerRow>(
    ex,
    sql`SELECT ${CUSTOMER_COLUMNS} FROM customers c WHERE ${customerScope(actor)} AND c.id = ${id} ${opts.forUpdate ? sql`FOR UPDATE OF c` : sql``}`,
  );
  if (!c) throw notFound('Customer');
  if (c.merged_into)
    throw new AppError('conflict', `This customer was merged into ${c.merged_into}`, {
      extra: { mergedInto: c.merged_into },
    });
  return c;
}

/** Identities and tags of profiles, by customer id. */
export async function identitiesAndTags(ex: Executor, tenantId: string, ids: string[]) {
  const idList = `{${ids.join(',')}}`;
  const [ids_, tags] = ids.length
    ? await Promise.all([
        rows<{ customer_id: string; kind: string; display: string }>(
          ex,
          sql`SELECT customer_id, kind, display FROM customer_identities WHERE tenant_id = ${tenantId} AND customer_id = ANY(${idList}::uuid[]) ORDER BY kind, display`,
        ),
        rows<{ customer_id: string; tag: string; source: string }>(
          ex,
          sql`SELECT customer_id, tag, source FROM customer_tags WHERE tenant_id = ${tenantId} AND customer_id = ANY(${idList}::uuid[]) ORDER BY tag, source`,
        ),
      ])
    : [[], []];
  const group = <T extends { customer_id: string }>(list: T[]) => {
    const m = new Map<string, Array<Omit<T, 'customer_id'>>>();
    for (const { customer_id, ...rest } of list) m.set(customer_id, [...(m.get(customer_id) ?? []), rest]);
    return m;
  };
  return { identities: group(ids_), tags: group(tags) };
}

/**
 * One profile the caller may see, with identities and tags. A merged-away profile answers with its `mergedInto`
 * survivor (its seen-at units moved to the survivor, so below the root it is visible only to root-scoped roles).
 */
export async function getCustomer(ex: Executor, actor: Actor, id: string): Promise<TCustomerDetailResponse> {
  const tenantId = actor.tenantId;
  const c = await one<CustomerRow>(
    ex,
    sql`SELECT ${CUSTOMER_COLUMNS} FROM customers c WHERE ${customerScope(actor)} AND c.id = ${id}`,
  );
  if (!c) throw notFound('Customer');
  const { identities, tags } = await identitiesAndTags(ex, tenantId, [id]);
  const segments = await rows<{ id: string; name: string }>(
    ex,
    sql`SELECT s.id, s.name FROM customer_segment_members m JOIN customer_segments s ON s.tenant_id = m.tenant_id AND s.id = m.segment_id
        WHERE m.tenant_id = ${tenantId} AND m.customer_id = ${id} ORDER BY s.name`,
  );
  const merges = await rows<{ merged_id: string; merged_at: string | Date }>(
    ex,
    sql`SELECT merged_id, merged_at FROM customer_merges WHERE tenant_id = ${tenantId} AND survivor_id = ${id} ORDER BY merged_at DESC`,
  );
  return {
    ...presentCustomer(c, { identities: identities.get(id), tags: tags.get(id) }),
    segments,
    merges: merges.map((m) => ({ mergedId: m.merged_id, mergedAt: iso(m.merged_at) })),
  };
}
