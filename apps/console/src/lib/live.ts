import { useEffect, useRef, useState } from 'react';

/** The event names `/api/v1/stream` sends (see the server's `domains/stream/module.ts`). */
export type LiveEventType = 'responses' | 'tickets' | 'exports' | 'events' | 'text' | 'notifications' | 'problems';

/** Called with the event name and its parsed `data`. */
export type LiveHandler = (type: LiveEventType, data: unknown) => void;

const STREAM_URL = '/api/v1/stream';
/**
 * How long the connection outlives its last subscriber. Moving from one live page to another unmounts the first
 * before the second mounts (and StrictMode mounts every effect twice), so closing at once would reconnect each time.
 */
const CLOSE_DELAY_MS = 1000;

interface Subscription {
  types: ReadonlySet<LiveEventType>;
  handler: LiveHandler;
}

/**
 * One EventSource per tab, shared by every page that listens. Opened by the first subscriber, closed shortly after
 * the last one leaves; reconnection is EventSource's own (the server sends `retry: 3000`).
 */
class LiveConnection {
  private source: EventSource | undefined;
  private readonly attached = new Set<LiveEventType>();
  private readonly subscriptions = new Set<Subscription>();
  private readonly stateListeners = new Set<(open: boolean) => void>();
  private closeTimer: ReturnType<typeof setTimeout> | undefined;
  /** Whether the stream is connected right now (false while EventSource is reconnecting). */
  open = false;

  subscribe(sub: Subscription): () => void {
    clearTimeout(this.closeTimer);
    this.closeTimer = undefined;
    this.subscriptions.add(sub);
    const source = this.connect();
    // A named event reaches only listeners registered for its name, so each type is attached once, on demand.
    for (const type of sub.types) {
      if (this.attached.has(type)) continue;
      this.attached.add(type);
      source.addEventListener(type, (e) => this.dispatch(type, (e as MessageEvent).data));
    }
    return () => {
      this.subscriptions.delete(sub);
      if (this.subscriptions.size === 0) this.closeTimer = setTimeout(() => this.close(), CLOSE_DELAY_MS);
    };
  }

  onState(listener: (open: boolean) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  private connect(): EventSource {
    if (this.source) return this.source;
    const source = new EventSource(STREAM_URL);
    source.onopen = () => this.setOpen(true);
    source.onerror = () => this.setOpen(false);
    this.source = source;
    return source;
  }

  private close() {
    this.closeTimer = undefined;
    this.source?.close();
    this.source = undefined;
    this.attached.clear();
    this.setOpen(false);
  }

  private dispatch(type: LiveEventType, raw: string) {
    let data: unknown = raw;
    try {
      data = JSON.parse(raw);
    } catch {
      // Not JSON: hand the text over as it came.
    }
    for (const sub of [...this.subscriptions]) if (sub.types.has(type)) sub.handler(type, data);
  }

  private setOpen(open: boolean) {
    if (this.open === open) return;
    this.open = open;
    for (const listener of [...this.stateListeners]) listener(open);
  }
}

/** The tab's connection; exported for tests and for code outside React. */
export const liveConnection = new LiveConnection();

/**
 * Calls `handler` for each stream event whose name is in `types`, while the component is mounted. The handler may
 * change between renders without reconnecting. Returns whether the stream is connected (for a "live" badge).
 */
export function useLiveEvents(types: readonly LiveEventType[], handler: LiveHandler): boolean {
  const latest = useRef(handler);
  latest.current = handler;
  const [open, setOpen] = useState(liveConnection.open);
  const key = [...types].sort().join(',');
  useEffect(() => {
    const offState = liveConnection.onState(setOpen);
    const off = liveConnection.subscribe({
      types: new Set(key.split(',') as LiveEventType[]),
      handler: (type, data) => latest.current(type, data),
    });
    setOpen(liveConnection.open);
    return () => {
      off();
      offState();
    };
  }, [key]);
  return open;
}
