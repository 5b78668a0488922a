import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { one, sql } from '../../platform/db.ts';
import type { InvalidParam } from '../../platform/errors.ts';
import { toStoredIdentity } from '../customers/identity.ts';

const str = (max: number) => z.string().max(max);

/** Who the visitor is, as the SDK's `identify()` gave it (every public SDK body carries the same shape). */
export const ZSdkCustomer = z
  .object({
    externalId: z.string().trim().min(1).max(200).optional(),
    phone: str(40).optional(),
    email: str(254).optional(),
    name: str(200).optional(),
  })
  .strict();
export type TSdkCustomer = z.infer<typeof ZSdkCustomer>;

/** The visitor's browser id (the SDK's `anonymousId`). */
export const ZAnonymousId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[\w-]+$/, 'letters, digits, _ and - only');

/** 422 entries for a phone or email that is not one (named `customer.phone` / `customer.email`). */
export function customerErrors(ctx: AppContext, tenantId: string, c: TSdkCustomer | undefined): InvalidParam[] {
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
 * Which customer an SDK request names (the identity rules of the SDK's events): the member id when given; without
 * one, a phone or email the tenant already knows names the customer — by their member id when they have one (the
 * timeline and every customer view follow member ids), else by the profile id. Nothing when nobody is known.
 */
export async function sdkCustomerRef(
  ctx: AppContext,
  tenantId: string,
  c: TSdkCustomer | undefined,
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
