import type { TCustomerCreate, TCustomerUpdate, TIdentityInput } from '@loopcx/shared';
import { audit } from '../../../platform/audit.ts';
import { type Actor, atTenantRoot } from '../../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import { uuidv7 } from '../../../platform/ids.ts';
import { type StoredIdentity, toStoredIdentity } from '../identity.ts';
import { loadLiveCustomer } from '../queries/get-customer.ts';
import { recordCustomerUnits } from '../scope.ts';

/** Hashes and validates identities; 422 names `<field>.<i>.value`. */
export function storedIdentities(
  secret: string,
  tenantId: string,
  list: TIdentityInput[],
  field: string,
): StoredIdentity[] {
  const out = list.map((i, n) => toStoredIdentity(secret, tenantId, i.kind, i.value, `${field}.${n}.value`));
  const seen = new Set<string>();
  for (const [n, i] of out.entries()) {
    const k = `${i.kind}|${i.value}`;
    if (seen.has(k))
      throw new AppError('invalid', 'The same identity is listed twice', {
        invalidParams: [{ name: `${field}.${n}`, reason: 'listed twice' }],
      });
    seen.add(k);
  }
  return out;
}

/**
 * Attaches identities to a profile. An identity that already belongs to another profile is a 409 naming it (merge
 * the two profiles instead); one already on this profile is left as is.
 */
async function attachIdentities(
  tx: Executor,
  tenantId: string,
  customerId: string,
  list: StoredIdentity[],
  field: string,
  at: Date,
) {
  if (!list.length) return;
  const taken = await rows<{ kind: string; value: string; customer_id: string }>(
    tx,
    sql`SELECT kind, value, customer_id FROM customer_identities
        WHERE tenant_id = ${tenantId} AND (kind, value) IN (SELECT x.kind, x.value FROM jsonb_to_recordset(${JSON.stringify(list)}::jsonb) AS x(kind text, value text))`,
  );
  const clash = list.findIndex((i) =>
    taken.some((t) => t.kind === i.kind && t.value === i.value && t.customer_id !== customerId),
  );
  if (clash >= 0) {
    const other = taken.find((t) => t.kind === list[clash].kind && t.value === list[clash].value)!;
    throw new AppError(
      'conflict',
      `This ${list[clash].kind} already belongs to another customer; merge the two profiles instead`,
      {
        invalidParams: [{ name: `${field}.${clash}.value`, reason: 'belongs to another customer' }],
        extra: { customerId: other.customer_id },
      },
    );
  }
  await tx.execute(
    sql`INSERT INTO customer_identities (tenant_id, kind, value, display, customer_id, created_at)
        SELECT ${tenantId}::uuid, x.kind, x.value, x.display, ${customerId}::uuid, ${at.toISOString()}::timestamptz
        FROM jsonb_to_recordset(${JSON.stringify(list)}::jsonb) AS x(kind text, value text, display text)
        ON CONFLICT (tenant_id, kind, value) DO NOTHING`,
  );
}

/** Attribute changes: null removes a key. */
function attributePatch(attrs: Record<string, unknown> | undefined) {
  const set: Record<string, unknown> = {};
  const remove: string[] = [];
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === null) remove.push(k);
    else set[k] = v;
  }
  return { set, remove };
}

/** Creates a profile with its identities, attributes and manual tags. */
export async function createCustomer(
  tx: Executor,
  actor: Actor,
  secret: string,
  input: TCustomerCreate,
  at: Date,
): Promise<string> {
  const identities = storedIdentities(secret, actor.tenantId, input.identities, 'identities');
  const id = uuidv7(at.getTime());
  const { set } = attributePatch(input.attributes);
  await tx.execute(
    sql`INSERT INTO customers (tenant_id, id, display_name, attributes, first_seen_at, created_at, updated_at)
        VALUES (${actor.tenantId}, ${id}, ${input.displayName ?? null}, ${JSON.stringify(set)}::jsonb, ${at.toISOString()}, ${at.toISOString()}, ${at.toISOString()})`,
  );
  await attachIdentities(tx, actor.tenantId, id, identities, 'identities', at);
  if (input.tags?.length) await addTags(tx, actor.tenantId, id, input.tags);
  // A user scoped below the root creates the profile at their unit, so they (and that unit's managers) can see it.
  if (!atTenantRoot(actor))
    await recordCustomerUnits(tx, actor.tenantId, [{ customer_id: id, org_unit_id: actor.orgUnitId, at }]);
  await audit(tx, actor, 'customer.create', 'customer', id, {
    identities: identities.map((i) => ({ kind: i.kind, display: i.display })),
  });
  return id;
}

/** Updates name and attributes (merged into the existing ones; null removes) and adds identities. */
export async function updateCustomer(
  tx: Executor,
  actor: Actor,
  secret: string,
  id: string,
  input: TCustomerUpdate,
  at: Date,
) {
  await loadLiveCustomer(tx, actor, id, { forUpdate: true });
  const identities = storedIdentities(secret, actor.tenantId, input.addIdentities ?? [], 'addIdentities');
  const { set, remove } = attributePatch(input.attributes);
  const merged = await one<{ n: number }>(
    tx,
    sql`UPDATE customers SET
          display_name = ${input.displayName === undefined ? sql`display_name` : sql`${input.displayName}`},
          attributes = (attributes || ${JSON.stringify(set)}::jsonb) - ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(remove)}::jsonb)),
          updated_at = ${at.toISOString()}
        WHERE tenant_id = ${actor.tenantId} AND id = ${id}
        RETURNING (SELECT count(*) FROM jsonb_object_keys(attributes))::int AS n`,
  );
  if ((merged?.n ?? 0) > 100)
    throw new AppError('invalid', 'A customer has at most 100 attributes', {
      invalidParams: [{ name: 'attributes', reason: 'more than 100 in total' }],
    });
  await attachIdentities(tx, actor.tenantId, id, identities, 'addIdentities', at);
  await audit(tx, actor, 'customer.update', 'customer', id, {
    displayName: input.displayName,
    attributes: input.attributes,
    addIdentities: identities.map((i) => ({ kind: i.kind, display: i.display })),
  });
}

/** Adds manual tags (existing ones stay). */
export async function addTags(tx: Executor, tenantId: string, customerId: string, tags: string[]) {
  const list = [...new Set(tags)];
  if (!list.length) return;
  await tx.execute(
    sql`INSERT INTO customer_tags (tenant_id, customer_id, tag, source)
        SELECT ${tenantId}::uuid, ${customerId}::uuid, t, 'manual' FROM jsonb_array_elements_text(${JSON.stringify(list)}::jsonb) AS t
        ON CONFLICT DO NOTHING`,
  );
  const total = await one<{ n: number }>(
    tx,
    sql`SELECT count(DISTINCT tag)::int AS n FROM customer_tags WHERE tenant_id = ${tenantId} AND customer_id = ${customerId}`,
  );
  if ((total?.n ?? 0) > 100)
    throw new AppError('invalid', 'A customer has at most 100 tags', {
      invalidParams: [{ name: 'tags', reason: 'more than 100 in total' }],
    });
}

/** Removes a manual tag; a rule-based tag stays while its rule holds (409 says so). */
export async function removeTag(tx: Executor, tenantId: string, customerId: string, tag: string) {
  const gone = await rows(
    tx,
    sql`DELETE FROM customer_tags WHERE tenant_id = ${tenantId} AND customer_id = ${customerId} AND tag = ${tag} AND source = 'manual' RETURNING tag`,
  );
  if (gone.length) return;
  const rule = await one(
    tx,
    sql`SELECT 1 FROM customer_tags WHERE tenant_id = ${tenantId} AND customer_id = ${customerId} AND tag = ${tag} AND source = 'rule'`,
  );
  if (rule) throw new AppError('conflict', `"${tag}" comes from a tag rule; change or disable the rule to remove it`);
  throw new AppError('not_found', 'Tag not found on this customer');
}
