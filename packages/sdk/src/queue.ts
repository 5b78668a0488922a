import type { Store } from './storage.js';
import { beacon, post } from './transport.js';
import type { Envelope } from './types.js';

/**
 * One tracked event waiting to be sent, with the key and host it belongs to and the envelope as it was when it was
 * tracked: an event tracked before identify() or reset(), or on the page before an SPA navigation, is sent as it
 * happened even when it leaves later.
 */
export interface QueuedEvent {
  id: string;
  type: string;
  occurredAt: string;
  properties: Record<string, string | number | boolean | null>;
  key: string;
  host: string;
  env: Envelope;
}

/** A batch ready to send: its URL, its JSON body and the ids of its events. */
export interface Batch {
  url: string;
  body: string;
  ids: string[];
}

export const QUEUE_KEY = 'loopcx:queue';
/** Events kept at most; when the page is offline for long, the oldest go first. */
export const QUEUE_CAP = 500;
/** A batch leaves at this many events (or on the timer). */
export const BATCH_EVENTS = 20;
/** Wait this long after an event before sending a partial batch. */
export const FLUSH_MS = 2000;
/**
 * Largest body sent: under the server's 64 KB and under the 64 KB browsers allow in flight for keepalive
 * fetches and beacons together, so a batch is never refused by the browser on a closing page.
 */
export const MAX_BODY_BYTES = 60_000;
const MAX_BACKOFF_MS = 60_000;

const encoder = typeof TextEncoder !== 'undefined' ? new TextEncoder() : undefined;
/** UTF-8 length of a string (Chinese characters take 3 bytes, which the server's limit counts). */
export const utf8Bytes = (s: string) => (encoder ? encoder.encode(s).length : unescape(encodeURIComponent(s)).length);

/**
 * The unsent events, in memory and (with localStorage persistence) under `loopcx:queue`. Other tabs of the site
 * share that key: a write merges what is stored with this tab's events, less those this tab has had accepted, so a
 * tab never erases another's. An event two tabs both send is stored once (the server keys on its id).
 */
export class EventQueue {
  items: QueuedEvent[] = [];
  private inFlight = new Set<string>();
  private done = new Set<string>();

  constructor(private store: Store) {
    this.items = this.read();
  }

  private read(): QueuedEvent[] {
    try {
      const v = JSON.parse(this.store.get(QUEUE_KEY) ?? '[]');
      return Array.isArray(v)
        ? v.filter((e) => e && typeof e.id === 'string' && typeof e.key === 'string' && e.env && e.properties)
        : [];
    } catch {
      return [];
    }
  }

  /** Queues an event; the oldest are dropped beyond QUEUE_CAP. */
  add(e: QueuedEvent) {
    this.items.push(e);
    this.persist();
  }

  /** Events not already being sent. */
  get pending(): number {
    return this.items.filter((e) => !this.inFlight.has(e.id)).length;
  }

  /**
   * The next batch: the oldest events not in flight that share a key, host and envelope, at most BATCH_EVENTS and
   * MAX_BODY_BYTES. Marks them in flight until settle().
   */
  take(): Batch | undefined {
    const free = this.items.filter((e) => !this.inFlight.has(e.id));
    const first = free[0];
    if (!first) return undefined;
    const group = JSON.stringify([first.key, first.host, first.env]);
    const head = JSON.stringify(first.env).slice(0, -1) + ',"events":[';
    let size = utf8Bytes(head) + 2;
    const parts: string[] = [];
    const ids: string[] = [];
    for (const e of free) {
      if (parts.length >= BATCH_EVENTS || JSON.stringify([e.key, e.host, e.env]) !== group) break;
      const part = JSON.stringify({ id: e.id, type: e.type, occurredAt: e.occurredAt, properties: e.properties });
      const n = utf8Bytes(part) + 1;
      if (parts.length && size + n > MAX_BODY_BYTES) break;
      size += n;
      parts.push(part);
      ids.push(e.id);
    }
    for (const id of ids) this.inFlight.add(id);
    return {
      url: `${first.host}/sdk/v1/events?key=${encodeURIComponent(first.key)}`,
      body: `${head}${parts.join(',')}]}`,
      ids,
    };
  }

  /** A batch's send ended: `remove` when it was accepted or refused for good, else its events wait for a retry. */
  settle(ids: string[], remove: boolean) {
    for (const id of ids) this.inFlight.delete(id);
    if (!remove) return;
    const gone = new Set(ids);
    this.items = this.items.filter((e) => !gone.has(e.id));
    for (const id of ids) this.done.add(id);
    // Bounded: only ids that another tab might still have stored matter.
    if (this.done.size > 2 * QUEUE_CAP) this.done = new Set([...this.done].slice(-QUEUE_CAP));
    this.persist();
  }

  /**
   * Writes the queue to the store, merged with what other tabs stored. Events in flight stay stored until accepted:
   * a send the page does not live to see end is sent again by the next page load.
   */
  persist() {
    const mine = new Set(this.items.map((e) => e.id));
    const others = this.read().filter((e) => !mine.has(e.id) && !this.done.has(e.id));
    let all = others.length ? others.concat(this.items) : this.items;
    if (others.length) all.sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0));
    if (all.length > QUEUE_CAP) {
      const keep = new Set(all.slice(-QUEUE_CAP).map((e) => e.id));
      all = all.filter((e) => keep.has(e.id));
      this.items = this.items.filter((e) => keep.has(e.id));
    }
    if (all.length) this.store.set(QUEUE_KEY, JSON.stringify(all));
    else this.store.remove(QUEUE_KEY);
  }
}

/**
 * Sends the queue: a partial batch FLUSH_MS after its first event, a full one at once, one request at a time.
 * A batch that could not be delivered (offline, 429, 5xx) stays queued and is retried after a growing delay
 * (2 s, 4 s … 60 s, or the server's Retry-After) and at once when the browser comes back online. A batch the server
 * refuses for good (another 4xx) is dropped with one console warning per status, so a misconfigured key does
 * not fill the visitor's storage.
 */
export class Sender {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private failures = 0;
  private warned = new Set<number>();

  constructor(private queue: EventQueue) {}

  /** After an event is queued: send now when a batch is full, else make sure the timer runs. */
  nudge() {
    if (this.queue.pending >= BATCH_EVENTS && !this.failures) void this.flush();
    else this.schedule(FLUSH_MS);
  }

  private schedule(ms: number) {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, ms);
  }

  /** Sends everything queued now, one batch after another; resolves when the queue is empty or a send failed. */
  flush(): Promise<void> {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.running) return this.running.then(() => (this.queue.pending ? this.flush() : undefined));
    const done = () => {
      this.running = undefined;
    };
    this.running = this.loop().then(done, done);
    return this.running;
  }

  private loop(): Promise<void> {
    const batch = this.queue.take();
    if (!batch) return Promise.resolve();
    return post(batch.url, batch.body).then((r) => {
      if (r.outcome === 'retry') {
        this.queue.settle(batch.ids, false);
        this.failures++;
        const backoff = Math.min(MAX_BACKOFF_MS, FLUSH_MS * 2 ** this.failures);
        this.schedule(Math.max(r.retryAfterMs ?? 0, backoff * (0.75 + Math.random() * 0.25)));
        return;
      }
      this.failures = 0;
      this.queue.settle(batch.ids, true);
      if (r.outcome === 'drop' && !this.warned.has(r.status)) {
        this.warned.add(r.status);
        console.warn(
          `loopcx: the server refused ${batch.ids.length} event(s) (HTTP ${r.status}${r.problem ? `: ${r.problem}` : ''}); they were dropped`,
        );
      }
      return this.loop();
    });
  }

  /** The browser is online again: retry now instead of waiting out the backoff. */
  online() {
    this.failures = 0;
    if (this.queue.pending) void this.flush();
  }

  /**
   * The page is being hidden or unloaded: hand what is queued (and not already in a keepalive fetch) to
   * sendBeacon. What the browser refuses stays stored and is sent by the next page load.
   */
  beaconAll() {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    for (let batch = this.queue.take(); batch; batch = this.queue.take()) {
      const ok = beacon(batch.url, batch.body);
      this.queue.settle(batch.ids, ok);
      if (!ok) break;
    }
    this.queue.persist();
    // Refused beacons: if the page was only hidden and comes back, the timer sends them.
    if (this.queue.pending) this.schedule(FLUSH_MS);
  }
}
