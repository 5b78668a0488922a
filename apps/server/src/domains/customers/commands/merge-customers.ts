import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import { AppError, invalid, notFound } from '../../../platform/errors.ts';
import { uuidv7 } from '../../../platform/ids.ts';
import { customerScope, upsertCustomerUnits } from '../scope.ts';
import { lockTenant, shiftCustomersGroups } from './group-rollups.ts';
import { moveHeldRows } from './merge-held.ts';

interface Locked {
  id: string;
  tier: string | null;
  merged_into: string | null;
}

const count = async (ex: Executor, q: ReturnType<typeof sql>) => (await rows(ex, q)).length;

/**
 * Merges profile `otherId` into `survivorId` — two profiles that turned out to be one person. Run inside one
 * transaction by the caller, so it is atomic: either everything below happened or nothing did.
 * - identities move to the survivor (so every member id, phone and openid now finds it);
 * - tags are united; attributes are united with the survivor's value winning on a conflict; first/last seen widen;
 * - responses, events and feedback items pointing at the merged profile point at the survivor;
 * - product holdings and links, NBA decisions and panel memberships move too (`moveHeldRows`);
 * - the merged profile is kept, marked `merged_into`, and the merge is recorded with what moved (nothing is deleted).
 * Merging a profile that was already merged away is a 409 naming its survivor. Both profiles must be in the
 * caller's scope (customers/scope.ts); one that is not answers 404 like a missing one.
 */
export async function mergeCustomers(tx: Executor, actor: Actor, survivorId: string, otherId: string, at: Date) {
  if (survivorId === otherId) throw invalid('otherId', 'cannot merge a customer into itself');
  const tenantId = actor.tenantId;
  await lockTenant(tx, tenantId);
  // Both rows locked in id order, so two opposite merges of the same pair cannot deadlock: the second waits and
  // then finds the first done.
  const locked = await rows<Locked>(
    tx,
    sql`SELECT c.id, c.tier, c.merged_into FROM customers c WHERE ${customerScope(actor)} AND c.id IN (${survivorId}, ${otherId}) ORDER BY c.id FOR UPDATE OF c`,
  );
  const survivor = locked.find((c) => c.id === survivorId);
  const other = locked.find((c) => c.id === otherId);
  if (!survivor) throw notFound('Customer');
  if (!other)
    throw new AppError('not_found', 'The customer to merge was not found', {
      invalidParams: [{ name: 'otherId', reason: 'no such customer' }],
    });
  for (const c of [survivor, other]) {
    if (c.merged_into) {
      throw new AppError('conflict', `Customer ${c.id} was already merged into ${c.merged_into}`, {
        invalidParams: [{ name: c === other ? 'otherId' : 'id', reason: 'already merged' }],
        extra: { mergedInto: c.merged_into },
      });
    }
  }

  // Both customers' responses leave their current tier/segment rollups; the survivor's (now with the merged
  // responses) come back into its groups at the end.
  await shiftCustomersGroups(tx, tenantId, [survivorId, otherId], -1);
  const refs = (
    await rows<{ value: string }>(
      tx,
      sql`SELECT value FROM customer_identities WHERE tenant_id = ${tenantId} AND customer_id = ${otherId} AND kind = 'member'`,
    )
  ).map((r) => r.value);
  const refList = JSON.stringify(refs);
  const refsOf = sql`(SELECT jsonb_array_elements_text(${refList}::jsonb))`;

  const identities = await count(
    tx,
    sql`UPDATE customer_identities SET customer_id = ${survivorId} WHERE tenant_id = ${tenantId} AND customer_id = ${otherId} RETURNING kind`,
  );
  const tags = await count(
    tx,
    sql`INSERT INTO customer_tags (tenant_id, customer_id, tag, source, rule_id, created_at)
        SELECT tenant_id, ${survivorId}::uuid, tag, source, rule_id, created_at FROM customer_tags WHERE tenant_id = ${tenantId} AND customer_id = ${otherId}
        ON CONFLICT DO NOTHING RETURNING tag`,
  );
  await tx.execute(sql`DELETE FROM customer_tags WHERE tenant_id = ${tenantId} AND customer_id = ${otherId}`);
  await tx.execute(
    sql`UPDATE customers s SET
          attributes = o.attributes || s.attributes,
          display_name = coalesce(s.display_name, o.display_name),
          tier = coalesce(s.tier, o.tier),
          first_seen_at = least(s.first_seen_at, o.first_seen_at),
          last_seen_at = greatest(s.last_seen_at, o.last_seen_at),
          updated_at = ${at.toISOString()}
        FROM customers o
        WHERE s.tenant_id = ${tenantId} AND s.id = ${survivorId} AND o.tenant_id = ${tenantId} AND o.id = ${otherId}`,
  );
  // Responses by customer_id (responses_customer_idx); events and feedback by the moved member ids (their
  // customer_ref indexes): resolution only ever set customer_id through those ids.
  const responses = await count(
    tx,
    sql`UPDATE responses SET customer_id = ${survivorId} WHERE tenant_id = ${tenantId} AND customer_id = ${otherId} RETURNING id`,
  );
  const events = refs.length
    ? await count(
        tx,
        sql`UPDATE events SET customer_id = ${survivorId} WHERE tenant_id = ${tenantId} AND customer_ref IN ${refsOf} AND customer_id = ${otherId} RETURNING id`,
      )
    : 0;
  const feedback = refs.length
    ? await count(
        tx,
        sql`UPDATE feedback_items SET customer_id = ${survivorId} WHERE tenant_id = ${tenantId} AND customer_ref IN ${refsOf} AND customer_id = ${otherId} RETURNING id`,
      )
    : 0;
  const held = await moveHeldRows(tx, tenantId, survivorId, otherId);
  // Where the merged profile was seen, the survivor now was (scoped roles see it there).
  await upsertCustomerUnits(
    tx,
    sql`SELECT tenant_id, ${survivorId}::uuid, org_unit_id, first_seen_at, last_seen_at FROM customer_units
        WHERE tenant_id = ${tenantId} AND customer_id = ${otherId} ORDER BY org_unit_id`,
  );
  await tx.execute(sql`DELETE FROM customer_units WHERE tenant_id = ${tenantId} AND customer_id = ${otherId}`);
  // The merged profile leaves its segments (the next refresh puts the survivor where it now belongs).
  await tx.execute(
    sql`DELETE FROM customer_segment_members WHERE tenant_id = ${tenantId} AND customer_id = ${otherId}`,
  );
  await tx.execute(
    sql`UPDATE customers SET merged_into = ${survivorId}, updated_at = ${at.toISOString()} WHERE tenant_id = ${tenantId} AND id = ${otherId}`,
  );
  await shiftCustomersGroups(tx, tenantId, [survivorId], 1);
  const moved = { identities, tags, responses, events, feedback, ...held, memberIds: refs };
  const id = uuidv7(at.getTime());
  await tx.execute(
    sql`INSERT INTO customer_merges (tenant_id, id, survivor_id, merged_id, moved, actor_id, merged_at)
        VALUES (${tenantId}, ${id}, ${survivorId}, ${otherId}, ${JSON.stringify(moved)}::jsonb, ${actor.id}, ${at.toISOString()})`,
  );
  await audit(tx, actor, 'customer.merge', 'customer', survivorId, { mergedId: otherId, moved });
  return { id, survivorId, mergedId: otherId, moved, mergedAt: at.toISOString() };
}
