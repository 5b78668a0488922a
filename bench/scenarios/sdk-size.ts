import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { sdkDist } from '../../apps/server/src/domains/sdk-script/module.ts';
import type { BenchScenario } from '../run.ts';

/** The budget for the script a site embeds, compressed. */
const BUDGET_BYTES = 12 * 1024;

/**
 * Bytes of the browser SDK a site downloads (packages/sdk/dist/loopcx.js, what GET /sdk/v1/loopcx.js serves):
 * raw, gzip -9 and brotli 11 as the build precompresses it, against the 12 KB compressed budget. Built first when
 * missing (npm run build:sdk). Not a timing: run once, on any database.
 */
export const scenario: BenchScenario = {
  name: 'sdk-size',
  databases: ['pglite'],
  async run() {
    const file = join(sdkDist, 'loopcx.js');
    if (!existsSync(file)) {
      const res = spawnSync(
        process.execPath,
        ['node_modules/vite/bin/vite.js', 'build', '--config', 'packages/sdk/vite.config.ts', '--logLevel', 'warn'],
        { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } },
      );
      if (res.status !== 0) throw new Error('the SDK build failed');
    }
    const raw = readFileSync(file);
    const gzip = gzipSync(raw, { level: 9 }).length;
    const brotli = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    return {
      'loopcx.js raw bytes': raw.length,
      'loopcx.js gzip bytes': gzip,
      'loopcx.js brotli bytes': brotli,
      'budget (gzip) bytes': BUDGET_BYTES,
      'share of budget (gzip)': `${((100 * gzip) / BUDGET_BYTES).toFixed(1)} %`,
      'within budget': gzip <= BUDGET_BYTES ? 'yes' : 'NO',
    };
  },
};
