import type { TTagRule } from '@loopcx/shared';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { sql, type Tx } from '../../../platform/db.ts';
import { loadTagRule } from '../queries/tag-rules.ts';

/** Replaces a tag rule (404 for another tenant's); the caller re-evaluates it after commit. */
export async function updateTagRule(tx: Tx, actor: Actor, id: string, b: TTagRule): Promise<void> {
  const old = await loadTagRule(tx, actor.tenantId, id);
  // The old tag's rule-sourced labels go; the rule re-tags under its (possibly new) tag below.
  if (old.tag !== b.tag || !b.enabled)
    await tx.execute(
      sql`DELETE FROM customer_tags WHERE tenant_id = ${actor.tenantId} AND source = 'rule' AND tag = ${old.tag}`,
    );
  await tx.execute(
    sql`UPDATE customer_tag_rules SET tag = ${b.tag}, name = ${b.name ?? null}, measure = ${JSON.stringify(b.measure)}::jsonb, op = ${b.op}, value = ${b.value},
        enabled = ${b.enabled}, updated_at = now() WHERE tenant_id = ${actor.tenantId} AND id = ${id}`,
  );
  await audit(tx, actor, 'tag-rule.update', 'tag-rule', id, b);
}
