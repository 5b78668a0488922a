/** Every error code loopcx answers with, and its HTTP status: the one table (STYLE.md "Errors"). */
export const ERROR_STATUS = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  invalid: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

const TITLES: Record<ErrorCode, string> = {
  bad_request: 'Bad request',
  unauthenticated: 'Authentication required',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  conflict: 'Conflict',
  gone: 'Gone',
  payload_too_large: 'Payload too large',
  unsupported_media_type: 'Unsupported media type',
  invalid: 'Invalid input',
  rate_limited: 'Too many requests',
  internal: 'Internal error',
  unavailable: 'Service unavailable',
};

/**
 * One field-level problem: `name` is a dotted path into the input (e.g. `responses.3.answers.nps`), `reason` the
 * English text. Where a screen shows the problem to a business user, `code` (e.g. `answer.out_of_range`) and its
 * `params` let the console say it in the user's language (`packages/shared/src/reasons.ts`: answers, import rejects).
 */
export interface InvalidParam {
  name: string;
  reason: string;
  code?: string;
  params?: Record<string, string | number>;
}

/** The only error type domains throw; the HTTP layer turns it into application/problem+json. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly invalidParams?: InvalidParam[];
  readonly extra?: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    detail?: string,
    opts: { invalidParams?: InvalidParam[]; extra?: Record<string, unknown> } = {},
  ) {
    super(detail ?? TITLES[code]);
    this.code = code;
    this.invalidParams = opts.invalidParams;
    this.extra = opts.extra;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what = 'Resource') => new AppError('not_found', `${what} not found`);
export const forbidden = (detail = 'You are not allowed to do this') => new AppError('forbidden', detail);
export const invalid = (name: string, reason: string) =>
  new AppError('invalid', `${name}: ${reason}`, { invalidParams: [{ name, reason }] });
export const conflict = (detail: string, name?: string) =>
  new AppError('conflict', detail, name ? { invalidParams: [{ name, reason: detail }] } : {});

/** The problem+json body (RFC 9457) every error response carries. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  requestId: string;
  invalidParams?: InvalidParam[];
  [k: string]: unknown;
}

export function toProblem(err: AppError, requestId: string): Problem {
  return {
    type: `https://loopcx.dev/errors/${err.code}`,
    title: TITLES[err.code],
    status: err.status,
    detail: err.message,
    requestId,
    ...(err.invalidParams?.length ? { invalidParams: err.invalidParams } : {}),
    ...(err.extra ?? {}),
  };
}

type DriverError = { code?: string; constraint?: string; detail?: string; column?: string; cause?: unknown };

/** The PostgreSQL error inside what a query threw: Drizzle wraps driver errors ("Failed query: …") with it as `cause`. */
export function databaseErrorOf(err: unknown): DriverError | undefined {
  let e = err as DriverError | undefined;
  for (let depth = 0; depth < 3 && typeof e?.code !== 'string' && e?.cause; depth++) e = e.cause as DriverError;
  return typeof e?.code === 'string' ? e : undefined;
}

/** PostgreSQL error codes we map once, here, instead of catching them around queries. */
export function fromDatabaseError(err: unknown): AppError | undefined {
  const e = databaseErrorOf(err);
  if (typeof e?.code !== 'string' || e.code.length !== 5) return undefined;
  const field = e.constraint ?? e.column;
  switch (e.code) {
    case '23505':
      return new AppError('conflict', 'A record with the same unique value already exists', {
        invalidParams: field ? [{ name: constraintField(field), reason: 'already exists' }] : undefined,
      });
    case '23503':
      return new AppError('invalid', 'A referenced record does not exist or is still referenced', {
        invalidParams: field ? [{ name: constraintField(field), reason: 'reference is not valid' }] : undefined,
      });
    case '23514':
    case '23502':
    case '22001':
    case '22003':
    case '22007':
    case '22008':
    case '22P02':
    case '22023':
    case '2201B':
    case '22025':
    case '54000':
      return new AppError('invalid', 'A value is not valid for its field');
    case '22P05':
    case '22021':
      return new AppError('invalid', 'A value contains a character that cannot be stored (NUL or a lone surrogate)');
    case '57014':
      // statement_timeout on PostgreSQL; on PGlite the wait for the one connection ran past the budget.
      return new AppError(
        'unavailable',
        'The query took too long and was stopped; narrow the filter (a shorter period, fewer units or conditions) and try again',
        { extra: { reason: 'query_timeout' } },
      );
    case '40001':
    case '40P01':
      return new AppError('conflict', 'Concurrent update; retry the request');
    default:
      return undefined;
  }
}

/** `org_units_tenant_id_code_key` → `code`: constraint names follow `<table>_<cols>_key`. */
function constraintField(constraint: string): string {
  const m = /^[a-z_]+?_(?:tenant_id_)?([a-z_]+?)_(?:key|fkey|check|idx)$/.exec(constraint);
  return m ? m[1] : constraint;
}
