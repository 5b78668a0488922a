import type { AuditItem, AuditPhoto, ResultInput } from './api.ts';

/** What the inspector has entered for one item so far. */
export interface Answer {
  result?: 'pass' | 'fail' | 'na';
  note: string;
  photos: AuditPhoto[];
}

type ItemRule = Pick<AuditItem, 'code' | 'evidence'>;

/**
 * What an item still lacks before the audit can be submitted, or null: an answer, and for a failed item the photo or
 * note its checklist requires (the server refuses the submit without them; the page says so before sending).
 */
export function missing(item: ItemRule, a: Answer | undefined): 'result' | 'photo' | 'note' | null {
  if (!a?.result) return 'result';
  if (a.result !== 'fail') return null;
  if (item.evidence === 'photo' && a.photos.length === 0) return 'photo';
  if (item.evidence === 'note' && !a.note.trim()) return 'note';
  return null;
}

/** The submit's results, one per item in checklist order (call only when nothing is {@link missing}). */
export function toResults(items: ItemRule[], answers: Record<string, Answer>): ResultInput[] {
  return items.map((i) => {
    const x = answers[i.code];
    if (!x?.result) throw new Error(`item ${i.code} is not answered`);
    return {
      code: i.code,
      result: x.result,
      ...(x.note.trim() ? { note: x.note.trim() } : {}),
      ...(x.photos.length ? { photoIds: x.photos.map((p) => p.id) } : {}),
    };
  });
}

/** Items in checklist order, grouped by their section in order of first appearance (no section: a group too). */
export function bySection<T extends { section: string | null }>(
  items: T[],
): Array<{ section: string | null; items: T[] }> {
  const groups: Array<{ section: string | null; items: T[] }> = [];
  for (const item of items) {
    const g = groups.find((x) => x.section === item.section);
    if (g) g.items.push(item);
    else groups.push({ section: item.section, items: [item] });
  }
  return groups;
}

/** A random key that works on plain-HTTP intranet hosts too (crypto.randomUUID needs a secure context). */
function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const keyName = (auditId: string) => `loopcx.audit.${auditId}.submitKey`;

/**
 * The submit's idempotency key for an audit, kept in `storage` (the tab's sessionStorage) until the server has
 * answered: a resend after a lost answer (the phone's network dropped) carries the same key, so the server answers
 * the stored audit instead of a 409 or a second set of tickets; a reload of the tab keeps it too.
 */
export function submitKey(storage: Pick<Storage, 'getItem' | 'setItem'>, auditId: string): string {
  const stored = storage.getItem(keyName(auditId));
  if (stored) return stored;
  const key = newKey();
  storage.setItem(keyName(auditId), key);
  return key;
}

/** Drops the key once the server has answered the submit (a later submit of another audit starts afresh). */
export function forgetSubmitKey(storage: Pick<Storage, 'removeItem'>, auditId: string) {
  storage.removeItem(keyName(auditId));
}

const draftName = (auditId: string) => `loopcx.audit.${auditId}.draft`;
const RESULTS = ['pass', 'fail', 'na'];

/**
 * The answers entered so far for an audit, kept in `storage` (localStorage) as the inspector works: a reload, a
 * closed tab or a phone that dropped the page does not lose a half-done audit. Anything unreadable is ignored.
 */
export function loadDraft(storage: Pick<Storage, 'getItem'>, auditId: string): Record<string, Answer> {
  try {
    const raw: unknown = JSON.parse(storage.getItem(draftName(auditId)) ?? '{}');
    const out: Record<string, Answer> = {};
    if (!raw || typeof raw !== 'object') return out;
    for (const [code, v] of Object.entries(raw as Record<string, Partial<Answer>>)) {
      if (!v || typeof v !== 'object') continue;
      out[code] = {
        ...(typeof v.result === 'string' && RESULTS.includes(v.result) ? { result: v.result } : {}),
        note: typeof v.note === 'string' ? v.note : '',
        photos: Array.isArray(v.photos)
          ? v.photos.filter((p): p is AuditPhoto => !!p && typeof p.id === 'string' && typeof p.url === 'string')
          : [],
      };
    }
    return out;
  } catch {
    return {};
  }
}

/** Stores the answers so far (storage full or unavailable: the page keeps working from memory). */
export function saveDraft(storage: Pick<Storage, 'setItem'>, auditId: string, answers: Record<string, Answer>) {
  try {
    storage.setItem(draftName(auditId), JSON.stringify(answers));
  } catch {
    // Private mode or a full quota: nothing to do.
  }
}

/** Drops the draft once the audit is submitted. */
export function forgetDraft(storage: Pick<Storage, 'removeItem'>, auditId: string) {
  storage.removeItem(draftName(auditId));
}
