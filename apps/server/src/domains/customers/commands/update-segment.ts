import type { TSegmentSave } from '@loopcx/shared';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { sql, type Tx } from '../../../platform/db.ts';
import { loadSegment } from '../queries/segments.ts';

/** Changes a segment's name, description or definition (404 for another tenant's); members are recomputed after commit. */
export async function updateSegment(tx: Tx, actor: Actor, id: string, b: TSegmentSave): Promise<void> {
  await loadSegment(tx, actor, id);
  await tx.execute(
    sql`UPDATE customer_segments SET name = ${b.name}, description = ${b.description ?? null}, definition = ${JSON.stringify(b.definition)}::jsonb, updated_at = now()
      WHERE tenant_id = ${actor.tenantId} AND id = ${id}`,
  );
  await audit(tx, actor, 'segment.update', 'segment', id, b);
}
