import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { sql, type Tx } from '../../../platform/db.ts';
import { loadTagRule } from '../queries/tag-rules.ts';

/** Deletes a tag rule and the tags it set; manual tags with the same label stay. */
export async function deleteTagRule(tx: Tx, actor: Actor, id: string): Promise<void> {
  const old = await loadTagRule(tx, actor.tenantId, id);
  await tx.execute(
    sql`DELETE FROM customer_tags WHERE tenant_id = ${actor.tenantId} AND source = 'rule' AND tag = ${old.tag}`,
  );
  await tx.execute(sql`DELETE FROM customer_tag_rules WHERE tenant_id = ${actor.tenantId} AND id = ${old.id}`);
  await audit(tx, actor, 'tag-rule.delete', 'tag-rule', old.id, { tag: old.tag });
}
