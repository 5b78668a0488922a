import type { TSegmentSave } from '@loopcx/shared';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { sql, type Tx } from '../../../platform/db.ts';

/** Stores a new segment under id `id` (the caller computes its members after commit). */
export async function createSegment(tx: Tx, actor: Actor, id: string, b: TSegmentSave): Promise<void> {
  await tx.execute(
    sql`INSERT INTO customer_segments (tenant_id, id, name, description, definition, created_by)
      VALUES (${actor.tenantId}, ${id}, ${b.name}, ${b.description ?? null}, ${JSON.stringify(b.definition)}::jsonb, ${actor.kind === 'user' ? actor.id : null})`,
  );
  await audit(tx, actor, 'segment.create', 'segment', id, b);
}
