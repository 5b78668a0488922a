import type { TTierScheme } from '@loopcx/shared';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { sql, type Tx } from '../../../platform/db.ts';

/** Sets the tenant's value-tier scheme (one per tenant); the caller re-tiers customers after commit. */
export async function saveTierScheme(tx: Tx, actor: Actor, scheme: TTierScheme): Promise<void> {
  await tx.execute(
    sql`INSERT INTO customer_tier_schemes (tenant_id, measure, tiers, updated_at) VALUES (${actor.tenantId}, ${JSON.stringify(scheme.measure)}::jsonb, ${JSON.stringify(scheme.tiers)}::jsonb, now())
      ON CONFLICT (tenant_id) DO UPDATE SET measure = excluded.measure, tiers = excluded.tiers, updated_at = now()`,
  );
  await audit(tx, actor, 'tiers.update', 'tier-scheme', null, scheme);
}
