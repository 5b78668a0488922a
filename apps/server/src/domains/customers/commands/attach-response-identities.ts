import { type Executor, rows, sql } from '../../../platform/db.ts';
import { uuidv7 } from '../../../platform/ids.ts';
import { unseal } from '../../../platform/seal.ts';
import { CONTACT_PHONE_SEAL } from '../../responses/contact.ts';
import { type StoredIdentity, toStoredIdentity } from '../identity.ts';
import { recordCustomerUnits } from '../scope.ts';
import { addGroupDeltas } from './group-rollups.ts';

const uuidArray = (ids: string[]) => `{${ids.join(',')}}`;

/** A response and the identity it carries, ready to store. */
interface Carried {
  id: string;
  customer_id: string | null;
  customer_ref: string | null;
  identity: StoredIdentity;
}

/**
 * A respondent who agreed to be contacted left a phone number (responses/contact.ts: `context.contact.phone`,
 * sealed). It becomes a phone identity — HMAC plus masked form, like any other — of the response's customer:
 * the profile its member id resolved to, or, for an anonymous response (a store's QR code), the profile that
 * already holds this phone, created when none does. Anonymous responses are then resolved to that profile
 * (customer_id, where the customer was seen, tier and segment rollups), so the same caller's later responses
 * build one history. A phone already on another profile stays there (a merge is a person's decision).
 * Run after member-id resolution, in its transaction; idempotent.
 */
export async function attachContactPhones(tx: Executor, tenantId: string, secret: string, ids: string[], at: Date) {
  if (!ids.length) return;
  const found = await rows<{ id: string; customer_id: string | null; customer_ref: string | null; sealed: string }>(
    tx,
    sql`SELECT id, customer_id, customer_ref, context->'contact'->'phone'->>'sealed' AS sealed
        FROM responses WHERE tenant_id = ${tenantId} AND id = ANY(${uuidArray(ids)}::uuid[])
          AND context->'contact'->'phone'->>'sealed' IS NOT NULL`,
  );
  const items = found.flatMap((f) => {
    const phone = unseal(secret, CONTACT_PHONE_SEAL, tenantId, f.sealed);
    return phone ? [{ ...f, identity: toStoredIdentity(secret, tenantId, 'phone', phone) }] : [];
  });
  await attachIdentities(tx, tenantId, 'phone', items, at);
}

/**
 * A response answered inside WeChat carries the respondent's openid for the tenant's official account
 * (`context.wechat.openid`, learnt by the survey page: decision 45). It becomes a `wechat_openid` identity by the
 * same rules as a call-back phone: one more identity of the response's customer, or, for an anonymous response,
 * the profile holding this openid (created when none does) — so a WeChat user's answers over time form one
 * history, and a template-message channel can reach them. Run in the resolution transaction; idempotent.
 */
export async function attachWechatOpenids(tx: Executor, tenantId: string, ids: string[], at: Date) {
  if (!ids.length) return;
  const found = await rows<{ id: string; customer_id: string | null; customer_ref: string | null; openid: string }>(
    tx,
    sql`SELECT id, customer_id, customer_ref, context->'wechat'->>'openid' AS openid
        FROM responses WHERE tenant_id = ${tenantId} AND id = ANY(${uuidArray(ids)}::uuid[])
          AND context->'wechat'->>'openid' IS NOT NULL`,
  );
  const items = found.flatMap((f) =>
    /^[\w-]{6,64}$/.test(f.openid)
      ? [{ ...f, identity: { kind: 'wechat_openid' as const, value: f.openid, display: f.openid } }]
      : [],
  );
  await attachIdentities(tx, tenantId, 'wechat_openid', items, at);
}

/** Stores each response's identity on its customer, resolving anonymous responses to the identity's profile. */
async function attachIdentities(
  tx: Executor,
  tenantId: string,
  kind: 'phone' | 'wechat_openid',
  items: Carried[],
  at: Date,
) {
  if (!items.length) return;
  // Anonymous responses: the profile holding the identity, created where missing (same race rule as member ids).
  const anonymous = items.filter((i) => !i.customer_id && !i.customer_ref);
  if (anonymous.length) {
    const values = [...new Set(anonymous.map((a) => a.identity.value))];
    const owned = new Set(
      (
        await rows<{ value: string }>(
          tx,
          sql`SELECT value FROM customer_identities WHERE tenant_id = ${tenantId} AND kind = ${kind}
              AND value IN (SELECT jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`,
        )
      ).map((r) => r.value),
    );
    const fresh = values
      .filter((v) => !owned.has(v))
      .map((v) => ({
        id: uuidv7(at.getTime()),
        value: v,
        display: anonymous.find((a) => a.identity.value === v)!.identity.display,
      }));
    if (fresh.length) {
      const list = JSON.stringify(fresh);
      await tx.execute(
        sql`INSERT INTO customers (tenant_id, id, first_seen_at, last_seen_at, created_at, updated_at)
            SELECT ${tenantId}::uuid, x.id, ${at.toISOString()}::timestamptz, ${at.toISOString()}::timestamptz, ${at.toISOString()}::timestamptz, ${at.toISOString()}::timestamptz
            FROM jsonb_to_recordset(${list}::jsonb) AS x(id uuid)`,
      );
      const won = new Set(
        (
          await rows<{ customer_id: string }>(
            tx,
            sql`INSERT INTO customer_identities (tenant_id, kind, value, display, customer_id, created_at)
                SELECT ${tenantId}::uuid, ${kind}, x.value, x.display, x.id, ${at.toISOString()}::timestamptz
                FROM jsonb_to_recordset(${list}::jsonb) AS x(id uuid, value text, display text) ORDER BY x.value
                ON CONFLICT (tenant_id, kind, value) DO NOTHING RETURNING customer_id`,
          )
        ).map((w) => w.customer_id),
      );
      const lost = fresh.filter((f) => !won.has(f.id)).map((f) => f.id);
      if (lost.length)
        await tx.execute(
          sql`DELETE FROM customers WHERE tenant_id = ${tenantId} AND id = ANY(${uuidArray(lost)}::uuid[])`,
        );
    }
    const pairs = JSON.stringify(anonymous.map((a) => ({ id: a.id, v: a.identity.value })));
    const updated = await rows<{ id: string; customer_id: string; org_unit_id: string | null; at: string | Date }>(
      tx,
      sql`UPDATE responses AS r SET customer_id = i.customer_id
          FROM jsonb_to_recordset(${pairs}::jsonb) AS x(id uuid, v text)
          JOIN customer_identities i ON i.tenant_id = ${tenantId} AND i.kind = ${kind} AND i.value = x.v
          WHERE r.tenant_id = ${tenantId} AND r.id = x.id AND r.customer_id IS NULL
          RETURNING r.id, r.customer_id, r.org_unit_id, r.submitted_at AS at`,
    );
    if (updated.length) {
      await recordCustomerUnits(tx, tenantId, updated);
      await addGroupDeltas(tx, tenantId, updated);
    }
  }
  // Responses with a profile already: the identity becomes one more of it.
  const known = items.filter((i) => i.customer_id);
  if (known.length)
    await tx.execute(
      sql`INSERT INTO customer_identities (tenant_id, kind, value, display, customer_id, created_at)
          SELECT ${tenantId}::uuid, ${kind}, x.value, x.display, x.c, ${at.toISOString()}::timestamptz
          FROM jsonb_to_recordset(${JSON.stringify(known.map((k) => ({ ...k.identity, c: k.customer_id })))}::jsonb) AS x(value text, display text, c uuid)
          ORDER BY x.value ON CONFLICT (tenant_id, kind, value) DO NOTHING`,
    );
}
