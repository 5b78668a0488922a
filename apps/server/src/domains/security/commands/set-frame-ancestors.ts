import { audit } from '../../../platform/audit.ts';
import { type Actor, assertPerson, authorize } from '../../../platform/auth.ts';
import { type Executor, sql } from '../../../platform/db.ts';
import { frameAncestorsOf } from '../queries/security-settings.ts';

/** Replaces the tenant's frame-ancestors list (validated by ZFrameAncestors), with before/after in the audit log. */
export async function setFrameAncestors(tx: Executor, actor: Actor, list: string[]): Promise<void> {
  authorize(actor, 'security.manage');
  assertPerson(actor, 'change security settings');
  const before = await frameAncestorsOf(tx, actor.tenantId);
  await tx.execute(sql`UPDATE tenants SET frame_ancestors = ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(list)}::jsonb))
        WHERE id = ${actor.tenantId}`);
  await audit(tx, actor, 'security.frame_ancestors', 'tenant', actor.tenantId, { before, after: list });
}
