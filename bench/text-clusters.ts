// Child process of bench/scenarios/text.ts: the cost of near-duplicate cluster assignment (decision 84) in the
// analysis write path, on a fresh PGlite. Writes N held-out Chinese comments plus near-duplicate repeats of some of
// them (punctuation and one-character edits) through writeAnalyses in batches of 500 (what `text.analyze` does),
// then clears the clusters and assigns them again with the backfill (the clustering work alone). Prints one JSON line.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTenant } from '../apps/server/src/domains/tenancy/create-tenant.ts';
import { analyzerFor } from '../apps/server/src/domains/text/analyzer-cache.ts';
import { backfillTextClusters, clusterTexts } from '../apps/server/src/domains/text/commands/assign-clusters.ts';
import { installPack } from '../apps/server/src/domains/text/commands/install-pack.ts';
import { type TextSource, writeAnalyses } from '../apps/server/src/domains/text/commands/write-analyses.ts';
import { bootContext, closeContext } from '../apps/server/src/platform/boot.ts';
import { loadConfig } from '../apps/server/src/platform/config.ts';
import { one, sql } from '../apps/server/src/platform/db.ts';
import { signatureOf } from '../apps/server/src/text-engine/near-duplicates.ts';
import { HYPER } from '../apps/server/src/text-engine/train/build-model.ts';
import { loadCorpus, split } from '../apps/server/src/text-engine/train/corpus.ts';

const N = Number(process.argv[2] ?? 10_000);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { examples } = loadCorpus(join(root, '..', 'shared', 'data', 'text'));
const zh = split(examples, HYPER.seed, HYPER.testShare, HYPER.validationShare)
  .test.filter((e) => e.lang === 'zh' && e.text.length >= 8 && e.text.length <= 130)
  .map((e) => e.text);
// One comment in five repeats an earlier one with a small edit, so clusters grow as in a real stream.
const texts: string[] = [];
for (let i = 0; i < N; i++) {
  if (i % 5 === 4) {
    const base = texts[((i * 2654435761) >>> 0) % texts.length];
    texts.push(i % 2 ? `${base}！！` : base.replace(/[，。]/, ' '));
  } else texts.push(zh[i % zh.length]);
}
const sigStarted = performance.now();
for (const t of texts) signatureOf(t);
const signatureUs = ((performance.now() - sigStarted) * 1000) / N;

const dataDir = mkdtempSync(join(tmpdir(), 'loopcx-text-clusters-'));
const ctx = await bootContext(loadConfig({ dataDir, logLevel: 'silent', databaseUrl: undefined, secret: 'bench' }));
const tenant = await ctx.db.transaction((tx) =>
  createTenant(tx, {
    slug: 'clusters',
    name: 'Clusters',
    root: { code: 'HQ', name: 'HQ' },
    owner: { email: 'o@clusters.x', name: 'o', password: 'bench-password-1' },
  }),
);
const actor = {
  tenantId: tenant.tenantId,
  kind: 'user' as const,
  id: tenant.ownerId,
  role: 'owner' as const,
  orgUnitId: tenant.rootId,
  orgPath: '',
};
await ctx.db.transaction((tx) => installPack(tx, ctx.clock, actor, 'restaurant', 'replace'));
const analyzer = await analyzerFor(ctx.db, tenant.tenantId);
const now = Date.now();
const sources: TextSource[] = texts.map((text, i) => ({
  sourceKind: 'feedback',
  sourceId: randomUUID(),
  question: null,
  surveyId: null,
  orgUnitId: tenant.rootId,
  touchpointId: null,
  customerRef: null,
  occurredAt: new Date(now - (N - i) * 60_000).toISOString(),
  text,
}));
const writeStarted = performance.now();
for (let i = 0; i < N; i += 500)
  await ctx.db.transaction((tx) => writeAnalyses(tx, ctx.clock, tenant.tenantId, analyzer, sources.slice(i, i + 500)));
const writeMs = performance.now() - writeStarted;
const count = async () =>
  (await one<{ clusters: number; repeated: number; members: number; largest: number }>(
    ctx.db,
    sql`SELECT count(*)::int AS clusters, count(*) FILTER (WHERE n > 1)::int AS repeated, sum(n)::int AS members, max(n)::int AS largest
        FROM (SELECT count(*) AS n FROM text_analyses WHERE tenant_id = ${tenant.tenantId} AND cluster_id IS NOT NULL GROUP BY cluster_id) x`,
  ))!;
const first = await count();
// The clustering work of the write path alone: the same texts, batches of 500, into an empty cluster table.
await ctx.db.execute(sql`DELETE FROM text_clusters WHERE tenant_id = ${tenant.tenantId}`);
const clusterStarted = performance.now();
for (let i = 0; i < N; i += 500)
  await ctx.db.transaction((tx) =>
    clusterTexts(tx, tenant.tenantId, sources.slice(i, i + 500), new Date().toISOString()),
  );
const clusterMs = performance.now() - clusterStarted;
// Backfill of history: clear everything and assign the stored rows again (assignment + UPDATE of each row).
await ctx.db.execute(
  sql`UPDATE text_analyses SET cluster_id = NULL, clustered = false WHERE tenant_id = ${tenant.tenantId}`,
);
await ctx.db.execute(sql`DELETE FROM text_clusters WHERE tenant_id = ${tenant.tenantId}`);
const assignStarted = performance.now();
for (;;) {
  const n = await ctx.db.transaction((tx) => backfillTextClusters(tx, tenant.tenantId, new Date().toISOString(), 500));
  if (n === 0) break;
}
const assignMs = performance.now() - assignStarted;
const again = await count();
await closeContext(ctx);
rmSync(dataDir, { recursive: true, force: true });
console.log(
  JSON.stringify({
    n: N,
    signatureUs: Math.round(signatureUs * 10) / 10,
    writeMsPerComment: Math.round((writeMs / N) * 1000) / 1000,
    clusterMsPerComment: Math.round((clusterMs / N) * 1000) / 1000,
    backfillMsPerComment: Math.round((assignMs / N) * 1000) / 1000,
    clusters: first.clusters,
    repeated: first.repeated,
    members: first.members,
    largest: first.largest,
    sameAfterBackfill: first.clusters === again.clusters && first.repeated === again.repeated,
  }),
);
process.exit(0);
