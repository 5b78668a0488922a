// Crash safety proof (issue 16, "Proofs in CI" (c)): a real server process (`node bin/loopcx.mjs start`) takes
// single submissions (survey link token) and batch submissions (API key) concurrently and is killed with SIGKILL at
// random moments, then restarted, `--kills N` times. Clients retry what was in flight when the server died, as a
// real client would. At the end: every acknowledged idempotency key is stored exactly once, the score rollups
// (binding '*') add up to the stored responses, and the detractor alert rule opened exactly one ticket per detractor
// response once the jobs settled.
//
//   node --import tsx scripts/crash-test.ts [--kills 10] [--db pglite|pg]
//
// --db pg creates a scratch database beside LOOPCX_CRASH_PG_URL (default: TEST_DATABASE_URL, else
// postgres://postgres@127.0.0.1:5432/postgres) and drops it afterwards.
import { randomUUID } from 'node:crypto';
import { rows, sql } from '../apps/server/src/platform/db.ts';
import { ownerApi, proofArgs, proofEnvironment, publishNpsSurvey, seedTenant, sleep, withDb } from './crash-support.ts';

const { kills, dbKind } = proofArgs(10);

const rand = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));
const log = (m: string) => console.log(`[crash-test ${dbKind}] ${m}`);

// ---- environment: a temp data dir, a free port, a scratch PostgreSQL database ----
const { base, server, cleanUp } = await proofEnvironment(dbKind, 'crash');

// ---- seeding: a tenant with an owner session (direct), then the survey, link, API key and rule over HTTP ----
const seeded = await seedTenant('crash', 'Crash test');
const api = ownerApi(base, seeded.cookie);

const started = Date.now();
await server.start();
const surveyId = await publishNpsSurvey(api);
// The HQ unit's link: a ticket needs the response's org unit.
const linkToken: string = (await api('GET', `/surveys/${surveyId}/unit-links?kind=hq`)).items[0].token;
const apiKey: string = (await api('POST', '/api-keys', { name: 'crash' })).key;
await api('POST', '/alert-rules', {
  kind: 'response',
  name: 'detractor',
  condition: { expression: '{nps} <= 6' },
  actions: { ticket: { priority: 'high' } },
});

// ---- the load: what was acknowledged, and what was in flight when the server died ----
type Single = { kind: 'single'; key: string; nps: number };
type Batch = { kind: 'batch'; items: Array<{ key: string; nps: number }> };
const acked = new Map<string, number>(); // stored key → nps (public keys as stored: public|<surveyId>|<key>)
let pending: Array<Single | Batch> = [];
let acknowledgedCount = 0;
let onAck: (() => void) | undefined;

function storedKey(s: Single) {
  return `public|${surveyId}|${s.key}`;
}

async function send(req: Single | Batch): Promise<'ok' | 'down'> {
  try {
    if (req.kind === 'single') {
      const r = await fetch(`${base}/api/v1/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: linkToken, answers: { nps: req.nps }, idempotencyKey: req.key }),
      });
      await r.text();
      if (r.status === 200 || r.status === 201) {
        if (!acked.has(storedKey(req))) acknowledgedCount++;
        acked.set(storedKey(req), req.nps);
        onAck?.();
        return 'ok';
      }
      if (r.status === 503 || r.status === 429) return 'down';
      throw new Error(`single submission answered ${r.status}`);
    }
    const r = await fetch(`${base}/api/v1/responses/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({
        responses: req.items.map((i) => ({
          surveyId,
          orgUnitCode: 'HQ',
          answers: { nps: i.nps },
          idempotencyKey: i.key,
        })),
      }),
    });
    const text = await r.text();
    if (r.status === 200) {
      for (const i of req.items) {
        if (!acked.has(i.key)) acknowledgedCount++;
        acked.set(i.key, i.nps);
      }
      onAck?.();
      return 'ok';
    }
    if (r.status === 503 || r.status === 429) return 'down';
    throw new Error(`batch submission answered ${r.status}: ${text.slice(0, 300)}`);
  } catch (err) {
    if (err instanceof Error && /answered/.test(err.message)) throw err;
    return 'down'; // connection refused or reset: the server died under the request
  }
}

let seq = 0;
const nextKey = (p: string) => `${p}-${process.pid}-${++seq}-${randomUUID().slice(0, 8)}`;
function newRequest(kind: 'single' | 'batch'): Single | Batch {
  if (kind === 'single') return { kind, key: nextKey('s'), nps: rand(0, 10) };
  return { kind, items: Array.from({ length: rand(5, 40) }, () => ({ key: nextKey('b'), nps: rand(0, 10) })) };
}

/** One client: retries what it had in flight at the last crash, then sends new requests until the server dies. */
async function client(kind: 'single' | 'batch', retry: Array<Single | Batch>, stop: { down: boolean }) {
  const queue = [...retry];
  while (!stop.down) {
    const req = queue.shift() ?? newRequest(kind);
    const outcome = await send(req);
    if (outcome === 'down') {
      pending.push(req, ...queue);
      return;
    }
  }
}

async function round(killAfterMs: number | undefined) {
  const retry = pending;
  pending = [];
  const stop = { down: false };
  const singles = retry.filter((r) => r.kind === 'single');
  const batches = retry.filter((r) => r.kind === 'batch');
  const clients = [
    ...Array.from({ length: 4 }, (_, i) => client('single', i === 0 ? singles : [], stop)),
    ...Array.from({ length: 2 }, (_, i) => client('batch', i === 0 ? batches : [], stop)),
  ];
  if (killAfterMs !== undefined) {
    // The kill lands at a random moment once the load flows (the first acknowledgement after a restart).
    let flowing = false;
    await Promise.race([
      new Promise<void>((r) => {
        onAck = () => {
          flowing = true;
          r();
        };
      }),
      Promise.all(clients),
    ]);
    onAck = undefined;
    if (!flowing) throw new Error(`every client lost the server before an acknowledgement:\n${server.output}`);
    await sleep(killAfterMs);
    await server.kill('SIGKILL');
    stop.down = true;
  }
  await Promise.all(clients);
}

for (let k = 1; k <= kills; k++) {
  if (!server.running) await server.start();
  await round(rand(0, 1500));
  log(`kill ${k}/${kills}: ${acknowledgedCount} acknowledged so far, ${pending.length} requests in flight to retry`);
}

// ---- settle: restart, retry what was in flight, let the jobs run, stop gracefully ----
await server.start();
{
  const retry = pending;
  pending = [];
  for (const req of retry) if ((await send(req)) !== 'ok') throw new Error('a retry after the last restart failed');
}
// The queue as the server reports it (`GET /metrics`, loopcx_jobs{kind,state}), so the look needs no second
// process on PGlite's data dir and the server keeps working while we wait.
type Jobs = { pending: number; dead: number; kinds: string };
const jobState = async (): Promise<Jobs> => {
  const text = await (await fetch(`${base}/metrics`)).text();
  const jobs: Jobs = { pending: 0, dead: 0, kinds: '' };
  const kinds: string[] = [];
  for (const m of text.matchAll(/^loopcx_jobs\{kind="([^"]+)",state="([^"]+)"\} (\d+)$/gm)) {
    const n = Number(m[3]);
    if (m[2] === 'dead') jobs.dead += n;
    else jobs.pending += n;
    kinds.push(`${m[1]} ${m[2]} ×${n}`);
  }
  jobs.kinds = kinds.join(', ');
  return jobs;
};
// Settled when nothing is pending. A loaded machine (CI runs lanes side by side) drains slowly, so the wait ends
// only when the queue stops shrinking for two minutes, or after 10 minutes whatever happens. On PostgreSQL the
// killed process's leases stand for their LEASE_SECONDS (60; another node may be alive), so a stall of a minute is
// expected there; PGlite releases them at start (releaseEmbeddedLeases).
let jobs = await jobState();
log(`settling: ${jobs.pending} jobs pending (${jobs.kinds || 'none'})`);
const settleStarted = Date.now();
let lastProgress = Date.now();
let fewest = jobs.pending;
while (jobs.pending > 0 && Date.now() - lastProgress < 120_000 && Date.now() - settleStarted < 600_000) {
  await sleep(500);
  jobs = await jobState();
  if (jobs.pending < fewest) {
    fewest = jobs.pending;
    lastProgress = Date.now();
  }
}
await server.kill('SIGTERM');
log(
  `server starts took ${server.startupMs.map((ms) => (ms / 1000).toFixed(1)).join(', ')} s; settling took ${Math.round((Date.now() - settleStarted) / 1000)} s`,
);

// ---- the checks ----
const problems: string[] = [];
const result = await withDb(async (ctx) => {
  const stored = await rows<{ key: string; n: number; nps: number }>(
    ctx.db,
    sql`SELECT idempotency_key AS key, count(*)::int AS n, min((answers->>'nps')::int) AS nps
        FROM responses WHERE tenant_id = ${seeded.tenantId} GROUP BY idempotency_key`,
  );
  const [totals] = await rows<{ responses: number; rollup: number; detractors: number }>(
    ctx.db,
    sql`SELECT (SELECT count(*)::int FROM responses WHERE tenant_id = ${seeded.tenantId}) AS responses,
               (SELECT coalesce(sum(n), 0)::int FROM score_rollups WHERE tenant_id = ${seeded.tenantId} AND binding = '*') AS rollup,
               (SELECT count(*)::int FROM responses WHERE tenant_id = ${seeded.tenantId} AND (answers->>'nps')::int <= 6) AS detractors`,
  );
  const ticketCounts = await rows<{ nps: number; tickets: number }>(
    ctx.db,
    sql`SELECT (r.answers->>'nps')::int AS nps, count(t.id)::int AS tickets
        FROM responses r LEFT JOIN tickets t ON t.tenant_id = r.tenant_id AND t.response_id = r.id
        WHERE r.tenant_id = ${seeded.tenantId} GROUP BY r.id, r.answers`,
  );
  const [orphans] = await rows<{ n: number }>(
    ctx.db,
    sql`SELECT count(*)::int AS n FROM tickets t WHERE t.tenant_id = ${seeded.tenantId}
        AND NOT EXISTS (SELECT 1 FROM responses r WHERE r.tenant_id = t.tenant_id AND r.id = t.response_id)`,
  );
  return { stored, totals, ticketCounts, orphans: orphans.n };
});

const storedByKey = new Map(result.stored.map((s) => [s.key, s]));
let storedOnce = 0;
for (const [key, nps] of acked) {
  const s = storedByKey.get(key);
  if (!s) problems.push(`acknowledged key ${key} is not stored`);
  else if (s.n !== 1) problems.push(`acknowledged key ${key} is stored ${s.n} times`);
  else if (s.nps !== nps) problems.push(`acknowledged key ${key} is stored with nps ${s.nps}, sent ${nps}`);
  else storedOnce++;
}
if (result.totals.rollup !== result.totals.responses)
  problems.push(`score_rollups ('*') count ${result.totals.rollup} responses, ${result.totals.responses} are stored`);
const wrongTickets = result.ticketCounts.filter((t) => t.tickets !== (t.nps <= 6 ? 1 : 0));
if (wrongTickets.length)
  problems.push(
    `${wrongTickets.length} responses have the wrong number of tickets (e.g. nps ${wrongTickets[0].nps}: ${wrongTickets[0].tickets})`,
  );
if (result.orphans) problems.push(`${result.orphans} tickets belong to no stored response`);
if (jobs.pending) problems.push(`${jobs.pending} jobs still pending, the queue stopped shrinking: ${jobs.kinds}`);
if (jobs.dead) problems.push(`${jobs.dead} jobs died: ${jobs.kinds}`);
if (acknowledgedCount === 0) problems.push('nothing was acknowledged: the load never reached the server');

// ---- clean up ----
await cleanUp();

const secs = Math.round((Date.now() - started) / 1000);
if (problems.length) {
  console.error(`crash safety (${dbKind}): FAILED after ${kills} kills (${secs} s)`);
  for (const p of problems.slice(0, 20)) console.error(`  - ${p}`);
  if (problems.length > 20) console.error(`  … and ${problems.length - 20} more`);
  process.exit(1);
}
console.log(
  `crash safety (${dbKind}): ${kills} kills survived, ${acknowledgedCount} acknowledged, ${storedOnce} stored once, ` +
    `rollups = counts (${result.totals.responses}), tickets exactly once (${result.totals.detractors}) — ${secs} s`,
);
process.exit(0);
