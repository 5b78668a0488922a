import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';
import { guardedJsonParser } from './json-guard.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Body media types a route accepts besides application/json (e.g. `['text/csv']` for CSV uploads). Anything
     * else is a 415 before the body is parsed.
     */
    uploadTypes?: readonly string[];
  }
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** True for methods that change state, which a cross-site page must not make a logged-in browser send. */
export const isStateChanging = (method: string) => STATE_CHANGING.has(method);

const originOf = (value: string): string | null => {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
};

/**
 * CSRF check for a request the session cookie authenticates: its Origin (or, when a browser sent none, its
 * Referer's origin) must be the public URL's or the request's own (`protocol://host` as the server sees it,
 * through trusted proxies). Browsers send Origin on every cross-site POST/PUT/PATCH/DELETE (forms and fetch
 * alike); a request with neither header, or with `Origin: null` (sandboxed frames, privacy redirects), is
 * refused too — scripts and integrations authenticate with an API key, which is exempt.
 */
export function assertSameOrigin(req: FastifyRequest, publicUrl: string): void {
  const given = req.headers.origin ?? req.headers.referer;
  const origin = typeof given === 'string' ? originOf(given) : null;
  if (origin) {
    const own = originOf(`${req.protocol}://${req.host}`);
    if (origin === originOf(publicUrl) || origin === own) return;
  }
  throw new AppError(
    'forbidden',
    'Cross-site request refused: a console session may change data only from the console itself (Origin must match)',
  );
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes a body as UTF-8, refusing invalid byte sequences (400) instead of storing U+FFFD. */
export function decodeUtf8(body: Buffer): string {
  try {
    return strictUtf8.decode(body);
  } catch {
    throw new AppError('bad_request', 'The request body is not valid UTF-8');
  }
}

const mediaType = (value: string | undefined) => (value ?? '').split(';')[0].trim().toLowerCase();

const hasBody = (req: FastifyRequest) => {
  const len = req.headers['content-length'];
  return (len !== undefined && len !== '0') || req.headers['transfer-encoding'] !== undefined;
};

/**
 * A buffer body parser that decodes strict UTF-8 and then parses JSON as every JSON body is (the depth and
 * prototype-key guard of json-guard.ts, then Fastify's parser). A scope may use it for another media type (the
 * browser SDK's text/plain beacons).
 */
export function utf8JsonParser(app: FastifyInstance) {
  const json = guardedJsonParser(
    app.getDefaultJsonParser('error', 'error') as unknown as Parameters<typeof guardedJsonParser>[0],
  );
  return (req: FastifyRequest, body: string | Buffer, done: (err: Error | null, body?: unknown) => void) => {
    let text: string;
    try {
      text = decodeUtf8(body as Buffer);
    } catch (err) {
      done(err as Error, undefined);
      return;
    }
    json(req, text, done);
  };
}

/**
 * Body parsing for every route: JSON (and CSV where a route declares it) decoded as strict UTF-8, and a 415 for
 * any other media type — in particular the text/plain and form types a cross-site form can send without a
 * preflight. Fastify's own JSON parser still runs (prototype-poisoning checks included) on the decoded text, after
 * the depth bound of json-guard.ts.
 */
export function registerBodyGuards(app: FastifyInstance) {
  const json = utf8JsonParser(app);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, json);
  app.addContentTypeParser('text/csv', { parseAs: 'buffer' }, (_req, body, done) => {
    try {
      done(null, decodeUtf8(body as Buffer));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
  app.addHook('preParsing', async (req) => {
    if (!hasBody(req) || req.method === 'GET' || req.method === 'HEAD') return;
    const type = mediaType(req.headers['content-type']);
    if (type === 'application/json') return;
    const declared = req.routeOptions.config?.uploadTypes ?? [];
    if (declared.includes(type)) return;
    throw new AppError(
      'unsupported_media_type',
      `Send the body as application/json${declared.length ? ` or ${declared.join(', ')}` : ''} (got ${type || 'no Content-Type'})`,
    );
  });
}
