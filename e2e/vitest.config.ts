import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@loopcx/shared': fileURLToPath(new URL('../packages/shared/src/index.ts', import.meta.url)) } },
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['e2e/**/*.e2e.test.ts'],
    // The demo tenant is seeded once (global-setup.ts) and copied per file.
    globalSetup: ['e2e/global-setup.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 600_000,
    // A poll ends as soon as its condition holds; the 1 s default was too short for a server round trip plus a
    // re-render on a loaded 2-core machine (CI failed on it once), so give every poll 10 s.
    expect: { poll: { timeout: 10_000 } },
  },
});
