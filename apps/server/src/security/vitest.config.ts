import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * `npm run test:security`: the generated proof suites (hostile inputs from the OpenAPI document, isolation from the
 * route table, crash safety). PGlite by default, PostgreSQL with TEST_DATABASE_URL. Files run one after another:
 * each is heavy, and the crash suite starts server processes of its own.
 */
export default defineConfig({
  resolve: {
    alias: { '@loopcx/shared': fileURLToPath(new URL('../../../../packages/shared/src/index.ts', import.meta.url)) },
  },
  test: {
    root: fileURLToPath(new URL('../../../..', import.meta.url)),
    include: ['apps/server/src/security/*.security.ts'],
    globalSetup: ['apps/server/src/testing/global-setup.ts'],
    pool: 'forks',
    testTimeout: 900_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
