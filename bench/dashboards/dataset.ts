import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILTIN_EVENT_TYPES } from '@loopcx/shared';
import pg from 'pg';
import { buildServer } from '../../apps/server/src/app.ts';
import { createTenant } from '../../apps/server/src/domains/tenancy/create-tenant.ts';
import { bootContext, closeContext } from '../../apps/server/src/platform/boot.ts';
import { loadConfig } from '../../apps/server/src/platform/config.ts';
import type { AppContext } from '../../apps/server/src/platform/context.ts';
import { type Database, one, openDatabase, sql } from '../../apps/server/src/platform/db.ts';
import { randomToken, sha256 } from '../../apps/server/src/platform/passwords.ts';
import type { BenchOptions } from '../run.ts';
import { bulkLoad, type SeedTimings } from './load.ts';

/** Bump when the generated data changes: a cached data set with another key is rebuilt. */
const LAYOUT = 'v2';
const NIL = '00000000-0000-0000-0000-000000000000';
/** The data set covers the 365 tenant-local days before END (exclusive). */
export const END = '2026-12-01';
export const TZ = 'Asia/Shanghai';

const REGIONS = [
  {
    code: 'EAST',
    name: '华东大区',
    cities: [
      ['SH', '上海'],
      ['HZ', '杭州'],
    ],
  },
  {
    code: 'NORTH',
    name: '华北大区',
    cities: [
      ['BJ', '北京'],
      ['TJ', '天津'],
    ],
  },
  {
    code: 'SOUTH',
    name: '华南大区',
    cities: [
      ['GZ', '广州'],
      ['SZ', '深圳'],
    ],
  },
] as const;
// The dining journey of the demo: one stage per touchpoint; the journey map shows each one's primary metric.
export const TOUCHPOINTS = [
  ['reserve', '线上预约', 'digital', 'csat'],
  ['arrive', '到店指引', 'physical', 'csat'],
  ['queue', '排队等位', 'physical', 'csat'],
  ['order', '点餐', 'interpersonal', 'csat'],
  ['serve', '上菜', 'interpersonal', 'csat'],
  ['dine', '就餐体验', 'physical', 'csat'],
  ['pay', '结账', 'digital', 'ces'],
  ['leave', '离店', 'physical', 'nps'],
] as const;

/** What the seed created (ids the timed phase needs), stored in the data set's marker row. */
export interface DatasetMeta {
  key: string;
  tenantId: string;
  rootId: string;
  /** Unit ids by code: HQ, EAST, SH, SH-01 … (24 stores). */
  units: Record<string, string>;
  storeIds: string[];
  surveyId: string;
  versionId: string;
  journeyId: string;
  touchpointIds: string[];
  ownerId: string;
  /** Manager of region EAST (a scoped session). */
  managerId: string;
  responses: number;
  events: number;
  timings: SeedTimings;
}

export interface Dataset {
  ctx: AppContext;
  base: string;
  meta: DatasetMeta;
  /** Whether this run built the data set (false: reused from the cache). */
  seeded: boolean;
  /** Where the data lives: the PGlite directory or the PostgreSQL database name. */
  location: string;
  sessions: { owner: string; manager: string };
  call: (
    path: string,
    body?: unknown,
    as?: 'owner' | 'manager',
  ) => Promise<{ status: number; body: unknown; ms: number }>;
  stop(): Promise<void>;
}

/** PostgreSQL: the cached data set lives in its own database next to BENCH_DATABASE_URL's, e.g. bench_x_dash_v1_10000000_5000000. */
function pgTarget(url: string, key: string) {
  const u = new URL(url);
  const name = `${u.pathname.slice(1)}_dash_${key}`.replace(/[^a-z0-9_]/g, '_').slice(0, 63);
  const target = new URL(url);
  target.pathname = `/${name}`;
  return { admin: url, name, url: target.toString() };
}

async function pgAdmin(url: string, statements: string[]) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const s of statements) await client.query(s);
  } finally {
    await client.end();
  }
}

async function readMarker(database: Database, key: string): Promise<DatasetMeta | undefined> {
  try {
    const r = await one<{ meta: DatasetMeta }>(database.db, sql`SELECT meta FROM bench_dataset WHERE key = ${key}`);
    return r?.meta;
  } catch {
    return undefined; // no marker table: nothing (complete) was seeded here
  }
}

/**
 * Opens the dashboards data set: a tenant shaped like the demo (HQ → 3 regions → 6 cities → 24 stores, the
 * 8-touchpoint dining journey, an NPS/CSAT/CES survey, the CPO metric) with `responses` responses and `events`
 * events over 365 days and exactly matching rollups. Built once and cached (PGlite: a data dir under the temp
 * dir; PostgreSQL: a database of its own) under a key naming the layout and the sizes; a partial build (no
 * marker row) is thrown away and rebuilt. Then a real HTTP server listens on it.
 */
export async function openDataset(
  opts: BenchOptions,
  size: { responses: number; events: number },
  log: (m: string) => void,
): Promise<Dataset> {
  const key = `${LAYOUT}_${size.responses}_${size.events}`;
  let database: Database;
  let dataDir: string;
  let location: string;
  let meta: DatasetMeta | undefined;
  if (opts.databaseUrl) {
    const t = pgTarget(opts.databaseUrl, key);
    location = `PostgreSQL database ${t.name}`;
    dataDir = join(tmpdir(), `loopcx-bench-dashboards-pgside-${key}`);
    const exists = async () => {
      const c = new pg.Client({ connectionString: t.admin });
      await c.connect();
      const r = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [t.name]);
      await c.end();
      return r.rowCount === 1;
    };
    if (await exists()) {
      database = await openDatabase({ databaseUrl: t.url, poolSize: 20 });
      meta = await readMarker(database, key);
      if (!meta) {
        await database.close();
        await pgAdmin(t.admin, [`DROP DATABASE ${t.name} WITH (FORCE)`]);
      }
    }
    if (!meta) {
      await pgAdmin(t.admin, [`CREATE DATABASE ${t.name}`]);
      database = await openDatabase({ databaseUrl: t.url, poolSize: 20 });
    }
  } else {
    dataDir = join(tmpdir(), `loopcx-bench-dashboards-${key}`);
    location = `PGlite data dir ${dataDir}`;
    if (existsSync(dataDir)) {
      database = await openDatabase({ dataDir });
      meta = await readMarker(database, key);
      if (!meta) {
        await database.close();
        rmSync(dataDir, { recursive: true, force: true });
      }
    }
    if (!meta) {
      mkdirSync(dataDir, { recursive: true });
      database = await openDatabase({ dataDir });
    }
  }
  // Migrations added since the data set was built are applied to it here, as on any upgrade.
  const ctx = await bootContext(
    loadConfig({ dataDir: dataDir!, logLevel: 'silent', databaseUrl: opts.databaseUrl, secret: 'bench' }),
    { database: database! },
  );
  const app = await buildServer(ctx);
  await app.listen({ port: Number(process.env.BENCH_PORT ?? 0), host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  const newSession = async (tenantId: string, userId: string) => {
    const token = randomToken();
    await ctx.db.execute(
      sql`INSERT INTO sessions (id, tenant_id, user_id, expires_at) VALUES (${sha256(token)}, ${tenantId}, ${userId}, now() + interval '1 day')`,
    );
    return `lcx_session=${token}`;
  };
  const cookies: Record<string, string> = {};
  const call: Dataset['call'] = async (path, body, as = 'owner') => {
    const send = () =>
      fetch(`${base}/api/v1/${path}`, {
        method: body ? 'POST' : 'GET',
        headers: { cookie: cookies[as], origin: base, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
    let t0 = performance.now();
    // A pooled keep-alive socket may have been closed by the server while PGlite held the event loop for minutes
    // (the seed): that request never reached the server, so it is sent again on a new socket.
    const res = await send().catch((err: Error & { cause?: { code?: string } }) => {
      if (err.cause?.code !== 'ECONNRESET') throw err;
      t0 = performance.now();
      return send();
    });
    const text = await res.text();
    const ms = performance.now() - t0;
    if (res.status >= 300) throw new Error(`${path} answered ${res.status}: ${text.slice(0, 300)}`);
    return { status: res.status, body: JSON.parse(text), ms };
  };

  let seeded = false;
  if (!meta) {
    seeded = true;
    const t0 = performance.now();
    const tenant = await ctx.db.transaction((tx) =>
      createTenant(tx, {
        slug: `dash-${key}`.replace(/_/g, '-').slice(0, 40),
        name: '味道连锁 Bench',
        root: { code: 'HQ', name: '总部 HQ' },
        owner: { email: 'owner@dash.bench', name: 'Owner', password: 'bench-password-1' },
      }),
    );
    cookies.owner = await newSession(tenant.tenantId, tenant.ownerId);
    const structure = await createStructure(call, tenant.rootId);
    log(`structure through the API: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const version = await one<{ id: string }>(
      ctx.db,
      sql`SELECT current_version_id AS id FROM surveys WHERE tenant_id = ${tenant.tenantId} AND id = ${structure.surveyId}`,
    );
    const partial = {
      key,
      tenantId: tenant.tenantId,
      rootId: tenant.rootId,
      ownerId: tenant.ownerId,
      versionId: version!.id,
      ...structure,
      responses: size.responses,
      events: size.events,
    };
    const timings = await bulkLoad(ctx, partial, { tz: TZ, end: END, nil: NIL, eventDims: eventDimensions() }, log);
    meta = { ...partial, timings };
    await ctx.db.execute(
      sql`CREATE TABLE IF NOT EXISTS bench_dataset (key text PRIMARY KEY, meta jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
    );
    await ctx.db.execute(sql`INSERT INTO bench_dataset (key, meta) VALUES (${key}, ${JSON.stringify(meta)}::jsonb)`);
  } else {
    cookies.owner = await newSession(meta.tenantId, meta.ownerId);
  }
  cookies.manager = await newSession(meta.tenantId, meta.managerId);
  return {
    ctx,
    base,
    meta,
    seeded,
    location,
    sessions: { owner: cookies.owner, manager: cookies.manager },
    call,
    async stop() {
      await app.close();
      await closeContext(ctx);
    },
  };
}

/** Which properties of each built-in event type get rollup variants (`valid=true`), as the writer derives them. */
function eventDimensions(): Record<string, string[]> {
  return Object.fromEntries(
    BUILTIN_EVENT_TYPES.map((t) => [
      t.key,
      Object.entries(t.properties)
        .filter(([, s]) => s.dimension)
        .map(([k]) => k),
    ]),
  );
}

/** The org tree, the journey, the survey, a region manager and the CPO metric, created through the HTTP API as an admin would. */
async function createStructure(call: Dataset['call'], rootId: string) {
  const units: Record<string, string> = { HQ: rootId };
  const storeIds: string[] = [];
  let n = 0;
  for (const r of REGIONS) {
    units[r.code] = (
      (await call('org-units', { parentId: rootId, code: r.code, name: r.name, kind: 'region' })).body as { id: string }
    ).id;
    for (const [code, name] of r.cities) {
      units[code] = (
        (await call('org-units', { parentId: units[r.code], code, name, kind: 'city' })).body as { id: string }
      ).id;
      for (let i = 1; i <= 4; i++) {
        const id = (
          (
            await call('org-units', {
              parentId: units[code],
              code: `${code}-0${i}`,
              name: `${name}${i}号店`,
              kind: 'store',
            })
          ).body as { id: string }
        ).id;
        units[`${code}-0${i}`] = id;
        storeIds.push(id);
        n++;
      }
    }
  }
  if (n !== 24) throw new Error('expected 24 stores');
  const managerId = (
    (
      await call('users', {
        email: 'east.manager@dash.bench',
        name: 'East manager',
        role: 'manager',
        orgUnitId: units.EAST,
        password: 'bench-password-1',
      })
    ).body as { id: string }
  ).id;
  const definition = {
    elements: [
      { type: 'rating', name: 'nps', title: '推荐意愿', rateMin: 0, rateMax: 10, isRequired: true },
      { type: 'rating', name: 'csat', title: '满意度', rateMin: 1, rateMax: 5, isRequired: true },
      { type: 'rating', name: 'ces', title: '费力度', rateMin: 1, rateMax: 7 },
    ],
  };
  const surveyId = (
    (
      await call('surveys', {
        name: '堂食体验 Dining experience',
        definition,
        bindings: { nps: 'nps', csat: { question: 'csat', scale: 5 }, ces: 'ces' },
      })
    ).body as { id: string }
  ).id;
  await call(`surveys/${surveyId}/publish`, {});
  const journeyId = ((await call('journeys', { name: '堂食旅程', nameEn: 'Dining journey' })).body as { id: string })
    .id;
  const touchpointIds: string[] = [];
  for (const [i, [code, name, channel, metric]] of TOUCHPOINTS.entries()) {
    const j = (await call(`journeys/${journeyId}/stages`, { name, position: i })).body as {
      stages: Array<{ id: string; position: number }>;
    };
    const stageId = j.stages.find((s) => s.position === i)!.id;
    const target = metric === 'nps' ? 30 : metric === 'ces' ? 3 : 85;
    const tp = (
      await call('touchpoints', {
        code,
        name,
        channel,
        stageId,
        primaryMetric: metric,
        target,
        links: { surveys: [surveyId], metrics: [metric], eventTypes: [] },
      })
    ).body as { id: string };
    touchpointIds.push(tp.id);
  }
  await call('metrics', {
    key: 'cpo',
    name: '单均来电 CPO',
    nameEn: 'Calls per order',
    formula: "count('call.inbound') / count('order.completed' where properties.valid = true)",
    direction: 'lower',
    format: 'ratio',
    decimals: 3,
    target: 0.04,
  });
  return { units, storeIds, surveyId, journeyId, touchpointIds, managerId };
}

/** Bytes on disk of the data set (PGlite dir) or the database. */
export async function datasetBytes(ds: Dataset): Promise<number> {
  if (ds.ctx.database.kind === 'postgres') {
    const r = await one<{ b: string }>(ds.ctx.db, sql`SELECT pg_database_size(current_database())::text AS b`);
    return Number(r?.b ?? 0);
  }
  const dir = ds.location.replace(/^PGlite data dir /, '');
  return Number(execFileSync('du', ['-sb', dir]).toString().split('\t')[0]);
}
