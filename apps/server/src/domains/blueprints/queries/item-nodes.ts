import type { Executor } from '../../../platform/db.ts';
import { one, sql } from '../../../platform/db.ts';
import { invalid, notFound } from '../../../platform/errors.ts';

/**
 * 404 unless the blueprint is the tenant's; 422 when an item names a node that its current version lacks, or names
 * a node while the checklist has no blueprint. A blueprint id alone is not a tenant boundary: we read it through
 * the tenant.
 */
export async function assertItemNodes(
  ex: Executor,
  tenantId: string,
  blueprintId: string | null,
  items: Array<{ nodeId?: string | null }>,
): Promise<void> {
  const named = items.map((i) => i.nodeId).filter((n): n is string => !!n);
  if (!blueprintId) {
    if (named.length) throw invalid('blueprintId', 'items name process nodes: give the blueprint they belong to');
    return;
  }
  const b = await one<{ ids: string[] }>(
    ex,
    sql`SELECT ARRAY(SELECT n->>'id' FROM jsonb_array_elements(v.nodes) n) AS ids
        FROM blueprints b JOIN blueprint_versions v ON v.tenant_id = b.tenant_id AND v.blueprint_id = b.id AND v.version = b.version
        WHERE b.tenant_id = ${tenantId} AND b.id = ${blueprintId}`,
  );
  if (!b) throw notFound('Blueprint');
  const missing = named.find((n) => !b.ids.includes(n));
  if (missing) throw invalid('items', `node "${missing}" is not in the blueprint's current version`);
}
