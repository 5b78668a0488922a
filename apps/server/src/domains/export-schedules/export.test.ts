import { createHash, createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import Papa from 'papaparse';
import pg from 'pg';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows, sql } from '../../platform/db.ts';
import { runDueJobs } from '../../platform/jobs.ts';
import { createTestApp, createTestTenant, problem, type TestApp, type TestTenant } from '../../testing/harness.ts';
import { runDueExports, runSchedule } from './commands/run-schedule.ts';
import { sha256File } from './destinations.ts';

// An upload receiver on loopback (allow-listed for this suite).
const received: Array<{ headers: IncomingHttpHeaders; body: Buffer }> = [];
const receiver = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (d) => chunks.push(d));
  req.on('end', () => {
    received.push({ headers: req.headers, body: Buffer.concat(chunks) });
    res.statusCode = 204;
    res.end();
  });
});

let app: TestApp;
let a: TestTenant;
let b: TestTenant;
let root: string;
let url: string;
let surveyId: string;
const keys = new Map<string, string>();

const call = (
  t: TestTenant,
  user: string,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  payload?: unknown,
) =>
  app.app.inject({
    method,
    url: `/api/v1${path}`,
    headers: t.as(user),
    ...(payload === undefined ? {} : { payload: payload as never }),
  });

async function submit(t: TestTenant, items: Array<{ unit: 'S1' | 'S2' | 'S3' | 'HQ'; nps: number; at?: string }>) {
  let key = keys.get(t.tenantId);
  if (!key) {
    key = (await call(t, 'admin', 'POST', '/api-keys', { name: 'pos' })).json().key as string;
    keys.set(t.tenantId, key);
  }
  const sid = t === a ? surveyId : await ensureSurvey(t);
  const res = await app.app.inject({
    method: 'POST',
    url: '/api/v1/responses/batch',
    headers: { authorization: `Bearer ${key}` },
    payload: {
      responses: items.map((r) => ({
        surveyId: sid,
        answers: { nps: r.nps, why: `为什么 ${r.nps}, "quoted"\nline` },
        orgUnitCode: t.units[r.unit].code,
        submittedAt: r.at ?? new Date().toISOString(),
        idempotencyKey: randomUUID(),
      })),
    },
  });
  expect(res.statusCode, res.body).toBeLessThan(300);
}

const surveys = new Map<string, string>();
async function ensureSurvey(t: TestTenant): Promise<string> {
  const known = surveys.get(t.tenantId);
  if (known) return known;
  const def = {
    elements: [
      { type: 'rating', name: 'nps', title: '推荐意愿', rateMin: 0, rateMax: 10 },
      { type: 'comment', name: 'why', title: '原因' },
    ],
  };
  const id = (
    await call(t, 'admin', 'POST', '/surveys', { name: '门店 NPS', definition: def, bindings: { nps: 'nps' } })
  ).json().id as string;
  await call(t, 'admin', 'POST', `/surveys/${id}/publish`);
  surveys.set(t.tenantId, id);
  return id;
}

async function tableIds(t: TestTenant, table: 'responses' | 'events' | 'tickets', units?: string[]) {
  const list = await rows<{ id: string; org_unit_id: string | null }>(
    app.ctx.db,
    sql`SELECT id, org_unit_id FROM ${sql.raw(table)} WHERE tenant_id = ${t.tenantId}`,
  );
  return list
    .filter((r) => !units || units.includes(r.org_unit_id ?? ''))
    .map((r) => r.id)
    .sort();
}

async function create(t: TestTenant, body: Record<string, unknown>) {
  const res = await call(t, 'admin', 'POST', '/export-schedules', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; secret: string };
}

/** The data files of a folder (not manifests, not partial files), in run order. */
const dataFiles = (dir: string) =>
  readdirSync(dir)
    .filter((f) => !f.endsWith('.manifest.json') && !f.startsWith('.'))
    .sort();

const ndjsonIds = (dir: string) =>
  dataFiles(dir).flatMap((f) =>
    readFileSync(join(dir, f), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l).id as string),
  );

/** A Buffer's bytes as the ArrayBuffer hyparquet reads. */
const arrayBufferOf = (buf: Buffer): ArrayBuffer => new Uint8Array(buf).buffer;

const tick = () => runDueExports(app.ctx, { tenantIds: [a.tenantId, b.tenantId], pageSize: 7 });
const makeDue = (id: string) =>
  app.ctx.db.execute(sql`UPDATE export_schedules SET next_run_at = now() WHERE id = ${id}`);

beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/ingest/loopcx`;
  root = mkdtempSync(join(tmpdir(), 'loopcx-export-root-'));
  app = await createTestApp({ config: { outboundAllow: ['127.0.0.1/32'], exportDir: root } });
  a = await createTestTenant(app.ctx);
  b = await createTestTenant(app.ctx);
  surveyId = await ensureSurvey(a);
});

afterAll(async () => {
  await app?.close();
  await new Promise((resolve) => receiver.close(resolve));
});

const valid = { dataset: 'responses', format: 'ndjson', every: 'day', destination: { kind: 'directory', path: 'api' } };

describe('export schedules: API', () => {
  it('401 without a session, 403 for roles that may not export, 404 across tenants', async () => {
    expect((await app.app.inject({ method: 'GET', url: '/api/v1/export-schedules' })).statusCode).toBe(401);
    for (const role of ['analyst', 'manager', 'viewer'])
      expect((await call(a, role, 'POST', '/export-schedules', valid)).statusCode).toBe(403);
    const { id } = await create(a, valid);
    expect((await call(b, 'admin', 'GET', `/export-schedules/${id}`)).statusCode).toBe(404);
    expect((await call(b, 'admin', 'POST', `/export-schedules/${id}/run`)).statusCode).toBe(404);
    expect((await call(b, 'admin', 'GET', `/export-schedules/${id}/runs`)).statusCode).toBe(404);
    expect((await call(b, 'admin', 'DELETE', `/export-schedules/${id}`)).statusCode).toBe(404);
    expect((await call(b, 'admin', 'GET', '/export-schedules')).json().items).toEqual([]);
  });

  it('refuses bad input with problem+json naming the field, and stores nothing', async () => {
    const before = (await call(a, 'admin', 'GET', '/export-schedules')).json().items.length;
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ ...valid, dataset: 'users' }, 'dataset'],
      [{ ...valid, format: 'xlsx' }, 'format'],
      [{ ...valid, every: 'minute' }, 'every'],
      [{ ...valid, destination: { kind: 'directory', path: '/etc' } }, 'destination'],
      [{ ...valid, destination: { kind: 'directory', path: '../../etc' } }, 'destination'],
      [{ ...valid, destination: { kind: 'directory', path: 'ok/../../x' } }, 'destination'],
      [{ ...valid, destination: { kind: 'ftp', path: 'x' } }, 'destination'],
      [{ ...valid, destination: { kind: 'https', url: 'https://u:p@data.example.com/x' } }, 'destination'],
      [{ ...valid, destination: { kind: 'https', url: 'http://data.example.com/x' } }, 'destination.url'],
      [{ ...valid, extra: 1 }, ''],
    ];
    for (const [body, field] of bad) {
      const res = await call(a, 'admin', 'POST', '/export-schedules', body);
      expect(res.statusCode, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      const p = problem(res);
      if (field) expect(JSON.stringify(p.invalidParams ?? p.detail)).toContain(field.split('.')[0]);
    }
    expect((await call(a, 'admin', 'GET', '/export-schedules')).json().items.length).toBe(before);
  });

  it('refuses directory destinations when the operator set no export root', async () => {
    const saved = app.ctx.config.exportDir;
    app.ctx.config.exportDir = undefined;
    try {
      const res = await call(a, 'admin', 'POST', '/export-schedules', valid);
      expect(res.statusCode).toBe(422);
      expect(problem(res).detail).toContain('LOOPCX_EXPORT_DIR');
    } finally {
      app.ctx.config.exportDir = saved;
    }
  });

  it('answers the signing secret once; list, get and update never show it', async () => {
    const created = await create(a, { ...valid, destination: { kind: 'https', url } });
    expect(created.secret).toMatch(/^whsec_/);
    const got = (await call(a, 'admin', 'GET', `/export-schedules/${created.id}`)).json();
    expect(got).not.toHaveProperty('secret');
    expect(JSON.stringify((await call(a, 'admin', 'GET', '/export-schedules')).json())).not.toContain(created.secret);
    const patched = await call(a, 'admin', 'PATCH', `/export-schedules/${created.id}`, {
      every: 'hour',
      format: 'csv',
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ every: 'hour', format: 'csv', dataset: 'responses' });
    expect(patched.json()).not.toHaveProperty('secret');
    expect((await call(a, 'admin', 'PATCH', `/export-schedules/${created.id}`, { dataset: 'events' })).statusCode).toBe(
      422,
    );
    expect((await call(a, 'admin', 'DELETE', `/export-schedules/${created.id}`)).statusCode).toBe(204);
    expect((await call(a, 'admin', 'GET', `/export-schedules/${created.id}`)).statusCode).toBe(404);
  });
});

describe('export schedules: incremental files', () => {
  it('exports every committed response exactly once across runs, late-arriving ones included', async () => {
    const { id } = await create(a, { ...valid, name: 'feed', destination: { kind: 'directory', path: 'feed/a' } });
    await submit(
      a,
      Array.from({ length: 25 }, (_, i) => ({ unit: i % 2 ? 'S1' : 'S3', nps: i % 11 })),
    );
    expect(await tick()).toBeGreaterThanOrEqual(1);
    const dir = join(root, 'feed/a');
    expect(dataFiles(dir)).toHaveLength(1);
    expect(ndjsonIds(dir).sort()).toEqual(await tableIds(a, 'responses'));

    // Nothing new: the next run writes no file (and records a run of 0 rows).
    await makeDue(id);
    await tick();
    expect(dataFiles(dir)).toHaveLength(1);

    // New rows, one of them backfilled 40 days into the past: included by commit order, not business time.
    await submit(a, [
      ...Array.from({ length: 9 }, (_, i) => ({ unit: 'S2' as const, nps: i })),
      { unit: 'S1', nps: 2, at: new Date(Date.now() - 40 * 86400_000).toISOString() },
    ]);
    const run = await call(a, 'admin', 'POST', `/export-schedules/${id}/run`);
    expect(run.statusCode).toBe(202);
    await runDueJobs(app.ctx, ['exports.run-schedule'], { tenantIds: [a.tenantId] });
    expect(dataFiles(dir)).toHaveLength(2);
    const all = ndjsonIds(dir);
    expect(all).toHaveLength(new Set(all).size);
    expect(all.sort()).toEqual(await tableIds(a, 'responses'));

    // Each file has a manifest with its row count and checksum.
    for (const f of dataFiles(dir)) {
      const m = JSON.parse(readFileSync(join(dir, `${f}.manifest.json`), 'utf8'));
      expect(m).toMatchObject({ file: f, dataset: 'responses', format: 'ndjson', scheduleId: id });
      expect(m.rows).toBe(readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean).length);
      expect(m.sha256).toBe(await sha256File(join(dir, f)));
      expect(m.columns).toEqual(expect.arrayContaining(['id', 'submitted_at', 'nps', 'sentiment', 'topics', 'why']));
    }
    const line = JSON.parse(readFileSync(join(dir, dataFiles(dir)[0]), 'utf8').split('\n')[0]);
    expect(line).toMatchObject({ survey: '门店 NPS', survey_id: surveyId });
    expect(line.why).toContain('"quoted"\nline');

    const history = (await call(a, 'admin', 'GET', `/export-schedules/${id}/runs`)).json().items;
    expect(history.map((r: { status: string }) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(history.map((r: { rows: number }) => r.rows)).toEqual([10, 0, 25]);
    expect(history[0]).toMatchObject({ trigger: 'manual', attempts: 1, error: null });
    expect(history[0].bytes).toBeGreaterThan(0);
    expect(history[0].durationMs).toBeGreaterThanOrEqual(0);
  });

  it('writes CSV and Parquet that read back to the same rows', async () => {
    const csv = await create(a, { ...valid, format: 'csv', destination: { kind: 'directory', path: 'csv' } });
    const pq = await create(a, { ...valid, format: 'parquet', destination: { kind: 'directory', path: 'pq' } });
    await tick();
    const expected = await tableIds(a, 'responses');
    const [csvFile] = dataFiles(join(root, 'csv'));
    const parsed = Papa.parse<Record<string, string>>(readFileSync(join(root, 'csv', csvFile), 'utf8'), {
      header: true,
      skipEmptyLines: true,
    });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data.map((r) => r.id).sort()).toEqual(expected);
    expect(parsed.data.some((r) => r.why.includes('"quoted"\nline'))).toBe(true);
    const [pqFile] = dataFiles(join(root, 'pq'));
    const buf = readFileSync(join(root, 'pq', pqFile));
    const objects = await parquetReadObjects({
      file: arrayBufferOf(buf),
    });
    expect(objects.map((o) => o.id as string).sort()).toEqual(expected);
    const one = objects.find((o) => o.nps === 9)!;
    expect(typeof one.nps).toBe('number');
    expect(one.submitted_at).toBeInstanceOf(Date);
    expect(one.survey_id).toBe(surveyId);
    for (const s of [csv, pq])
      expect((await call(a, 'admin', 'DELETE', `/export-schedules/${s.id}`)).statusCode).toBe(204);
  });

  it('exports only the schedule unit subtree, and only its own tenant', async () => {
    await submit(b, [{ unit: 'S1', nps: 1 }]);
    const r1 = await create(a, { ...valid, orgUnitId: a.units.R1.id, destination: { kind: 'directory', path: 'r1' } });
    const other = await create(b, { ...valid, destination: { kind: 'directory', path: 'tenant-b' } });
    await tick();
    expect(ndjsonIds(join(root, 'r1')).sort()).toEqual(
      await tableIds(a, 'responses', [a.units.S1.id, a.units.S2.id, a.units.C1.id, a.units.R1.id]),
    );
    expect(ndjsonIds(join(root, 'tenant-b')).sort()).toEqual(await tableIds(b, 'responses'));
    // A store manager's unit is not the caller's to pick when it lies outside the caller's scope: 404.
    expect(
      (await call(b, 'admin', 'POST', '/export-schedules', { ...valid, orgUnitId: a.units.R1.id })).statusCode,
    ).toBe(404);
    for (const [t, s] of [
      [a, r1],
      [b, other],
    ] as const)
      await call(t, 'admin', 'DELETE', `/export-schedules/${s.id}`);
  });

  it('a failed run is retried over the same rows into the same file name: no gap, no repeat', async () => {
    const { id } = await create(a, { ...valid, destination: { kind: 'directory', path: 'retry' } });
    await submit(
      a,
      Array.from({ length: 20 }, (_, i) => ({ unit: 'S3' as const, nps: i % 11 })),
    );
    // The first attempt dies after its first page (a disk error, say).
    await expect(
      runSchedule(app.ctx, a.tenantId, id, {
        trigger: 'schedule',
        pageSize: 7,
        onPage: () => {
          throw new Error('disk full');
        },
      }),
    ).resolves.toBe(true);
    expect(dataFiles(join(root, 'retry'))).toEqual([]);
    const failed = (await call(a, 'admin', 'GET', `/export-schedules/${id}/runs`)).json().items;
    expect(failed).toMatchObject([{ seq: 1, status: 'failed', error: expect.stringContaining('disk full') }]);
    // Rows committed meanwhile wait for the next run; the retry is run 1 again.
    await submit(a, [{ unit: 'S1', nps: 10 }]);
    await runSchedule(app.ctx, a.tenantId, id, { trigger: 'schedule', pageSize: 7 });
    await runSchedule(app.ctx, a.tenantId, id, { trigger: 'schedule', pageSize: 7 });
    const runs = (await call(a, 'admin', 'GET', `/export-schedules/${id}/runs`)).json().items;
    expect(runs.map((r: { seq: number; status: string; attempts: number }) => [r.seq, r.status, r.attempts])).toEqual([
      [2, 'succeeded', 1],
      [1, 'succeeded', 2],
    ]);
    const ids = ndjsonIds(join(root, 'retry'));
    expect(ids).toHaveLength(new Set(ids).size);
    expect(ids.sort()).toEqual(await tableIds(a, 'responses'));
  });

  // PostgreSQL only: PGlite has one connection, so no transaction can be open while another commits.
  it.runIf(Boolean(process.env.TEST_DATABASE_URL))(
    'a transaction that drew its id first but commits after a run is in the next file (commit order, not id order)',
    async () => {
      const { id } = await create(a, { ...valid, destination: { kind: 'directory', path: 'inflight' } });
      const [version] = await rows<{ id: string }>(
        app.ctx.db,
        sql`SELECT id FROM survey_versions WHERE tenant_id = ${a.tenantId} AND survey_id = ${surveyId} LIMIT 1`,
      );
      const slow = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await slow.connect();
      const late = randomUUID();
      try {
        await slow.query('BEGIN');
        await slow.query(
          `INSERT INTO responses (tenant_id, id, survey_id, survey_version_id, org_unit_id, answers, scores,
             idempotency_key, body_hash, submitted_at)
           VALUES ($1, $2::uuid, $3, $4, $5, '{"nps":4}', '{"nps":4}', $2::text, 'h', now() - interval '3 days')`,
          [a.tenantId, late, surveyId, version.id, a.units.S1.id],
        );
        // A transaction that started later commits first; the run sees it, and not the open one.
        await submit(a, [{ unit: 'S2', nps: 8 }]);
        await runSchedule(app.ctx, a.tenantId, id, { trigger: 'manual' });
        expect(ndjsonIds(join(root, 'inflight'))).not.toContain(late);
        await slow.query('COMMIT');
      } finally {
        await slow.end();
      }
      await runSchedule(app.ctx, a.tenantId, id, { trigger: 'manual' });
      const ids = ndjsonIds(join(root, 'inflight'));
      expect(ids).toContain(late);
      expect(ids).toHaveLength(new Set(ids).size);
      expect(ids.sort()).toEqual(await tableIds(a, 'responses'));
      await call(a, 'admin', 'DELETE', `/export-schedules/${id}`);
    },
  );

  it('one run at a time: a schedule leased by another node is not run', async () => {
    const { id } = await create(a, { ...valid, destination: { kind: 'directory', path: 'leased' } });
    await app.ctx.db.execute(
      sql`UPDATE export_schedules SET lease_owner = 'other-node', lease_until = now() + interval '1 minute' WHERE id = ${id}`,
    );
    expect(await runSchedule(app.ctx, a.tenantId, id, { trigger: 'manual' })).toBe(false);
    expect((await call(a, 'admin', 'GET', `/export-schedules/${id}/runs`)).json().items).toEqual([]);
    // An expired lease (its node died) is taken over.
    await app.ctx.db.execute(
      sql`UPDATE export_schedules SET lease_until = now() - interval '1 second' WHERE id = ${id}`,
    );
    expect(await runSchedule(app.ctx, a.tenantId, id, { trigger: 'manual' })).toBe(true);
    await call(a, 'admin', 'DELETE', `/export-schedules/${id}`);
  });
});

describe('export schedules: other datasets', () => {
  it('events, feedback, tickets (a changed ticket is sent again) and daily metric values', async () => {
    await app.ctx.db.execute(
      sql`INSERT INTO events (tenant_id, id, type, occurred_at, org_unit_id, value, properties)
          SELECT ${a.tenantId}, gen_random_uuid(), 'order.paid', now(), ${a.units.S1.id}, g, '{"sku":"A"}'
          FROM generate_series(1, 12) g`,
    );
    await app.ctx.db.execute(
      sql`INSERT INTO feedback_items (tenant_id, id, source, channel, text, rating, org_unit_id, occurred_at)
          VALUES (${a.tenantId}, gen_random_uuid(), 'social', '微博', '排队太久了', 2, ${a.units.S1.id}, now())`,
    );
    await app.ctx.db.execute(
      sql`INSERT INTO tickets (tenant_id, id, number, source, status, priority, title, org_unit_id)
          VALUES (${a.tenantId}, gen_random_uuid(), 90001, 'manual', 'new', 'high', '排队太久', ${a.units.S1.id})`,
    );
    const ev = await create(a, { ...valid, dataset: 'events', destination: { kind: 'directory', path: 'events' } });
    const fb = await create(a, {
      ...valid,
      dataset: 'feedback',
      format: 'csv',
      destination: { kind: 'directory', path: 'fb' },
    });
    const tk = await create(a, { ...valid, dataset: 'tickets', destination: { kind: 'directory', path: 'tk' } });
    const mt = await create(a, { ...valid, dataset: 'metrics', destination: { kind: 'directory', path: 'mt' } });
    await tick();
    expect(ndjsonIds(join(root, 'events')).sort()).toEqual(await tableIds(a, 'events'));
    const [fbFile] = dataFiles(join(root, 'fb'));
    expect(readFileSync(join(root, 'fb', fbFile), 'utf8')).toContain('排队太久了');
    expect(ndjsonIds(join(root, 'tk')).sort()).toEqual(await tableIds(a, 'tickets'));

    await app.ctx.db.execute(
      sql`UPDATE tickets SET status = 'resolved' WHERE tenant_id = ${a.tenantId} AND number = 90001`,
    );
    await makeDue(tk.id);
    await tick();
    const files = dataFiles(join(root, 'tk'));
    expect(files).toHaveLength(2);
    const latest = JSON.parse(readFileSync(join(root, 'tk', files[1]), 'utf8').trim());
    expect(latest).toMatchObject({ number: 90001, status: 'resolved' });

    const metricRows = dataFiles(join(root, 'mt')).flatMap((f) =>
      readFileSync(join(root, 'mt', f), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l)),
    );
    const rollups = await rows<{ n: number }>(
      app.ctx.db,
      sql`SELECT sum(n)::int AS n FROM score_rollups WHERE tenant_id = ${a.tenantId} AND binding = 'nps'`,
    );
    expect(metricRows.filter((m) => m.metric === 'nps').reduce((s, m) => s + m.n, 0)).toBe(rollups[0].n);
    expect(metricRows[0]).toHaveProperty('nps');
    for (const s of [ev, fb, tk, mt]) await call(a, 'admin', 'DELETE', `/export-schedules/${s.id}`);
  });
});

describe('export schedules: destinations', () => {
  it('uploads to an HTTPS endpoint signed per Standard Webhooks, file then manifest', async () => {
    const h = (x: IncomingHttpHeaders) => ({
      'webhook-id': String(x['webhook-id']),
      'webhook-timestamp': String(x['webhook-timestamp']),
      'webhook-signature': String(x['webhook-signature']),
    });
    // The manifest is a JSON message: a stock Standard Webhooks library verifies it (and a wrong secret fails), and
    // the sha256 it carries vouches for the file.
    const nd = await create(a, { ...valid, destination: { kind: 'https', url } });
    let before = received.length;
    await runSchedule(app.ctx, a.tenantId, nd.id, { trigger: 'manual' });
    const [ndFile, ndManifest] = received.slice(before);
    expect(() => new Webhook(nd.secret).verify(ndManifest.body.toString('utf8'), h(ndManifest.headers))).not.toThrow();
    const stranger = new Webhook(`whsec_${Buffer.alloc(32, 1).toString('base64')}`);
    expect(() => stranger.verify(ndManifest.body.toString('utf8'), h(ndManifest.headers))).toThrow();
    // The file itself carries the same kind of signature over its raw bytes (NDJSON or Parquet alike).
    const signed = (secret: string, f: { headers: IncomingHttpHeaders; body: Buffer }) =>
      `v1,${createHmac('sha256', Buffer.from(secret.slice(6), 'base64'))
        .update(`${f.headers['webhook-id']}.${f.headers['webhook-timestamp']}.`)
        .update(f.body)
        .digest('base64')}`;
    expect(String(ndFile.headers['webhook-signature'])).toBe(signed(nd.secret, ndFile));
    const m = JSON.parse(ndManifest.body.toString('utf8'));
    expect(m.type).toBe('export.manifest');
    expect(m.data).toMatchObject({ rows: Number(ndFile.headers['x-loopcx-export-rows']), dataset: 'responses' });
    expect(m.data.sha256).toBe(createHash('sha256').update(ndFile.body).digest('hex'));
    expect(
      ndFile.body
        .toString('utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l).id)
        .sort(),
    ).toEqual(await tableIds(a, 'responses'));

    const pq = await create(a, { ...valid, format: 'parquet', destination: { kind: 'https', url } });
    before = received.length;
    await runSchedule(app.ctx, a.tenantId, pq.id, { trigger: 'manual' });
    const [file] = received.slice(before);
    expect(file.headers['content-type']).toBe('application/vnd.apache.parquet');
    expect(String(file.headers['webhook-signature'])).toBe(signed(pq.secret, file));
    const buf = file.body;
    const objects = await parquetReadObjects({
      file: arrayBufferOf(buf),
    });
    expect(objects.map((o) => o.id as string).sort()).toEqual(await tableIds(a, 'responses'));
    for (const s of [nd, pq]) await call(a, 'admin', 'DELETE', `/export-schedules/${s.id}`);
  });

  it('an upload to an address the SSRF rules refuse fails the run and stays retryable', async () => {
    const { id } = await create(a, { ...valid, destination: { kind: 'https', url: 'https://10.0.0.8/in' } });
    await runSchedule(app.ctx, a.tenantId, id, { trigger: 'manual' });
    const [run] = (await call(a, 'admin', 'GET', `/export-schedules/${id}/runs`)).json().items;
    expect(run).toMatchObject({ status: 'failed', error: expect.stringContaining('refused') });
    await call(a, 'admin', 'DELETE', `/export-schedules/${id}`);
  });

  it('never writes outside the export root, even through a symlink inside it', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'loopcx-outside-'));
    symlinkSync(outside, join(root, 'escape'));
    const { id } = await create(a, { ...valid, destination: { kind: 'directory', path: 'escape/x' } });
    await runSchedule(app.ctx, a.tenantId, id, { trigger: 'manual' });
    const [run] = (await call(a, 'admin', 'GET', `/export-schedules/${id}/runs`)).json().items;
    expect(run).toMatchObject({ status: 'failed', error: expect.stringContaining('outside LOOPCX_EXPORT_DIR') });
    expect(readdirSync(outside)).toEqual([]);
    await call(a, 'admin', 'DELETE', `/export-schedules/${id}`);
  });
});
