/**
 * What may reach a log line. Logs are read by more people (operators, log shippers, support) than the database, so
 * they carry no secret or personal value at any level: no passwords, API keys, session cookies, survey tokens,
 * phone numbers or emails. Query parameters are where those travel, so errors lose them and URLs lose their values.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Path segments after these carry a signed survey token (`/s/:token`, `/public/surveys/:token`). */
const TOKEN_PARENTS = new Set(['s', 'surveys']);

/**
 * A request URL fit for a log: survey tokens and any other long opaque segment become `…`, and query values are
 * dropped (`?q=…`: a customer search by phone or email travels there), keeping the keys for debugging.
 */
export function loggableUrl(url: string): string {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const segments = path.split('/');
  const isPublic = segments.includes('public');
  const masked = segments.map((seg, i) => {
    if (!seg || UUID.test(seg)) return seg;
    const parent = segments[i - 1];
    if (parent === 's' && i === 2) return '…';
    if (isPublic && parent !== undefined && TOKEN_PARENTS.has(parent)) return '…';
    return seg.length >= 32 ? '…' : seg;
  });
  if (q < 0) return masked.join('/');
  const keys = url
    .slice(q + 1)
    .split('&')
    .filter(Boolean)
    .map((pair) => `${pair.split('=')[0]}=…`);
  return `${masked.join('/')}?${keys.join('&')}`;
}

type ErrorLike = Error & { query?: unknown; params?: unknown; detail?: unknown; code?: unknown; cause?: unknown };

/**
 * An error's message without bound values: Drizzle's "Failed query: … params: <every value>" keeps the query and
 * the driver's own message, and PostgreSQL's `detail` ("Key (email)=(…) already exists") is never included.
 */
export function safeErrorMessage(err: unknown): string {
  const e = err as ErrorLike | undefined;
  if (!e || typeof e !== 'object') return String(err);
  const message = String(e.message ?? '');
  if (typeof e.query === 'string' && 'params' in e) {
    const cause = e.cause as ErrorLike | undefined;
    return `Failed query: ${e.query}${cause?.message ? ` (${safeErrorMessage(cause)})` : ''}`;
  }
  return message;
}

/** The log serializer for errors (pino `err`) and what the worker prints for failed jobs. */
export function serializeError(err: unknown): { type: string; message: string; stack: string; [k: string]: unknown } {
  const e = err as ErrorLike | undefined;
  if (!e || typeof e !== 'object') return { type: typeof err, message: String(err), stack: '' };
  const message = safeErrorMessage(e);
  const original = String(e.message ?? '');
  const stack =
    typeof e.stack === 'string' ? e.stack.replace(original, message).split('\n').slice(0, 12).join('\n') : '';
  const out: ReturnType<typeof serializeError> = { type: e.constructor?.name ?? 'Error', message, stack };
  if (typeof e.code === 'string' || typeof e.code === 'number') out.code = e.code;
  if (e.cause && e.cause !== e) out.cause = { message: safeErrorMessage(e.cause), code: (e.cause as ErrorLike).code };
  return out;
}
