// Scheduled-export crash proof (issue 18): a real server process (`node bin/loopcx.mjs start`) exports responses to a
// folder under LOOPCX_EXPORT_DIR and is killed with SIGKILL while a run is writing its file (a `.partial` file is
// present), `--kills N` times, with more responses committed between kills. After each restart the same run is
// redone. At the end: the union of the exported files equals the responses table exactly (no row missing, none
// twice), and every file matches its manifest (row count, sha256).
//
//   node --import tsx scripts/export-crash-test.ts [--kills 5] [--rows 40000] [--format ndjson|parquet] [--db pglite|pg]
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parquetReadObjects } from 'hyparquet';
import pg from 'pg';
import { sha256File } from '../apps/server/src/domains/export-schedules/destinations.ts';
import { createTenant } from '../apps/server/src/domains/tenancy/create-tenant.ts';
import { bootContext, closeContext } from '../apps/server/src/platform/boot.ts';
import { loadConfig } from '../apps/server/src/platform/config.ts';
import { rows, sql } from '../apps/server/src/platform/db.ts';
import { randomToken, sha256 } from '../apps/server/src/platform/passwords.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    kills: { type: 'string', default: '5' },
    rows: { type: 'string', default: '40000' },
    format: { type: 'string', default: 'ndjson' },
    db: { type: 'string', default: 'pglite' },
  },
});
const kills = Number(values.kills);
const initialRows = Number(values.rows);
const format = values.format as 'ndjson' | 'parquet';
const dbKind = values.db;
if (!['ndjson', 'parquet'].includes(format)) throw new Error('--format must be ndjson or parquet');
if (dbKind !== 'pglite' && dbKind !== 'pg') throw new Error('--db must be pglite or pg');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (m: string) => console.log(`[export-crash ${dbKind} ${format}] ${m}`);
const freePort = () =>
  new Promise<number>((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });

const dataDir = mkdtempSync(join(tmpdir(), 'loopcx-export-crash-'));
const exportDir = mkdtempSync(join(tmpdir(), 'loopcx-export-crash-out-'));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
let scratchDb: string | undefined;
let adminUrl: string | undefined;
let databaseUrl: string | undefined;
if (dbKind === 'pg') {
  adminUrl =
    process.env.LOOPCX_CRASH_PG_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  scratchDb = `loopcx_export_crash_${randomBytes(4).toString('hex')}`;
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  await c.query(`CREATE DATABASE ${scratchDb}`);
  await c.end();
  const u = new URL(adminUrl);
  u.pathname = `/${scratchDb}`;
  databaseUrl = u.toString();
}
const env = {
  LOOPCX_DATA_DIR: dataDir,
  LOOPCX_EXPORT_DIR: exportDir,
  // A dead node's lease blocks the retry this long (60 s by default); short here so each kill costs seconds.
  LOOPCX_EXPORT_LEASE_SECONDS: '3',
  LOOPCX_PUBLIC_URL: base,
  DATABASE_URL: databaseUrl ?? '',
};
const serverEnv: NodeJS.ProcessEnv = {
  ...process.env,
  ...env,
  PORT: String(port),
  HOST: '127.0.0.1',
  LOOPCX_SEED_DEMO: 'false',
  LOG_LEVEL: 'warn',
};
Object.assign(process.env, env);

async function withDb<T>(fn: (ctx: Awaited<ReturnType<typeof bootContext>>) => Promise<T>): Promise<T> {
  const ctx = await bootContext(loadConfig());
  try {
    return await fn(ctx);
  } finally {
    await closeContext(ctx);
  }
}

let server: ChildProcess | undefined;
process.on('exit', () => server?.kill('SIGKILL'));
let output = '';
async function startServer() {
  output = '';
  const child = spawn(process.execPath, [join(root, 'bin/loopcx.mjs'), 'start', '--dev', '--no-demo'], {
    cwd: root,
    env: serverEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (b: Buffer) => {
    output = (output + b.toString()).slice(-4000);
  });
  child.stderr?.on('data', (b: Buffer) => {
    output = (output + b.toString()).slice(-4000);
  });
  server = child;
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`${base}/readyz`)).ok) return;
    } catch {}
    await sleep(100);
  }
  throw new Error(`the server did not become ready:\n${output}`);
}
async function kill(signal: NodeJS.Signals) {
  const child = server;
  if (!child) return;
  server = undefined;
  child.kill(signal);
  if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once('exit', r));
}

const seeded = await withDb(async (ctx) => {
  const t = await ctx.db.transaction((tx) =>
    createTenant(tx, {
      slug: 'export-crash',
      name: 'Export crash test',
      root: { code: 'HQ', name: 'HQ' },
      owner: { email: 'owner@crash.test', name: 'Owner', password: randomBytes(16).toString('hex') },
    }),
  );
  const token = randomToken();
  await ctx.db.execute(
    sql`INSERT INTO sessions (id, tenant_id, user_id, expires_at) VALUES (${sha256(token)}, ${t.tenantId}, ${t.ownerId}, now() + interval '1 day')`,
  );
  return { tenantId: t.tenantId, cookie: `lcx_session=${token}` };
});

async function api(method: string, path: string, body?: unknown) {
  const r = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: {
      cookie: seeded.cookie,
      origin: base,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${path} → ${r.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

await startServer();
const definition = {
  elements: [
    { type: 'rating', name: 'nps', rateMin: 0, rateMax: 10, isRequired: true },
    { type: 'comment', name: 'why' },
  ],
};
const surveyId: string = (await api('POST', '/surveys', { name: 'crash', definition, bindings: { nps: 'nps' } })).id;
await api('POST', `/surveys/${surveyId}/publish`);
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
  await kill('SIGKILL');
  if (writing && stillWriting) killedMidRun++;
  log(`kill ${k + 1}/${kills}: ${writing && stillWriting ? 'mid-run' : 'between runs'}`);
  await startServer();
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
await kill('SIGTERM');

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
log(
  `${kills} kills (${killedMidRun} mid-run), ${history.length} runs (${history.filter((r) => r.attempts > 1).length} redone), ` +
    `${fileCount} files; table ${table.length} rows, exported ${exported.length}: missing ${missing.length}, ` +
    `extra ${extra.length}, duplicates ${duplicates}; manifests ok ${manifestsOk}/${fileCount}; stray partial files ${stray.length}`,
);
rmSync(dataDir, { recursive: true, force: true });
rmSync(exportDir, { recursive: true, force: true });
if (scratchDb && adminUrl) {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${scratchDb} WITH (FORCE)`);
  await c.end();
}
const ok =
  missing.length === 0 && extra.length === 0 && duplicates === 0 && manifestsOk === fileCount && stray.length === 0;
console.log(ok ? 'export crash proof: 1 passed, 0 failed' : 'export crash proof: 0 passed, 1 failed');
process.exit(ok ? 0 : 1);
