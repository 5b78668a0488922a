import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/**
 * Smallest body worth compressing. Below it the saving is a few hundred bytes at most, and the hot small answers
 * (an ingest 201, a login, a health check) skip compression entirely: this hook then costs two header reads.
 */
export const COMPRESS_MIN_BYTES = 2048;

const COMPRESSIBLE_TYPE = /^(application\/(json|problem\+json|xml)|text\/(csv|plain|html|xml))\b/;

/** The encoding to answer with: brotli when the client takes it, else gzip, else none (q=0 means "not this one"). */
export function pickEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | undefined {
  if (!acceptEncoding) return undefined;
  const accepted = new Set(
    acceptEncoding
      .toLowerCase()
      .split(',')
      .map((part) => part.trim().split(';'))
      .filter(([, q]) => !q || !/^\s*q\s*=\s*0(\.0*)?\s*$/.test(q))
      .map(([name]) => name!.trim()),
  );
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip') || accepted.has('*')) return 'gzip';
  return undefined;
}

/**
 * onSend hook: compresses JSON and text bodies of at least COMPRESS_MIN_BYTES for clients that accept it (brotli at
 * quality 4, the speed of gzip -6 with smaller output; gzip -6 otherwise), on libuv's thread pool. Streams (static
 * files, which are precompressed at build, exports, SSE) and already-encoded bodies pass through untouched.
 */
export async function compressPayload(req: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
  const length = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
  if (length < COMPRESS_MIN_BYTES || req.method === 'HEAD' || reply.hasHeader('content-encoding')) return payload;
  const type = reply.getHeader('content-type');
  if (typeof type !== 'string' || !COMPRESSIBLE_TYPE.test(type)) return payload;
  const vary = reply.getHeader('vary');
  if (!vary) reply.header('vary', 'accept-encoding');
  else if (!/accept-encoding/i.test(String(vary))) reply.header('vary', `${vary}, accept-encoding`);
  const encoding = pickEncoding(req.headers['accept-encoding']);
  if (!encoding) return payload;
  const body =
    encoding === 'br'
      ? await brotli(payload, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: 4,
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            [constants.BROTLI_PARAM_SIZE_HINT]: length,
          },
        })
      : await gz(payload, { level: 6 });
  reply.header('content-encoding', encoding);
  reply.removeHeader('content-length');
  return body;
}
