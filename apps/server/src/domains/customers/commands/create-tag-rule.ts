import type { TTagRule } from '@loopcx/shared';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { sql, type Tx } from '../../../platform/db.ts';

/** Stores a new tag rule under id `id` (the caller evaluates it after commit). */
export async function createTagRule(tx: Tx, actor: Actor, id: string, b: TTagRule): Promise<void> {
  await tx.execute(
    sql`INSERT INTO customer_tag_rules (tenant_id, id, tag, name, measure, op, value, enabled)
      VALUES (${actor.tenantId}, ${id}, ${b.tag}, ${b.name ?? null}, ${JSON.stringify(b.measure)}::jsonb, ${b.op}, ${b.value}, ${b.enabled})`,
  );
  await audit(tx, actor, 'tag-rule.create', 'tag-rule', id, b);
}
