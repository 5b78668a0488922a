import type { FastifyRequest } from 'fastify';

/**
 * The origin of the page that sent a public SDK request. Browsers send `Origin` on every cross-origin request and on
 * same-origin POSTs, but not on a same-origin GET: a page served by loopcx itself (the /sdk/demo shop) reading
 * `GET /sdk/v1/config` would look like a server and be refused. Such a GET carries `Sec-Fetch-Site: same-origin`
 * (set by the browser, never by page script), so it is taken to come from the server's own public origin, which
 * the key must still list. A non-browser client could send either header; it gains nothing it could not get by
 * sending `Origin` itself.
 */
export function requestOrigin(req: Pick<FastifyRequest, 'headers'>, publicUrl: string): string | undefined {
  const origin = req.headers.origin;
  if (typeof origin === 'string' && origin) return origin;
  if (req.headers['sec-fetch-site'] !== 'same-origin') return undefined;
  try {
    return new URL(publicUrl).origin;
  } catch {
    return undefined;
  }
}
