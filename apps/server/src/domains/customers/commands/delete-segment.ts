import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { sql, type Tx } from '../../../platform/db.ts';
import { loadSegment } from '../queries/segments.ts';

/** Deletes a segment and its score rollups; the customers are untouched. */
export async function deleteSegment(tx: Tx, actor: Actor, id: string): Promise<void> {
  const s = await loadSegment(tx, actor, id);
  await tx.execute(sql`DELETE FROM customer_segments WHERE tenant_id = ${actor.tenantId} AND id = ${s.id}`);
  await tx.execute(
    sql`DELETE FROM customer_score_rollups WHERE tenant_id = ${actor.tenantId} AND group_key = ${`segment:${s.id}`}`,
  );
  await tx.execute(
    sql`DELETE FROM customer_score_rollups_monthly WHERE tenant_id = ${actor.tenantId} AND group_key = ${`segment:${s.id}`}`,
  );
  await audit(tx, actor, 'segment.delete', 'segment', s.id, { name: s.name });
}
