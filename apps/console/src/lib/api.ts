/**
 * One field-level problem of a problem+json answer. `reason` is English; where the server gives a `code` (e.g.
 * `question.name_duplicate`, with `params`) a page can say it in the user's language instead.
 */
export interface InvalidParam {
  name: string;
  reason: string;
  code?: string;
  params?: Record<string, string | number>;
}

/** A problem+json error from the API, with field-level reasons when the input was invalid. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly invalidParams: InvalidParam[] = [],
    readonly requestId?: string,
    /** The problem's own code and parameters, when the server names one (e.g. `survey.not_publishable`). */
    readonly code?: string,
    readonly params?: Record<string, string | number>,
  ) {
    super(detail || title);
  }
}

let onUnauthenticated: (() => void) | undefined;
/** The shell registers what happens on a 401 (back to the login page). */
export function setUnauthenticatedHandler(fn: () => void) {
  onUnauthenticated = fn;
}

/** fetch for the loopcx API: JSON in and out, cookies, problem+json errors as ApiError. */
export async function api<T = any>(
  path: string,
  init: { method?: string; body?: unknown; raw?: boolean; headers?: Record<string, string> } = {},
): Promise<T> {
  const res = await fetch(path.startsWith('/') ? path : `/api/v1/${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    credentials: 'same-origin',
    headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  if (!res.ok) {
    if (res.status === 401 && !path.includes('auth/login')) onUnauthenticated?.();
    if (type.includes('json')) {
      const p = await res.json();
      throw new ApiError(
        res.status,
        p.title ?? res.statusText,
        p.detail ?? '',
        p.invalidParams ?? [],
        p.requestId,
        p.code,
        p.params,
      );
    }
    throw new ApiError(res.status, res.statusText, await res.text());
  }
  if (init.raw) return res as unknown as T;
  return (type.includes('json') ? res.json() : res.text()) as Promise<T>;
}

/** Maps an ApiError's invalidParams onto antd Form fields (`a.b.0` → ['a','b',0]). */
export function formErrors(err: unknown): Array<{ name: (string | number)[]; errors: string[] }> {
  if (!(err instanceof ApiError)) return [];
  return err.invalidParams.map((p) => ({
    name: p.name.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s)),
    errors: [p.reason],
  }));
}
