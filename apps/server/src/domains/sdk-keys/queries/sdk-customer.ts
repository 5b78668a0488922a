import type { AppContext } from '../../../platform/context.ts';
import { one, sql } from '../../../platform/db.ts';
import type { InvalidParam } from '../../../platform/errors.ts';
import { toStoredIdentity } from '../../customers/identity.ts';

/** The `customer` an SDK body may carry (after `identify`). */
export interface SdkCustomer {
  externalId?: string;
  phone?: string;
  email?: string;
  name?: string;
}

/** A phone or email that does not normalise, named as the SDK contract names it (`customer.phone`). */
export function customerErrors(ctx: AppContext, tenantId: string, c: SdkCustomer | undefined): InvalidParam[] {
  const errors: InvalidParam[] = [];
  for (const kind of ['phone', 'email'] as const) {
    const v = c?.[kind];
    if (v === undefined) continue;
    try {
      toStoredIdentity(ctx.config.secret, tenantId, kind, v, `customer.${kind}`);
    } catch {
      errors.push({ name: `customer.${kind}`, reason: kind === 'phone' ? 'a phone number' : 'an email address' });
    }
  }
  return errors;
}

/**
 * Who an SDK request is about, resolved as the public event ingest resolves it: the member id when given; else a
 * phone or email the tenant already knows names the customer — by their member id when they have one (every
 * customer view follows member ids), else by the profile id. Unknown contacts name nobody (no profile is created
 * from a public key).
 */
export async function resolveSdkCustomer(
  ctx: AppContext,
  tenantId: string,
  c: SdkCustomer | undefined,
): Promise<{ memberRef?: string; customerId?: string }> {
  if (c?.externalId) return { memberRef: c.externalId };
  if (!c?.phone && !c?.email) return {};
  const kind = c.phone ? 'phone' : 'email';
  const stored = toStoredIdentity(ctx.config.secret, tenantId, kind, (c.phone ?? c.email)!);
  const owner = await one<{ customer_id: string; member: string | null }>(
    ctx.db,
    sql`SELECT i.customer_id,
          (SELECT m.value FROM customer_identities m
            WHERE m.tenant_id = i.tenant_id AND m.customer_id = i.customer_id AND m.kind = 'member'
            ORDER BY m.created_at, m.value LIMIT 1) AS member
        FROM customer_identities i WHERE i.tenant_id = ${tenantId} AND i.kind = ${kind} AND i.value = ${stored.value}`,
  );
  if (owner?.member) return { memberRef: owner.member };
  if (owner) return { customerId: owner.customer_id };
  return {};
}
