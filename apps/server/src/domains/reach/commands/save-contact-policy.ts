import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, sql } from '../../../platform/db.ts';
import type { TPolicyInput } from '../schema.ts';

/** Replaces the tenant-wide contact policy (fields left out are cleared: the body is the whole policy). */
export async function saveContactPolicy(tx: Executor, actor: Actor, p: TPolicyInput): Promise<void> {
  await tx.execute(
    sql`INSERT INTO contact_policies (tenant_id, max_count, max_days, min_days_between, suppress_while_ticket_open, updated_by, updated_at)
        VALUES (${actor.tenantId}, ${p.maxInvitations?.count ?? null}, ${p.maxInvitations?.days ?? null}, ${p.minDaysBetween ?? null},
                ${p.suppressWhileTicketOpen ?? false}, ${actor.id}, now())
        ON CONFLICT (tenant_id) DO UPDATE SET max_count = excluded.max_count, max_days = excluded.max_days,
          min_days_between = excluded.min_days_between, suppress_while_ticket_open = excluded.suppress_while_ticket_open,
          updated_by = excluded.updated_by, updated_at = now()`,
  );
  await audit(tx, actor, 'contact_policy.update', 'contact_policy', actor.tenantId, p);
}
