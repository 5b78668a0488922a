import { type Executor, rows, sql } from '../../../platform/db.ts';
import { type StoredIdentity, toStoredIdentity } from '../identity.ts';

/**
 * Personalised survey links carry the customer as the sender gave them (`invitations.customer`: externalId, name,
 * phone, email). When their responses resolve to a profile, the phone and email become identities of that profile
 * (hashed and masked like any other) and the name fills an empty display name. An identity that already belongs
 * to another profile stays there: two profiles sharing a phone are a case for a merge, which a person decides.
 * Values that are not a valid phone or email are skipped.
 */
export async function enrichFromInvitations(tx: Executor, tenantId: string, secret: string, responseIds: string[]) {
  if (!responseIds.length) return;
  const found = await rows<{ customer_id: string; customer: { name?: unknown; phone?: unknown; email?: unknown } }>(
    tx,
    sql`SELECT r.customer_id, i.customer FROM responses r JOIN invitations i ON i.tenant_id = r.tenant_id AND i.id = r.invitation_id
        WHERE r.tenant_id = ${tenantId} AND r.id = ANY(${`{${responseIds.join(',')}}`}::uuid[]) AND r.customer_id IS NOT NULL AND i.customer IS NOT NULL`,
  );
  const identities: Array<StoredIdentity & { customerId: string }> = [];
  const names: Array<{ id: string; name: string }> = [];
  for (const f of found) {
    for (const kind of ['phone', 'email'] as const) {
      const raw = f.customer[kind];
      if (typeof raw !== 'string' || !raw.trim()) continue;
      try {
        identities.push({ ...toStoredIdentity(secret, tenantId, kind, raw), customerId: f.customer_id });
      } catch {
        // not a phone / email: nothing to add
      }
    }
    if (typeof f.customer.name === 'string' && f.customer.name.trim())
      names.push({ id: f.customer_id, name: f.customer.name.trim().slice(0, 100) });
  }
  if (identities.length) {
    await tx.execute(
      sql`INSERT INTO customer_identities (tenant_id, kind, value, display, customer_id)
          SELECT ${tenantId}::uuid, x.kind, x.value, x.display, x."customerId" FROM jsonb_to_recordset(${JSON.stringify(identities)}::jsonb)
            AS x(kind text, value text, display text, "customerId" uuid)
          ORDER BY x.kind, x.value
          ON CONFLICT (tenant_id, kind, value) DO NOTHING`,
    );
  }
  if (names.length) {
    await tx.execute(
      sql`UPDATE customers c SET display_name = x.name FROM (SELECT DISTINCT ON (id) id, name FROM jsonb_to_recordset(${JSON.stringify(names)}::jsonb) AS x(id uuid, name text)) x
          WHERE c.tenant_id = ${tenantId} AND c.id = x.id AND c.display_name IS NULL`,
    );
  }
}
