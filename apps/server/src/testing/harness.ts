import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { TRole } from '@loopcx/shared';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, inject as vitestInject } from 'vitest';
import { buildServer } from '../app.ts';
import { createTenant } from '../domains/tenancy/create-tenant.ts';
import { bootContext } from '../platform/boot.ts';
import { FakeClock } from '../platform/clock.ts';
import { type Config, loadConfig } from '../platform/config.ts';
import type { AppContext } from '../platform/context.ts';
import { openDatabase, sql } from '../platform/db.ts';
import { type AnyJobDefinition, runDueJobs } from '../platform/jobs.ts';
import { randomToken, setPasswordCostForTests, sha256 } from '../platform/passwords.ts';

setPasswordCostForTests(1024);

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  clock: FakeClock;
  close(): Promise<void>;
}

/**
 * A server on a migrated database: PGlite (a fresh copy of the migrated template per call) or the PostgreSQL
 * at TEST_DATABASE_URL (shared; tests isolate themselves by creating their own tenants).
 */
export async function createTestApp(
  opts: { clock?: FakeClock; config?: Partial<Config>; logStream?: { write(line: string): void } } = {},
): Promise<TestApp> {
  const url = process.env.TEST_DATABASE_URL;
  const database = url
    ? await openDatabase({ databaseUrl: url, poolSize: 10 })
    : await openDatabase({
        dataDir: 'memory://',
        loadDataDir: new Blob([readFileSync(vitestInject('pgliteTemplate'))]),
      });
  const clock = opts.clock ?? new FakeClock(new Date());
  const config = loadConfig({
    dataDir: 'memory://',
    secret: 'test-secret-not-for-production',
    logLevel: 'silent',
    databaseUrl: url,
    // No request budget unless a test sets one (query-budget.test.ts): on a loaded CI machine a request may
    // legitimately wait seconds behind another test file's statements on the shared PostgreSQL.
    queryTimeoutMs: 0,
    // No HTTP rate limits unless a test sets them (rate-limit.test.ts): on the shared PostgreSQL every test file
    // sends from 127.0.0.1, and their counts would add up across files.
    rateLimitIp: 0,
    rateLimitKey: 0,
    sdkFeedbackIpRate: 0,
    ...opts.config,
  });
  const ctx = await bootContext(config, { database, clock, migrate: false });
  const app = await buildServer(ctx, { logStream: opts.logStream });
  await app.ready();
  return {
    app,
    ctx,
    clock,
    async close() {
      await app.close();
      await ctx.bus.stop();
      await database.close();
    },
  };
}

/** A small tenant: HQ → R1 (region) → C1 (city) → S1, S2 (stores); HQ → R2 → S3; one user per role. */
export interface TestTenant {
  tenantId: string;
  slug: string;
  units: Record<'HQ' | 'R1' | 'C1' | 'S1' | 'S2' | 'R2' | 'S3', { id: string; path: string; code: string }>;
  users: Record<string, { id: string; email: string; role: TRole; cookie: string }>;
  /** Headers for a request as the given user key (owner, admin, analyst, manager (R1), storeManager (S1), agent, viewer). */
  as(user: string): Record<string, string>;
  password: string;
}

export async function createTestTenant(ctx: AppContext, opts: { slug?: string } = {}): Promise<TestTenant> {
  const slug = opts.slug ?? `t-${randomUUID().slice(0, 8)}`;
  const password = 'correct-horse-battery';
  const t = await ctx.db.transaction((tx) =>
    createTenant(tx, {
      slug,
      name: `Tenant ${slug}`,
      root: { code: `${slug}-HQ`, name: 'HQ' },
      owner: { email: `owner@${slug}.test`, name: 'Owner', password },
    }),
  );
  const units: Record<string, { id: string; path: string; code: string }> = {
    HQ: { id: t.rootId, path: t.rootPath, code: `${slug}-HQ` },
  };
  const add = async (key: string, parent: string, kind: string) => {
    const id = randomUUID();
    const path = `${units[parent].path}${id}/`;
    const code = `${slug}-${key}`;
    await ctx.db.execute(
      sql`INSERT INTO org_units (tenant_id, id, parent_id, path, depth, code, name, kind)
          VALUES (${t.tenantId}, ${id}, ${units[parent].id}, ${path}, ${path.split('/').length - 3}, ${code}, ${`Unit ${key}`}, ${kind})`,
    );
    units[key] = { id, path, code };
  };
  await add('R1', 'HQ', 'region');
  await add('C1', 'R1', 'city');
  await add('S1', 'C1', 'store');
  await add('S2', 'C1', 'store');
  await add('R2', 'HQ', 'region');
  await add('S3', 'R2', 'store');
  const specs: Array<[string, TRole, string]> = [
    ['admin', 'admin', 'HQ'],
    ['analyst', 'analyst', 'HQ'],
    ['manager', 'manager', 'R1'],
    ['storeManager', 'manager', 'S1'],
    ['agent', 'agent', 'HQ'],
    ['viewer', 'viewer', 'HQ'],
  ];
  const users: TestTenant['users'] = {};
  const { hashPassword } = await import('../platform/passwords.ts');
  const hash = await hashPassword(password);
  const session = async (userId: string) => {
    const token = randomToken();
    await ctx.db.execute(
      sql`INSERT INTO sessions (id, tenant_id, user_id, expires_at) VALUES (${sha256(token)}, ${t.tenantId}, ${userId}, now() + interval '1 day')`,
    );
    return `lcx_session=${token}`;
  };
  users.owner = { id: t.ownerId, email: `owner@${slug}.test`, role: 'owner', cookie: await session(t.ownerId) };
  for (const [key, role, unit] of specs) {
    const id = randomUUID();
    const email = `${key.toLowerCase()}@${slug}.test`;
    await ctx.db.execute(
      sql`INSERT INTO users (tenant_id, id, email, name, password_hash, role, org_unit_id) VALUES (${t.tenantId}, ${id}, ${email}, ${key}, ${hash}, ${role}, ${units[unit].id})`,
    );
    users[key] = { id, email, role, cookie: await session(id) };
  }
  return {
    tenantId: t.tenantId,
    slug,
    units: units as TestTenant['units'],
    users,
    password,
    // Browsers send Origin with every state-changing request; the CSRF check (platform/request-guards.ts) wants it.
    as: (user) => ({ cookie: users[user].cookie, origin: ctx.config.publicUrl }),
  };
}

/** Asserts the problem+json shape and returns the parsed body. */
export function problem(res: LightMyRequestResponse) {
  const body = res.json();
  if (!String(res.headers['content-type']).startsWith('application/problem+json')) {
    throw new Error(`expected problem+json, got ${res.headers['content-type']}: ${res.body.slice(0, 200)}`);
  }
  for (const k of ['type', 'title', 'status', 'detail', 'requestId']) {
    if (!(k in body)) throw new Error(`problem body lacks ${k}: ${res.body}`);
  }
  if (body.status !== res.statusCode) throw new Error(`problem status ${body.status} ≠ HTTP ${res.statusCode}`);
  return body as {
    type: string;
    title: string;
    status: number;
    detail: string;
    requestId: string;
    invalidParams?: Array<{ name: string; reason: string }>;
  };
}

/** `inject` bound to a test app, typed for the options object form. */
export function injector(t: TestApp) {
  return (opts: InjectOptions) => t.app.inject(opts);
}

/** What most API test files share: a fresh app with two tenants (for cross-tenant cases) and an injector. */
export interface TestSuite {
  t: TestApp;
  a: TestTenant;
  b: TestTenant;
  inject: ReturnType<typeof injector>;
  /**
   * Runs due jobs of this suite's two tenants (optionally of some kinds) and returns how many ran. On PostgreSQL
   * every test file shares one database: a file must not run another file's jobs with its own clock and config.
   */
  runJobs(kinds?: Array<AnyJobDefinition | string>): Promise<number>;
}

/**
 * Registers the app and two tenants for the calling test file (before all its tests; closed after), and
 * returns the object they are filled into. Extra setup goes in the file's own `beforeAll`, which runs after.
 */
export function setupTestSuite(): TestSuite {
  const s = {} as TestSuite;
  beforeAll(async () => {
    s.t = await createTestApp();
    s.a = await createTestTenant(s.t.ctx);
    s.b = await createTestTenant(s.t.ctx);
    s.inject = injector(s.t);
  });
  s.runJobs = (kinds) => runDueJobs(s.t.ctx, kinds, { tenantIds: [s.a.tenantId, s.b.tenantId] });
  afterAll(async () => s.t?.close());
  return s;
}

/** The OpenAPI document as tests read it: each operation's responses by status. */
export interface OpenApiDoc {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>
  >;
}

/** The JSON schema OpenAPI documents for a route's answer (undefined when the route declares none). */
export const documented = (doc: OpenApiDoc, method: string, path: string, status: string) =>
  doc.paths[path]?.[method]?.responses[status]?.content?.['application/json']?.schema;
