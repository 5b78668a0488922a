import { type Executor, sql } from '../../../platform/db.ts';

/** Removes the analyses (and topic hits) of deleted sources, in the caller's transaction. Corrections are kept. */
export async function forgetAnalyses(
  tx: Executor,
  tenantId: string,
  kind: 'response' | 'feedback',
  sourceIds: string[],
) {
  if (sourceIds.length === 0) return;
  const ids = sql.join(
    sourceIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  await tx.execute(
    sql`DELETE FROM text_topic_hits WHERE tenant_id = ${tenantId} AND analysis_id IN (
          SELECT id FROM text_analyses WHERE tenant_id = ${tenantId} AND source_kind = ${kind} AND source_id IN (${ids}))`,
  );
  await tx.execute(
    sql`DELETE FROM text_analyses WHERE tenant_id = ${tenantId} AND source_kind = ${kind} AND source_id IN (${ids})`,
  );
}
