import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootContext, closeContext } from '../apps/server/src/platform/boot.ts';
import { loadConfig } from '../apps/server/src/platform/config.ts';
import { seedDemo } from '../apps/server/src/seed/demo.ts';
import { DEMO_PASSWORD, E2E_SECRET, ensureConsole } from './support.ts';

/**
 * Seeds the demo tenant once per browser-test run into a data directory that every test file copies (startStack),
 * instead of seeding it again per file: the seed is most of a file's setup time (~1–4 minutes on 2 cores).
 */
export default async function setup() {
  ensureConsole();
  const dir = mkdtempSync(join(tmpdir(), 'loopcx-e2e-template-'));
  const config = loadConfig({ dataDir: dir, logLevel: 'silent', port: 0, databaseUrl: undefined, secret: E2E_SECRET });
  const ctx = await bootContext(config);
  await seedDemo(ctx, { password: DEMO_PASSWORD });
  await closeContext(ctx);
  process.env.LOOPCX_E2E_TEMPLATE = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
