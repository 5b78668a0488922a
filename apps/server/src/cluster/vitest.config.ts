import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * `npm run test:cluster`: the multi-process proofs (issue 21). Each file starts web and worker processes of the real
 * CLI on a scratch PostgreSQL database beside LOOPCX_CLUSTER_PG_URL / TEST_DATABASE_URL (default: the local server)
 * and drops it at the end. Files run one after another: each starts several servers on a 2-core machine.
 */
export default defineConfig({
  resolve: {
    alias: { '@loopcx/shared': fileURLToPath(new URL('../../../../packages/shared/src/index.ts', import.meta.url)) },
  },
  test: {
    root: fileURLToPath(new URL('../../../..', import.meta.url)),
    include: ['apps/server/src/cluster/*.cluster.ts'],
    pool: 'forks',
    testTimeout: 180_000,
    hookTimeout: 240_000,
    fileParallelism: false,
  },
});
