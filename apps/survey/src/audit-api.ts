import type { TPublicAudit } from '@loopcx/shared';
import { type AuditDraft, dropPhoto, photoBytes } from './audit-store.ts';

/** What a send attempt came to: done, the network (or the server) is away — retry —, or refused for good. */
export type Outcome<T> =
  | { ok: true; value: T }
  | { ok: false; retry: true }
  | { ok: false; retry: false; detail: string };

const base = (token: string) => `/api/v1/public/audits/${encodeURIComponent(token)}`;

async function call<T>(url: string, init: RequestInit): Promise<Outcome<T>> {
  try {
    const res = await fetch(url, init);
    if (res.ok) return { ok: true, value: (await res.json()) as T };
    if (res.status >= 500 || res.status === 429) return { ok: false, retry: true };
    const p = (await res.json().catch(() => ({}))) as { detail?: string };
    return { ok: false, retry: false, detail: p.detail ?? res.statusText };
  } catch {
    return { ok: false, retry: true };
  }
}

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

export const loadAudit = (token: string) => call<TPublicAudit>(base(token), { method: 'GET' });

/**
 * Sends what the draft holds, in order: the check-in, each photo not yet uploaded (its server id is written into
 * the draft at once, so a photo is never uploaded twice), then — when the inspector pressed submit — the answers
 * with the draft's idempotency key. Returns the audit as the server has it after the last step that ran.
 */
export async function flush(
  token: string,
  draft: AuditDraft,
  save: (d: AuditDraft) => void,
): Promise<Outcome<TPublicAudit | null>> {
  let last: TPublicAudit | null = null;
  if (draft.checkIn) {
    const r = await call<TPublicAudit>(`${base(token)}/check-in`, json(draft.checkIn));
    if (!r.ok && r.retry) return r;
    if (r.ok) last = r.value;
    draft = { ...draft, checkIn: undefined };
    save(draft);
  }
  for (const p of draft.photos.filter((x) => !x.id)) {
    const blob = await photoBytes(p.local);
    if (!blob) continue;
    const form = new FormData();
    form.append('itemCode', p.itemCode);
    form.append('file', blob, 'photo');
    const r = await call<{ id: string }>(`${base(token)}/photos`, { method: 'POST', body: form });
    if (!r.ok) return r;
    draft = { ...draft, photos: draft.photos.map((x) => (x.local === p.local ? { ...x, id: r.value.id } : x)) };
    save(draft);
    await dropPhoto(p.local).catch(() => undefined);
  }
  if (!draft.outbox) return { ok: true, value: last };
  const results = Object.entries(draft.answers).map(([code, a]) => ({
    code,
    result: a.result,
    ...(a.note?.trim() ? { note: a.note.trim() } : {}),
    photoIds: draft.photos.filter((p) => p.itemCode === code && p.id && a.result === 'fail').map((p) => p.id),
  }));
  return call<TPublicAudit>(`${base(token)}/submit`, json({ results, idempotencyKey: draft.key }));
}
