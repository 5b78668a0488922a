/**
 * The external inspector's draft and outbox, kept per link: answers, the check-in, photos and the submit wait in
 * localStorage (photo bytes in IndexedDB, too big for localStorage) and are sent when the network allows. The
 * idempotency key is made once per audit and stored with the draft, so every resend is the same submit.
 */
export type Result = 'pass' | 'fail' | 'na';

export interface PendingPhoto {
  /** Local id (IndexedDB key). */
  local: string;
  itemCode: string;
  /** The server's id once uploaded. */
  id?: string;
}

export interface AuditDraft {
  key: string;
  answers: Record<string, { result?: Result; note?: string }>;
  photos: PendingPhoto[];
  /** A check-in not yet sent (position when the browser gave one). */
  checkIn?: { lat?: number; lng?: number; accuracyM?: number };
  /** The inspector pressed submit: send it as soon as the network allows. */
  outbox: boolean;
}

const storeKey = (token: string) => `lcx-audit:${token.slice(0, 64)}`;
const newKey = () =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random().toString(36).slice(2)}`;

export function loadDraft(token: string): AuditDraft {
  try {
    const raw = localStorage.getItem(storeKey(token));
    if (raw) return JSON.parse(raw) as AuditDraft;
  } catch {
    /* private mode or corrupt: start afresh */
  }
  return { key: newKey(), answers: {}, photos: [], outbox: false };
}

export function saveDraft(token: string, d: AuditDraft) {
  try {
    localStorage.setItem(storeKey(token), JSON.stringify(d));
  } catch {
    /* storage full or disabled: the in-memory draft still works */
  }
}

export function clearDraft(token: string) {
  try {
    localStorage.removeItem(storeKey(token));
  } catch {
    /* ignore */
  }
}

const DB = 'lcx-audit-photos';
function photoDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore('photos');
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function tx<T>(mode: IDBTransactionMode, run: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await photoDb();
  return new Promise((resolve, reject) => {
    const req = run(db.transaction('photos', mode).objectStore('photos'));
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Keeps a photo's bytes until it is uploaded; returns its local id. */
export async function keepPhoto(file: Blob): Promise<string> {
  const local = newKey();
  await tx('readwrite', (s) => s.put(file, local));
  return local;
}

export const photoBytes = (local: string) => tx<Blob | undefined>('readonly', (s) => s.get(local));
export const dropPhoto = (local: string) => tx('readwrite', (s) => s.delete(local));
