import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pickEncoding } from '../../platform/compress.ts';
import { AppError } from '../../platform/errors.ts';
import type { Router } from '../../platform/routing.ts';

/** packages/sdk/dist: loopcx.js and the .br/.gz the build writes beside it (scripts/vite-precompress.ts). */
export const sdkDist = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  '..',
  '..',
  'packages',
  'sdk',
  'dist',
);

interface Script {
  mtimeMs: number;
  etag: string;
  raw: Buffer;
  br?: Buffer;
  gzip?: Buffer;
}
let cached: Script | undefined;

const optional = (file: string) => readFile(file).catch(() => undefined);

/**
 * The built script and its compressed copies, read once and again only when the file changed (a rebuild while the
 * server runs). Missing → 503: the server starts without it in API tests and `--dev`.
 */
async function script(): Promise<Script> {
  const file = join(sdkDist, 'loopcx.js');
  const st = await stat(file).catch(() => undefined);
  if (!st) throw new AppError('unavailable', 'The browser SDK is not built: run `npm run build:sdk`');
  if (cached?.mtimeMs === st.mtimeMs) return cached;
  const [raw, br, gzip] = await Promise.all([readFile(file), optional(`${file}.br`), optional(`${file}.gz`)]);
  const etag = `"${createHash('sha256').update(raw).digest('base64url').slice(0, 22)}"`;
  cached = { mtimeMs: st.mtimeMs, etag, raw, br, gzip };
  return cached;
}

/**
 * GET /sdk/v1/loopcx.js: the script any site embeds with a <script> tag. Public and cross-origin by design (CORS
 * `*`, Cross-Origin-Resource-Policy cross-origin so pages with COEP can load it); cached 5 minutes, so a new
 * release reaches sites within that, and revalidated by ETag after. Sent precompressed (brotli or gzip as the
 * browser accepts); the server's per-request compression leaves an encoded body alone.
 */
export async function sdkScriptRoutes(r: Router) {
  r.get(
    '/sdk/v1/loopcx.js',
    {
      schema: { hide: true },
      // A static file from memory, like the console's assets (which no limiter counts): a whole office or campus
      // behind one NAT address loads it when its cache ends, and counting each load would cost a counter write.
      config: { rateLimit: false },
    },
    async (req, reply) => {
      const s = await script();
      reply
        .header('content-type', 'text/javascript; charset=utf-8')
        .header('cache-control', 'public, max-age=300')
        .header('access-control-allow-origin', '*')
        .header('cross-origin-resource-policy', 'cross-origin')
        .header('etag', s.etag)
        .header('vary', 'accept-encoding');
      const match = req.headers['if-none-match'];
      if (match?.split(',').some((t) => t.trim().replace(/^W\//, '') === s.etag)) return reply.code(304).send();
      const encoding = pickEncoding(req.headers['accept-encoding']);
      const body = encoding === 'br' ? s.br : encoding === 'gzip' ? s.gzip : undefined;
      if (body && encoding) return reply.header('content-encoding', encoding).send(body);
      return reply.send(s.raw);
    },
  );
}
