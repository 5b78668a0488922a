/** Where the SDK keeps its state: the anonymous id, the identified customer and the unsent events. */
export interface Store {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
}

/** Per page load only: nothing survives a reload (the `persistence: 'memory'` option). */
export function memoryStore(): Store {
  const m = new Map<string, string>();
  return {
    get: (k) => m.get(k) ?? null,
    set: (k, v) => {
      m.set(k, v);
    },
    remove: (k) => {
      m.delete(k);
    },
  };
}

/**
 * localStorage (or sessionStorage, for the intercepts' session) when the page may use it, else memory. Reading `window.localStorage` throws in sandboxed frames and
 * with storage blocked; a write throws when the origin's quota is full (old Safari's private mode has a quota of 0).
 * A failed write is ignored: the events stay in memory and are still sent from this page.
 */
export function localStore(kind: 'localStorage' | 'sessionStorage' = 'localStorage'): Store {
  let ls: Storage | undefined;
  try {
    ls = (globalThis as unknown as Record<string, Storage | undefined>)[kind];
    if (ls) {
      ls.setItem('loopcx:probe', '1');
      ls.removeItem('loopcx:probe');
    }
  } catch {
    ls = undefined;
  }
  if (!ls) return memoryStore();
  const s = ls;
  return {
    get: (k) => {
      try {
        return s.getItem(k);
      } catch {
        return null;
      }
    },
    set: (k, v) => {
      try {
        s.setItem(k, v);
      } catch {
        // Quota full or storage revoked: memory still holds the value for this page.
      }
    },
    remove: (k) => {
      try {
        s.removeItem(k);
      } catch {
        // As above.
      }
    },
  };
}
