import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'vite';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** Files worth compressing: text assets of at least 1 KB (below that the headers outweigh the saving). */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt)$/;
const MIN_BYTES = 1024;
/**
 * Brotli's best quality (11) is ~8 % smaller than quality 9 on these chunks but ~5× slower (a 500 KB chunk: 3.8 s
 * instead of 0.8 s on the shared build machine). Files a first load fetches are well under this size and get 11;
 * only the big lazy vendor chunks (survey-core) get 9, so the first-start build stays short.
 */
const BEST_QUALITY_MAX_BYTES = 600 * 1024;

/**
 * Writes `<file>.br` (brotli, quality 11; 9 above BEST_QUALITY_MAX_BYTES) and `<file>.gz` (gzip -9) beside every compressible file of the build,
 * so the server sends compressed assets without compressing per request (@fastify/static `preCompressed`). A
 * compressed copy that is not smaller than the file is not written. Runs after the bundle is written; the work runs
 * on libuv's thread pool.
 */
export function precompress(): Plugin {
  return {
    name: 'loopcx:precompress',
    apply: 'build',
    async writeBundle(options, bundle) {
      const outDir = options.dir;
      if (!outDir) return;
      const files = Object.keys(bundle).filter((f) => COMPRESSIBLE.test(f));
      await Promise.all(
        files.map(async (f) => {
          const path = join(outDir, f);
          const buf = await readFile(path);
          if (buf.length < MIN_BYTES) return;
          const [br, gzipped] = await Promise.all([
            brotli(buf, {
              params: {
                [constants.BROTLI_PARAM_QUALITY]: buf.length <= BEST_QUALITY_MAX_BYTES ? 11 : 9,
                [constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
                [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
              },
            }),
            gz(buf, { level: 9 }),
          ]);
          if (br.length < buf.length) await writeFile(`${path}.br`, br);
          if (gzipped.length < buf.length) await writeFile(`${path}.gz`, gzipped);
        }),
      );
    },
  };
}
