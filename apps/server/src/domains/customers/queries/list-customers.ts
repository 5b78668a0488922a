import { type TSegmentDefinition, ZSegmentDefinition } from '@loopcx/shared';
import type { SQL } from 'drizzle-orm';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { invalid, notFound } from '../../../platform/errors.ts';
import { likeContains } from '../../org/scope.ts';
import { identityHash, normalisePhone } from '../identity.ts';
import { customerScope } from '../scope.ts';
import { compileSegment, withClause } from '../segments/compile.ts';
import { CUSTOMER_COLUMNS, type CustomerRow, identitiesAndTags, presentCustomer } from './get-customer.ts';

export interface ListCustomersOptions {
  /** A member id, WeChat openid, phone or email (exact; phones and emails are hashed first), or part of a name. */
  q?: string;
  tag?: string;
  tier?: string;
  segmentId?: string;
  limit?: number;
  cursor?: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Identity lookup values a search text may be: as given, and the hash of it read as a phone or an email. */
export function searchKeys(secret: string, tenantId: string, q: string): Array<{ kind: string; value: string }> {
  const v = q.trim();
  const keys = [
    { kind: 'member', value: v },
    { kind: 'wechat_openid', value: v },
  ];
  const phone = normalisePhone(v);
  if (phone) keys.push({ kind: 'phone', value: identityHash(secret, tenantId, 'phone', phone) });
  if (EMAIL.test(v)) keys.push({ kind: 'email', value: identityHash(secret, tenantId, 'email', v.toLowerCase()) });
  return keys;
}

/**
 * Live profiles the caller may see (customers/scope.ts: below the root, customers seen in the caller's subtree),
 * newest first, keyset-paginated on (created_at, id), filtered by a search text, a tag, a tier or a segment
 * (evaluated live from its definition). What a scoped role sees of a profile's history is cut by the timeline.
 */
export async function listCustomers(ex: Executor, actor: Actor, secret: string, opts: ListCustomersOptions, now: Date) {
  const tenantId = actor.tenantId;
  const limit = Math.min(opts.limit ?? 50, 200);
  const filters: SQL[] = [customerScope(actor), sql`c.merged_into IS NULL`];
  let ctes: SQL = sql``;
  let joins: SQL = sql``;
  if (opts.q?.trim()) {
    const keys = JSON.stringify(searchKeys(secret, tenantId, opts.q));
    filters.push(
      sql`(c.id IN (SELECT i.customer_id FROM customer_identities i JOIN jsonb_to_recordset(${keys}::jsonb) AS k(kind text, value text)
                     ON i.kind = k.kind AND i.value = k.value WHERE i.tenant_id = ${tenantId})
           OR c.display_name ILIKE ${likeContains(opts.q.trim())})`,
    );
  }
  if (opts.tag)
    filters.push(
      sql`EXISTS (SELECT 1 FROM customer_tags t WHERE t.tenant_id = c.tenant_id AND t.customer_id = c.id AND t.tag = ${opts.tag})`,
    );
  if (opts.tier) filters.push(sql`c.tier = ${opts.tier}`);
  if (opts.segmentId) {
    const seg = await one<{ definition: TSegmentDefinition }>(
      ex,
      sql`SELECT definition FROM customer_segments WHERE tenant_id = ${tenantId} AND id = ${opts.segmentId}`,
    );
    if (!seg) throw notFound('Segment');
    const compiled = compileSegment(tenantId, ZSegmentDefinition.parse(seg.definition), now);
    ctes = withClause(compiled);
    joins = sql.join(compiled.joins, sql` `);
    filters.push(compiled.where);
  }
  if (opts.cursor) {
    const m = /^(\d{1,15})_([0-9a-f-]{36})$/.exec(opts.cursor);
    if (!m) throw invalid('cursor', 'not a valid cursor');
    filters.push(sql`(c.created_at, c.id) < (${new Date(Number(m[1])).toISOString()}::timestamptz, ${m[2]}::uuid)`);
  }
  const list = await rows<CustomerRow>(
    ex,
    sql`${ctes}SELECT ${CUSTOMER_COLUMNS} FROM customers c ${joins} WHERE ${sql.join(filters, sql` AND `)} ORDER BY c.created_at DESC, c.id DESC LIMIT ${limit + 1}`,
  );
  const page = list.slice(0, limit);
  const { identities, tags } = await identitiesAndTags(
    ex,
    tenantId,
    page.map((c) => c.id),
  );
  const last = page[page.length - 1];
  return {
    items: page.map((c) => presentCustomer(c, { identities: identities.get(c.id), tags: tags.get(c.id) })),
    nextCursor: list.length > limit && last ? `${new Date(last.created_at).getTime()}_${last.id}` : null,
  };
}
