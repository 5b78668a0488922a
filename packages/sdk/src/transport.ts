/**
 * What became of one batch: `ok` (stored, or already stored), `retry` (network error, 408, 429, 5xx: the events stay
 * queued) or `drop` (any other 4xx: resending the same body would be refused again).
 */
export interface SendResult {
  outcome: 'ok' | 'retry' | 'drop';
  status: number;
  /** The server's Retry-After, in ms, when it gave one. */
  retryAfterMs?: number;
  /** The problem's detail or title when the server refused the batch and the answer was readable. */
  problem?: string;
}

/**
 * The body goes as text/plain: with that type (and no custom header) a cross-origin POST is a CORS "simple request",
 * sent without an OPTIONS preflight first, which halves the round trips of a page's first batch. The server parses
 * text/plain bodies as JSON (the contract), as it must for sendBeacon anyway.
 */
const TYPE = 'text/plain;charset=UTF-8';

/**
 * POSTs a batch with fetch: `keepalive` so a send started just before the page goes away still completes,
 * `credentials: 'omit'` so no cookie of the loopcx host is ever sent. Never rejects.
 */
export function post(url: string, body: string): Promise<SendResult> {
  if (typeof fetch !== 'function') {
    return Promise.resolve<SendResult>(
      beacon(url, body) ? { outcome: 'ok', status: 0 } : { outcome: 'retry', status: 0 },
    );
  }
  let req: Promise<Response>;
  try {
    req = fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': TYPE },
      keepalive: true,
      credentials: 'omit',
      mode: 'cors',
    });
  } catch {
    return Promise.resolve<SendResult>({ outcome: 'retry', status: 0 });
  }
  return req.then(
    (res) => {
      const status = res.status;
      if (status >= 200 && status < 300) return { outcome: 'ok', status } as SendResult;
      if (status === 408 || status === 429 || status >= 500) {
        const after = Number(res.headers.get('retry-after'));
        return { outcome: 'retry', status, retryAfterMs: after > 0 ? after * 1000 : undefined } as SendResult;
      }
      return res.json().then(
        (p: { detail?: unknown; title?: unknown }) =>
          ({ outcome: 'drop', status, problem: String(p?.detail ?? p?.title ?? '') }) as SendResult,
        () => ({ outcome: 'drop', status }) as SendResult,
      );
    },
    () => ({ outcome: 'retry', status: 0 }) as SendResult,
  );
}

/**
 * Hands a batch to navigator.sendBeacon, the one request a browser still sends after the page is gone. A string
 * body goes as text/plain (no preflight, which a beacon could not wait for). False when the browser refused it
 * (no sendBeacon, or over its in-flight quota of about 64 KB).
 */
export function beacon(url: string, body: string): boolean {
  try {
    const nav = typeof navigator !== 'undefined' ? navigator : undefined;
    return !!nav && typeof nav.sendBeacon === 'function' && nav.sendBeacon(url, body);
  } catch {
    return false;
  }
}

/** A JSON answer of the widget and intercept routes: the status (0 when the network failed) and the parsed body. */
export interface JsonAnswer {
  status: number;
  data: any;
}

/**
 * GET (no body) or POST (a JSON body, sent as text/plain so no preflight is needed) to a public SDK route, without
 * credentials. Never rejects: a network failure or an unreadable body is status 0 or data undefined.
 */
export function request(url: string, body?: unknown): Promise<JsonAnswer> {
  try {
    if (typeof fetch !== 'function') return Promise.resolve({ status: 0, data: undefined });
    const init: RequestInit = { credentials: 'omit', mode: 'cors' };
    if (body !== undefined) {
      init.method = 'POST';
      init.body = JSON.stringify(body);
      init.headers = { 'content-type': TYPE };
    }
    return fetch(url, init).then(
      (res) =>
        res.json().then(
          (data) => ({ status: res.status, data }),
          () => ({ status: res.status, data: undefined }),
        ),
      () => ({ status: 0, data: undefined }),
    );
  } catch {
    return Promise.resolve({ status: 0, data: undefined });
  }
}
