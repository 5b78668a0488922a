-- Near-duplicate clusters of open texts ("the same complaint 200 times is one cluster with a count"), decision 84.
-- A cluster holds only its identity: the representative text (the first member) and its LSH band keys
-- (text-engine/near-duplicates.ts). Size, first/last seen, units and dominant sentiment/topic are counted from
-- text_analyses in the reader's scope and period, so reanalysis, corrections and deletions never leave a stale count.
CREATE TABLE text_clusters (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  representative text NOT NULL,
  -- MinHash band keys of the representative ("b3:…"): a new text sharing any key is compared with it.
  bands text[] NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);

-- LSH lookup: one row per (band key, cluster). A B-tree probe per key of the new texts (`band = ANY(…)`) stays fast
-- as the tenant grows; an overlap test on the array column (even with a GIN index, which the planner skipped for
-- 5,000-key batches) compared every key with every row (seconds per batch, bench text).
CREATE TABLE text_cluster_bands (
  tenant_id uuid NOT NULL,
  band text NOT NULL,
  cluster_id uuid NOT NULL,
  PRIMARY KEY (tenant_id, band, cluster_id),
  FOREIGN KEY (tenant_id, cluster_id) REFERENCES text_clusters (tenant_id, id) ON DELETE CASCADE
);

-- The cluster an analysis belongs to; NULL for texts too short to cluster ("好", "ok") and rows not yet assigned.
-- `clustered` is false only for rows written before this migration (ADD COLUMN … DEFAULT false rewrites nothing;
-- the default then becomes true because the write path assigns in the same transaction); the scheduled backfill
-- (commands/assign-clusters.ts) works through them via the partial index.
ALTER TABLE text_analyses ADD COLUMN cluster_id uuid;
ALTER TABLE text_analyses ADD COLUMN clustered boolean NOT NULL DEFAULT false;
ALTER TABLE text_analyses ALTER COLUMN clustered SET DEFAULT true;
CREATE INDEX text_analyses_unclustered_idx ON text_analyses (tenant_id, occurred_at) WHERE NOT clustered;
CREATE INDEX text_analyses_cluster_idx ON text_analyses (tenant_id, cluster_id, occurred_at) WHERE cluster_id IS NOT NULL;
