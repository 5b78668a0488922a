// Scheduled-export crash proof (issue 18): a real server process (`node bin/loopcx.mjs start`) exports responses to a
// folder under LOOPCX_EXPORT_DIR and is killed with SIGKILL while a run is writing its file (a `.partial` file is
// present), `--kills N` times, with more responses committed between kills. After each restart the same run is
// redone. At the end: the union of the exported files equals the responses table exactly (no row missing, none
// twice), and every file matches its manifest (row count, sha256).
//
//   node --import tsx scripts/export-crash-test.ts [--kills 5] [--rows 40000] [--format ndjson|parquet] [--db pglite|pg]
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { sha256File } from '../apps/server/src/domains/export-schedules/destinations.ts';
import { rows, sql } from '../apps/server/src/platform/db.ts';
import { ownerApi, proofArgs, proofEnvironment, publishNpsSurvey, seedTenant, sleep, withDb } from './crash-support.ts';

const { kills, dbKind, values } = proofArgs(5, { rows: '40000', format: 'ndjson' });
const initialRows = Number(values.rows);
const format = values.format as 'ndjson' | 'parquet';
if (!['ndjson', 'parquet'].includes(format)) throw new Error('--format must be ndjson or parquet');

const log = (m: string) => console.log(`[export-crash ${dbKind} ${format}] ${m}`);
const started = Date.now();

const exportDir = mkdtempSync(join(tmpdir(), 'loopcx-export-crash-out-'));
const { base, server, cleanUp } = await proofEnvironment(dbKind, 'export-crash', {
  LOOPCX_EXPORT_DIR: exportDir,
  // A dead node's lease blocks the retry this long (60 s by default); short here so each kill costs seconds.
  LOOPCX_EXPORT_LEASE_SECONDS: '3',
});

const seeded = await seedTenant('export-crash', 'Export crash test');
const api = ownerApi(base, seeded.cookie);

await server.start();
const surveyId = await publishNpsSurvey(api);
const apiKey: string = (await api('POST', '/api-keys', { name: 'crash' })).key;
async function load(n: number) {
  for (let done = 0; done < n; done += 1000) {
    const r = await fetch(`${base}/api/v1/responses/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({
        responses: Array.from({ length: Math.min(1000, n - done) }, (_, i) => ({
          surveyId,
          orgUnitCode: 'HQ',
          answers: { nps: (done + i) % 11, why: `第 ${done + i} 条：汤是凉的, "排队" 太久` },
          // Some arrive late: their business time is weeks back, but they commit now.
          submittedAt: new Date(Date.now() - ((done + i) % 7 === 0 ? 30 * 86400_000 : 0)).toISOString(),
          idempotencyKey: randomUUID(),
        })),
      }),
    });
    if (r.status !== 200) throw new Error(`batch answered ${r.status}: ${(await r.text()).slice(0, 300)}`);
  }
}
await load(initialRows);
const schedule = await api('POST', '/export-schedules', {
  dataset: 'responses',
  format,
  every: 'day',
  destination: { kind: 'directory', path: 'feed' },
});
const folder = join(exportDir, 'feed');
log(`${initialRows} responses loaded; schedule ${schedule.id}`);

const runs = async () =>
  (await api('GET', `/export-schedules/${schedule.id}/runs`)).items as Array<Record<string, any>>;
let killedMidRun = 0;
for (let k = 0; k < kills; k++) {
  await api('POST', `/export-schedules/${schedule.id}/run`);
  // Wait for the run to be writing (its hidden .partial file exists), then kill at a random point of the write.
  const deadline = Date.now() + 60_000;
  let writing = false;
  while (Date.now() < deadline) {
    if (existsSync(folder) && readdirSync(folder).some((f) => f.endsWith('.partial'))) {
      writing = true;
      break;
    }
    await sleep(10);
  }
  await sleep(Math.floor(Math.random() * 400));
  const stillWriting = existsSync(folder) && readdirSync(folder).some((f) => f.endsWith('.partial'));
  await server.kill('SIGKILL');
  if (writing && stillWriting) killedMidRun++;
  log(`kill ${k + 1}/${kills}: ${writing && stillWriting ? 'mid-run' : 'between runs'}`);
  await server.start();
  await load(2000 + Math.floor(Math.random() * 3000));
  // Let the dead node's lease run out so "run now" (or the next tick) can redo the run.
  await sleep(3500);
}

// Settle: run until a run succeeds with nothing open, then once more to take the last rows.
for (let i = 0; i < 2; i++) {
  await sleep(3500);
  await api('POST', `/export-schedules/${schedule.id}/run`);
  const deadline = Date.now() + 300_000;
  for (;;) {
    const list = await runs();
    if (list.length && list.every((r) => r.status === 'succeeded')) break;
    if (Date.now() > deadline) throw new Error(`runs did not settle: ${JSON.stringify(list.slice(0, 3))}`);
    await sleep(200);
  }
}
const history = await runs();
await server.kill('SIGTERM');

// ---- the proof ----
const listing = readdirSync(folder);
const stray = listing.filter((f) => f.endsWith('.partial'));
const files = listing.filter((f) => !f.endsWith('.manifest.json') && !f.endsWith('.partial'));
const exported: string[] = [];
let manifestsOk = 0;
for (const f of files) {
  const manifest = JSON.parse(readFileSync(join(folder, `${f}.manifest.json`), 'utf8'));
  const path = join(folder, f);
  let ids: string[];
  if (format === 'ndjson')
    ids = readFileSync(path, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l).id);
  else ids = (await parquetReadObjects({ file: new Uint8Array(readFileSync(path)).buffer })).map((o) => o.id as string);
  if (manifest.rows === ids.length && manifest.sha256 === (await sha256File(path))) manifestsOk++;
  exported.push(...ids);
}
const table = await withDb(async (ctx) =>
  (await rows<{ id: string }>(ctx.db, sql`SELECT id FROM responses WHERE tenant_id = ${seeded.tenantId}`)).map(
    (r) => r.id,
  ),
);
const exportedSet = new Set(exported);
const tableSet = new Set(table);
const missing = table.filter((id) => !exportedSet.has(id));
const extra = [...exportedSet].filter((id) => !tableSet.has(id));
const duplicates = exported.length - exportedSet.size;
const fileCount = files.length;
log(`server starts took ${server.startupMs.map((ms) => (ms / 1000).toFixed(1)).join(', ')} s`);
log(
  `${kills} kills (${killedMidRun} mid-run), ${history.length} runs (${history.filter((r) => r.attempts > 1).length} redone), ` +
    `${fileCount} files; table ${table.length} rows, exported ${exported.length}: missing ${missing.length}, ` +
    `extra ${extra.length}, duplicates ${duplicates}; manifests ok ${manifestsOk}/${fileCount}; stray partial files ${stray.length}`,
);
rmSync(exportDir, { recursive: true, force: true });
await cleanUp();
const ok =
  missing.length === 0 && extra.length === 0 && duplicates === 0 && manifestsOk === fileCount && stray.length === 0;
const secs = Math.round((Date.now() - started) / 1000);
console.log(`export crash proof: ${ok ? '1 passed, 0 failed' : '0 passed, 1 failed'} (${secs} s)`);
process.exit(ok ? 0 : 1);
