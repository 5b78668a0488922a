/** Answers survive reloads and network drops: kept per link in localStorage with one idempotency key. */
export interface Saved {
  answers: Record<string, unknown>;
  key: string;
  page: number;
  pending: boolean;
}

const storeKey = (token: string) => `lcx:${token.slice(0, 64)}`;

export function load(token: string): Saved {
  try {
    const raw = localStorage.getItem(storeKey(token));
    if (raw) return JSON.parse(raw);
  } catch {
    /* private mode or corrupt: start afresh */
  }
  const key =
    typeof crypto !== 'undefined' && 'randomUUID' in crypto
      ? crypto.randomUUID()
      : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
  return { answers: {}, key, page: 0, pending: false };
}

export function save(token: string, s: Saved) {
  try {
    localStorage.setItem(storeKey(token), JSON.stringify(s));
  } catch {
    /* storage full or disabled: the in-memory state still works */
  }
}

export function clear(token: string) {
  try {
    localStorage.removeItem(storeKey(token));
  } catch {
    /* ignore */
  }
}

export type SubmitOutcome =
  | { ok: true }
  | { ok: false; offline: true }
  | {
      ok: false;
      offline: false;
      status: number;
      detail: string;
      fields: Array<{ name: string; reason: string }>;
      /** The server's machine-readable reason, e.g. `already_answered`. */
      reason?: string;
    };

/** POSTs the response; the same idempotency key is reused on every retry, so a resend never duplicates. */
export async function submit(token: string, s: Saved, locale: string): Promise<SubmitOutcome> {
  try {
    const res = await fetch('/api/v1/responses', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, answers: s.answers, idempotencyKey: s.key, locale }),
    });
    if (res.ok) return { ok: true };
    if (res.status >= 500) return { ok: false, offline: true };
    const p = await res.json().catch(() => ({}));
    return {
      ok: false,
      offline: false,
      status: res.status,
      detail: p.detail ?? res.statusText,
      fields: p.invalidParams ?? [],
      reason: typeof p.reason === 'string' ? p.reason : undefined,
    };
  } catch {
    return { ok: false, offline: true };
  }
}

const started = new Set<string>();

/**
 * Tells the server once per page load that the respondent gave a first answer (a personalised link's "started" in
 * the invitation funnel). Fire and forget: an anonymous link, an offline phone or an error changes nothing here.
 */
export function markStarted(token: string) {
  if (started.has(token)) return;
  started.add(token);
  fetch(`/api/v1/public/surveys/${encodeURIComponent(token)}/started`, { method: 'POST' }).catch(() => undefined);
}
