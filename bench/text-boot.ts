// Child process of bench/scenarios/text.ts: what the text module adds to a server's boot. Prints one JSON line.
// Process start → PGlite opened and migrated (fresh temp dir) → modules discovered → text `init` (model, jieba,
// tenant analyzers) → first analysis of a comment by a tenant's analyzer. Tenant setup time is excluded.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModules } from '../apps/server/src/domains/registry.ts';
import { createTenant } from '../apps/server/src/domains/tenancy/create-tenant.ts';
import { analyzerFor } from '../apps/server/src/domains/text/analyzer-cache.ts';
import { installPack } from '../apps/server/src/domains/text/commands/install-pack.ts';
import { bootContext, closeContext } from '../apps/server/src/platform/boot.ts';
import { loadConfig } from '../apps/server/src/platform/config.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'loopcx-text-boot-'));
const t0 = performance.now();
const ctx = await bootContext(loadConfig({ dataDir, logLevel: 'silent', databaseUrl: undefined, secret: 'bench' }));
const databaseMs = performance.now() - t0;
const modules = await loadModules();
const text = modules.find((m) => m.name === 'text')!;
const initStarted = performance.now();
await text.init!(ctx);
const initMs = performance.now() - initStarted;
const afterInit = performance.now();

const setupStarted = performance.now();
const tenant = await ctx.db.transaction((tx) =>
  createTenant(tx, {
    slug: 'boot',
    name: 'Boot',
    root: { code: 'HQ', name: 'HQ' },
    owner: { email: 'o@boot.x', name: 'o', password: 'bench-password-1' },
  }),
);
await ctx.db.transaction((tx) =>
  installPack(
    tx,
    ctx.clock,
    {
      tenantId: tenant.tenantId,
      kind: 'user',
      id: tenant.ownerId,
      role: 'owner',
      orgUnitId: tenant.rootId,
      orgPath: '',
    },
    'restaurant',
    'replace',
  ),
);
const setupMs = performance.now() - setupStarted;
const analyzeStarted = performance.now();
const a = (await analyzerFor(ctx.db, tenant.tenantId)).analyze('味道不错，但是送餐太慢了');
const firstMs = performance.now() - analyzeStarted;
await closeContext(ctx);
rmSync(dataDir, { recursive: true, force: true });
console.log(
  JSON.stringify({
    processStartToInitDoneMs: Math.round(afterInit),
    databaseMs: Math.round(databaseMs),
    initMs: Math.round(initMs),
    firstAnalysisMs: Math.round(afterInit + firstMs),
    firstAnalysisOwnMs: Math.round(firstMs * 10) / 10,
    setupExcludedMs: Math.round(setupMs),
    label: a.sentiment.label,
  }),
);
process.exit(0);
