import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../../platform/context.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import { assignClusters, type ClusterCandidate, shingles, signatureOf } from '../../../text-engine/near-duplicates.ts';

/** Candidate clusters loaded per batch at most (the most band keys shared first). */
const MAX_CANDIDATES = 5000;

/**
 * Puts each written analysis into its near-duplicate cluster, in the caller's transaction: an existing cluster of
 * the tenant sharing an LSH band key with the text and verified by exact Jaccard (text-engine/near-duplicates.ts),
 * else a new cluster the text represents. Texts too short to cluster get none.
 *
 * Multi-node: two nodes analysing the same complaint at once must not open two clusters for it, and LSH lookup
 * cannot be made unique by a constraint (near-duplicates have different keys). So assignment takes a per-tenant
 * transaction-scoped advisory lock: the second writer waits until the first commits, then finds its cluster. The
 * lock is held only from here to commit, the end of the analysis write. Returns each text's cluster (null: too short
 * to cluster); the caller stores it with the analysis (the write path in its INSERT, so no row is written twice).
 */
export async function clusterTexts(
  tx: Executor,
  tenantId: string,
  items: ReadonlyArray<{ text: string }>,
  now: string,
): Promise<Array<string | null>> {
  if (items.length === 0) return [];
  const sigs = items.map((it) => signatureOf(it.text));
  // Band keys are "b<digit>:<base36>", safe inside an array literal.
  const keys = [...new Set(sigs.flatMap((s) => s.bands))];
  let candidates: ClusterCandidate[] = [];
  if (keys.length) {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`text-clusters:${tenantId}`}))`);
    const found = await rows<{ id: string; representative: string; bands: string[] }>(
      tx,
      sql`SELECT c.id, c.representative, c.bands FROM text_clusters c
          WHERE c.tenant_id = ${tenantId} AND c.id IN (
            SELECT b.cluster_id FROM text_cluster_bands b WHERE b.tenant_id = ${tenantId} AND b.band = ANY(${`{${keys.join(',')}}`}::text[]))
          ORDER BY c.created_at, c.id LIMIT ${MAX_CANDIDATES}`,
    );
    candidates = found.map((c) => ({ id: c.id, bands: c.bands, shingles: shingles(c.representative) }));
  }
  const { assigned, created } = assignClusters(sigs, candidates, randomUUID);
  if (created.length) {
    const payload = created.map((c) => ({
      id: c.id,
      representative: items[c.index].text.slice(0, 2000),
      bands: sigs[c.index].bands,
    }));
    await tx.execute(
      sql`INSERT INTO text_clusters (tenant_id, id, representative, bands, created_at)
          SELECT ${tenantId}::uuid, x.id, x.representative, ARRAY(SELECT jsonb_array_elements_text(x.bands)), ${now}::timestamptz
          FROM jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) AS x(id uuid, representative text, bands jsonb)`,
    );
    await tx.execute(
      sql`INSERT INTO text_cluster_bands (tenant_id, band, cluster_id)
          SELECT ${tenantId}::uuid, k, x.id FROM jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) AS x(id uuid, bands jsonb)
          CROSS JOIN LATERAL jsonb_array_elements_text(x.bands) k
          ON CONFLICT DO NOTHING`,
    );
  }
  return assigned;
}

/** Clusters analyses already stored (the backfill): assigns, then sets `cluster_id` and `clustered`. */
export async function assignTextClusters(
  tx: Executor,
  tenantId: string,
  items: Array<{ id: string; text: string }>,
  now: string,
): Promise<void> {
  if (items.length === 0) return;
  const assigned = await clusterTexts(tx, tenantId, items, now);
  const updates = items.map((it, i) => ({ id: it.id, cluster: assigned[i] }));
  await tx.execute(
    sql`UPDATE text_analyses a SET cluster_id = x.cluster, clustered = true
        FROM jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) AS x(id uuid, cluster uuid)
        WHERE a.tenant_id = ${tenantId} AND a.id = x.id AND (a.cluster_id IS DISTINCT FROM x.cluster OR NOT a.clustered)`,
  );
}

/**
 * Backfill: assigns clusters to analyses written before migration 0097 (`NOT clustered`), oldest first so the first
 * of a repeated complaint represents it, `limit` per call. Returns how many rows it assigned.
 */
export async function backfillTextClusters(tx: Executor, tenantId: string, now: string, limit = 2000) {
  const list = await rows<{ id: string; text: string }>(
    tx,
    sql`SELECT id, text FROM text_analyses WHERE tenant_id = ${tenantId} AND NOT clustered
        ORDER BY occurred_at, id LIMIT ${limit} FOR UPDATE`,
  );
  await assignTextClusters(tx, tenantId, list, now);
  return list.length;
}

/**
 * Scheduled task `text.cluster-backfill`: works through unclustered history (rows older than migration 0097), a
 * batch per transaction, for up to ~20 s per run; nothing to do once every row is clustered (a partial-index probe).
 */
export async function runClusterBackfill(ctx: AppContext) {
  const started = Date.now();
  const tenants = await rows<{ tenant_id: string }>(
    ctx.db,
    sql`SELECT DISTINCT tenant_id FROM text_analyses WHERE NOT clustered LIMIT 100`,
  );
  for (const t of tenants) {
    for (;;) {
      const n = await ctx.db.transaction((tx) => backfillTextClusters(tx, t.tenant_id, ctx.clock.now().toISOString()));
      if (n === 0 || Date.now() - started > 20_000) break;
    }
    if (Date.now() - started > 20_000) break;
  }
}
