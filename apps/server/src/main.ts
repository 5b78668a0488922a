import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { DEMO_USERS as DemoUsers } from './seed/demo.ts';

// The server's modules load only for the commands that need them, so `loopcx text …` starts fast.
const server = async () => {
  const [app, registry, boot, config, db, jobs, respondent, sdkScript, tenancy, demo] = await Promise.all([
    import('./app.ts'),
    import('./domains/registry.ts'),
    import('./platform/boot.ts'),
    import('./platform/config.ts'),
    import('./platform/db.ts'),
    import('./platform/jobs.ts'),
    import('./domains/respondent/module.ts'),
    import('./domains/sdk-script/module.ts'),
    import('./domains/tenancy/create-tenant.ts'),
    import('./seed/demo.ts'),
  ]);
  return {
    ...app,
    ...registry,
    ...boot,
    ...config,
    ...db,
    ...jobs,
    surveyDist: respondent.surveyDist,
    sdkDist: sdkScript.sdkDist,
    ...tenancy,
    ...demo,
  };
};

/** The session advisory lock first-start seeding holds on PostgreSQL (the migrator's is 7245001). */
const SEED_LOCK = 7245002;
/** The longest a graceful shutdown may take (under the 10 s an orchestrator usually grants before SIGKILL). */
const SHUTDOWN_LIMIT_MS = 9_000;

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

const HELP = `loopcx — customer experience management

Usage:
  loopcx start [--role=all|web|worker]   run the server (and workers); seeds the demo tenant on first start
  loopcx migrate                         apply database migrations
  loopcx seed [--seed=N]                 create or complete the demo tenant (deterministic from N)
  loopcx create-admin --email=E --password=P [--tenant=slug] [--name=N] [--org="Company"]
                                         create a tenant with this owner, or add an owner to an existing tenant
  loopcx text analyze [--lang zh|en|auto] [--taxonomy FILE]
                                         sentiment, topics and keywords of each stdin line as JSON lines (no database)
  loopcx text eval FILE                  accuracy and macro-F1 of the sentiment model on a labelled file
  loopcx text eval --triage [FILE]       per-class P/R/F1 and confusion of the triage classifier (held-out split)
  loopcx text export-corrections [--tenant=slug] [--out FILE]
                                         console corrections as training data for npm run train:sentiment

Environment: PORT, DATABASE_URL, LOOPCX_DATA_DIR, LOOPCX_DEMO_PASSWORD, LOOPCX_SECRET, LOG_LEVEL (see README).`;

/**
 * Builds the console, the respondent page and the browser SDK's script when missing, so `npm start` on a fresh clone
 * serves all three. (The SDK's type declarations are for npm users: `npm run build:sdk` writes them.)
 */
function ensureBuilt({
  consoleDist,
  surveyDist,
  sdkDist,
}: {
  consoleDist: string;
  surveyDist: string;
  sdkDist: string;
}) {
  for (const [name, file, config] of [
    ['console', join(consoleDist, 'index.html'), 'apps/console/vite.config.ts'],
    ['respondent page', join(surveyDist, 'index.html'), 'apps/survey/vite.config.ts'],
    ['browser SDK', join(sdkDist, 'loopcx.js'), 'packages/sdk/vite.config.ts'],
  ] as const) {
    if (existsSync(file)) continue;
    console.log(`Building the ${name} (first start only)…`);
    const res = spawnSync(
      process.execPath,
      [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', config, '--logLevel', 'warn'],
      // A shell's NODE_ENV=development (or test) would make Vite build React and antd in development mode.
      { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } },
    );
    if (res.status !== 0) throw new Error(`The ${name} build failed`);
  }
}

export async function main(argv: string[]) {
  const [command = 'help', ...rest] = argv;
  if (command === 'text') {
    const { textCli } = await import('./text-cli.ts');
    process.exitCode = await textCli(rest);
    return;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      role: { type: 'string', default: 'all' },
      seed: { type: 'string' },
      email: { type: 'string' },
      password: { type: 'string' },
      tenant: { type: 'string' },
      name: { type: 'string' },
      org: { type: 'string' },
      dev: { type: 'boolean' },
      'no-demo': { type: 'boolean' },
    },
    allowPositionals: true,
    strict: true,
  });

  switch (command) {
    case 'start':
      return start(values.role ?? 'all', { demo: !values['no-demo'], dev: !!values.dev });
    case 'migrate': {
      const { bootContext, closeContext, loadConfig } = await server();
      const ctx = await bootContext(loadConfig(), { migrate: false });
      const { migrate } = await import('./platform/migrate.ts');
      const { migrations, functions } = await migrate(ctx.database);
      const applied = [...migrations, ...functions.map((f) => `sql/functions/${f}.sql`)];
      console.log(applied.length ? `Applied ${applied.join(', ')}` : 'Database is up to date');
      await closeContext(ctx);
      return;
    }
    case 'seed': {
      const { bootContext, closeContext, loadConfig, seedDemo, DEMO_USERS } = await server();
      const config = loadConfig();
      const ctx = await bootContext(config);
      const res = await seedDemo(ctx, {
        password: config.demoPassword,
        seed: values.seed ? Number(values.seed) : undefined,
        log: console.log,
      });
      printLogins(DEMO_USERS, res.generatedPassword, config.demoPassword, res.created);
      await closeContext(ctx);
      return;
    }
    case 'create-admin':
      return createAdmin(values);
    default:
      console.log(HELP);
  }
}

function printLogins(
  users: typeof DemoUsers,
  generated: string | undefined,
  configured: string | undefined,
  created: boolean,
) {
  if (!created) return;
  console.log('\nDemo logins (味道连锁 Savor Chain):');
  for (const u of users) console.log(`  ${u.email.padEnd(28)} ${u.role}`);
  if (generated) console.log(`  password: ${generated}   (generated once; set LOOPCX_DEMO_PASSWORD to choose it)\n`);
  else if (configured) console.log('  password: the value of LOOPCX_DEMO_PASSWORD\n');
}

async function start(role: string, opts: { demo: boolean; dev: boolean }) {
  if (!['all', 'web', 'worker'].includes(role)) throw new Error(`--role must be all, web or worker (got ${role})`);
  const s = await server();
  const { loadConfig, bootContext, closeContext, one, sql, seedDemo, loadModules, startWorker, buildServer } = s;
  const { releaseEmbeddedLeases } = s;
  const config = loadConfig();
  if (role !== 'all' && !config.databaseUrl) {
    throw new Error(
      '--role=web and --role=worker run as separate processes and need DATABASE_URL: the embedded database supports one process',
    );
  }
  const web = role !== 'worker';
  if (web && !opts.dev) ensureBuilt(s);
  const ctx = await bootContext(config);
  if (opts.demo && config.seedDemo && role !== 'worker') {
    // Several web nodes starting at once on an empty database: one seeds, the others wait for it and then find the
    // tenant (without the lock each saw no tenant and all but one crashed on the duplicate key).
    await ctx.database.session(async (exec) => {
      if (ctx.database.kind === 'postgres') await exec(`SELECT pg_advisory_lock(${SEED_LOCK})`);
      try {
        const anyTenant = await one(ctx.db, sql`SELECT 1 FROM tenants LIMIT 1`);
        if (!anyTenant) {
          console.log('First start: seeding the demo tenant…');
          const res = await seedDemo(ctx, { password: config.demoPassword, log: console.log });
          printLogins(s.DEMO_USERS, res.generatedPassword, config.demoPassword, res.created);
        }
      } finally {
        if (ctx.database.kind === 'postgres') await exec(`SELECT pg_advisory_unlock(${SEED_LOCK})`);
      }
    });
  }
  // Module inits (response listeners, job merges, the text model and jieba) run before the worker claims its
  // first job: buildServer runs them on web nodes, a worker-only node runs them here.
  const modules = await loadModules();
  if (!web) for (const m of modules) await m.init?.(ctx);
  const app = web ? await buildServer(ctx, { serveConsole: true }) : undefined;
  if (role !== 'web') {
    const released = await releaseEmbeddedLeases(ctx);
    if (released) console.log(`Resuming ${released} job(s) the last run was doing when it stopped.`);
  }
  const stopWorker = role !== 'web' ? startWorker(ctx, { log: (m, e) => console.error(m, e) }) : undefined;
  if (app) {
    await app.listen({ port: config.port, host: config.host });
    const demo = !!(await one(ctx.db, sql`SELECT 1 FROM tenants WHERE slug = ${s.DEMO_SLUG}`));
    const { startBanner } = await import('./platform/banner.ts');
    for (const line of startBanner({ config, database: ctx.database.kind, demo })) console.log(line);
  } else console.log('loopcx worker started');
  let stopping = false;
  // SIGTERM (a rolling deploy): stop taking requests (new ones answer 503), end the live streams, let the requests
  // in flight finish — their responses are written and acknowledged — then the worker's current jobs, then the
  // bus's pending publishes; a node that still has not exited after SHUTDOWN_LIMIT_MS exits anyway, before an
  // orchestrator's kill -9 (10 s by default in Kubernetes and systemd's TimeoutStopSec is larger).
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    const t0 = Date.now();
    setTimeout(() => {
      console.error(`loopcx: shutdown still running after ${SHUTDOWN_LIMIT_MS} ms; exiting`);
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS).unref();
    // Fastify closes the connections idle when closing starts; keep-alive connections whose request finishes later
    // would otherwise hold the server open for its 72 s keep-alive timeout.
    const sweep = setInterval(() => app?.server.closeIdleConnections(), 100);
    await app?.close();
    clearInterval(sweep);
    console.log(`loopcx: HTTP closed after ${Date.now() - t0} ms`);
    await stopWorker?.();
    await closeContext(ctx);
    console.log(`loopcx stopped in ${Date.now() - t0} ms`);
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

async function createAdmin(v: Record<string, string | boolean | undefined>) {
  const email = String(v.email ?? '')
    .trim()
    .toLowerCase();
  const password = String(v.password ?? '');
  if (!email.includes('@') || password.length < 10)
    throw new Error('create-admin needs --email and a --password of at least 10 characters');
  const slug = String(v.tenant ?? 'default');
  const { bootContext, closeContext, loadConfig, one, sql, createTenant } = await server();
  const ctx = await bootContext(loadConfig());
  try {
    const tenant = await one<{ id: string }>(ctx.db, sql`SELECT id FROM tenants WHERE slug = ${slug}`);
    if (!tenant) {
      await ctx.db.transaction((tx) =>
        createTenant(tx, {
          slug,
          name: String(v.org ?? slug),
          root: { code: 'HQ', name: String(v.org ?? 'HQ') },
          owner: { email, name: String(v.name ?? email), password },
        }),
      );
      console.log(`Created tenant ${slug} with owner ${email}`);
    } else {
      const { hashPassword } = await import('./platform/passwords.ts');
      const root = await one<{ id: string }>(
        ctx.db,
        sql`SELECT id FROM org_units WHERE tenant_id = ${tenant.id} AND parent_id IS NULL ORDER BY created_at LIMIT 1`,
      );
      await ctx.db.execute(
        sql`INSERT INTO users (tenant_id, id, email, name, password_hash, role, org_unit_id)
            VALUES (${tenant.id}, gen_random_uuid(), ${email}, ${String(v.name ?? email)}, ${await hashPassword(password)}, 'owner', ${root!.id})
            ON CONFLICT (tenant_id, email) DO UPDATE SET role = 'owner', password_hash = excluded.password_hash, status = 'active', org_unit_id = excluded.org_unit_id`,
      );
      console.log(`${email} is an owner of tenant ${slug}`);
    }
  } finally {
    await closeContext(ctx);
  }
}
