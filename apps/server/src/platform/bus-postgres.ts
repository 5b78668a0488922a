import type { BusEvent, BusTransport } from './bus.ts';
import { type Database, rows, sql } from './db.ts';

const CHANNEL = 'loopcx_events';
/** An event this size or smaller rides in its NOTIFY (capped at 8,000 bytes); larger ones are read by id. */
const INLINE_MAX_BYTES = 7_000;
/**
 * Ids come from a sequence before commit, so a row may commit after one with a higher id. A replay starts this many
 * ids below the highest seen (far more than the transactions that can be in flight at once) and skips seen ids.
 */
const REPLAY_MARGIN = 1_000;
/** Ids remembered as seen (own and others'), for replay de-duplication. */
const SEEN_MAX = 20_000;
/** How long rows stay in `bus_events`: a node down longer than this resyncs through its pages' own refetch. */
const KEEP = '15 minutes';
const PRUNE_EVERY_MS = 60_000;

interface Wire {
  id?: number;
  node: string;
  event?: BusEvent;
}

/**
 * The PostgreSQL transport (decision 2X). A published event is a row in `bus_events` and, in the same statement, a
 * NOTIFY of its id — with the event inline when it fits, so the common case costs no read. Listeners read larger
 * events by id, in arrival order. When the LISTEN connection is lost (db.ts re-opens it with backoff), the events
 * published meanwhile are replayed from the table once LISTEN holds again, then the reconnect is announced.
 * `jobs.enqueued` is a wake-up signal only (workers also poll): NOTIFY without a row.
 */
export class PostgresBusTransport implements BusTransport {
  private unlisten?: () => Promise<void>;
  private deliver: (e: BusEvent) => void = () => {};
  private readonly seen = new Set<number>();
  private maxSeen = 0;
  /** The highest id when this node started listening: nothing older is replayed. */
  private floor = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private prune?: NodeJS.Timeout;

  constructor(
    private readonly database: Database,
    private readonly nodeId: string,
    private readonly log: (m: string) => void,
  ) {}

  async start(deliver: (e: BusEvent) => void) {
    this.deliver = deliver;
    this.unlisten = await this.database.listen?.(CHANNEL, (payload) => this.inOrder(() => this.receive(payload)), {
      lost: (err) => this.log(`loopcx bus: LISTEN connection lost (${err.message}); reconnecting`),
      back: async (downMs) => {
        const replayed = await this.inOrder(() => this.replay());
        this.log(`loopcx bus reconnected after ${downMs} ms; ${replayed} missed events replayed`);
      },
    });
    // After LISTEN holds: whatever commits from now on is notified.
    const top = await rows<{ id: string | null }>(this.database.db, sql`SELECT max(id) AS id FROM bus_events`);
    this.floor = this.maxSeen = Number(top[0]?.id ?? 0);
    this.prune = setInterval(() => {
      this.database.db
        .execute(sql`DELETE FROM bus_events WHERE created_at < now() - ${KEEP}::interval`)
        .catch(() => {});
    }, PRUNE_EVERY_MS);
    this.prune.unref();
  }

  async stop() {
    clearInterval(this.prune);
    await this.unlisten?.();
    this.unlisten = undefined;
    await this.queue.catch(() => {});
  }

  async publish(event: BusEvent) {
    const json = JSON.stringify(event);
    const statement =
      event.tenantId === '*'
        ? sql`SELECT pg_notify(${CHANNEL}, ${JSON.stringify({ node: this.nodeId, event })})`
        : sql`WITH e AS (
                INSERT INTO bus_events (tenant_id, node, event) VALUES (${event.tenantId}, ${this.nodeId}, ${json}::jsonb)
                RETURNING id)
              SELECT pg_notify(${CHANNEL}, (CASE WHEN ${Buffer.byteLength(json) <= INLINE_MAX_BYTES}::boolean
                THEN json_build_object('id', id, 'node', ${this.nodeId}::text, 'event', ${json}::json)
                ELSE json_build_object('id', id, 'node', ${this.nodeId}::text) END)::text) FROM e`;
    // A connection of the pool may have died under us (a failover): the next attempt takes a fresh one.
    for (let attempt = 1; ; attempt++) {
      try {
        await this.database.db.execute(statement);
        return;
      } catch (err) {
        if (attempt >= 4) {
          this.log(`loopcx bus: an event (${event.type}) could not be published: ${(err as Error).message}`);
          return;
        }
        await new Promise((r) => setTimeout(r, 100 * 3 ** attempt));
      }
    }
  }

  /** Runs `fn` after everything queued before it: events reach subscribers in the order their NOTIFYs arrived. */
  private inOrder<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => {});
    return next;
  }

  /** Marks `id` seen; false when it was seen before. */
  private see(id: number): boolean {
    if (this.seen.has(id)) return false;
    this.seen.add(id);
    if (id > this.maxSeen) this.maxSeen = id;
    if (this.seen.size > SEEN_MAX) {
      let drop = this.seen.size - SEEN_MAX;
      for (const old of this.seen) {
        if (drop-- <= 0) break;
        this.seen.delete(old);
      }
    }
    return true;
  }

  private async receive(payload: string) {
    let msg: Wire;
    try {
      msg = JSON.parse(payload) as Wire;
    } catch {
      return; // not ours
    }
    if (typeof msg.id === 'number' && !this.see(msg.id)) return;
    if (msg.node === this.nodeId) return;
    if (msg.event) return this.deliver(msg.event);
    if (typeof msg.id !== 'number') return;
    const found = await this.read(sql`SELECT event FROM bus_events WHERE id = ${msg.id}`);
    for (const r of found) this.deliver(r.event);
  }

  /** Delivers the events published while LISTEN was down (not yet seen, by other nodes); returns how many. */
  private async replay(): Promise<number> {
    const from = Math.max(this.floor, this.maxSeen - REPLAY_MARGIN);
    const missed = await this.read(
      sql`SELECT id, event FROM bus_events WHERE id > ${from} AND node <> ${this.nodeId} ORDER BY id`,
    );
    let n = 0;
    for (const r of missed) {
      if (!this.see(Number(r.id))) continue;
      this.deliver(r.event);
      n++;
    }
    return n;
  }

  /** A read that outlives a pool connection or two lost with the LISTEN one. */
  private async read(query: ReturnType<typeof sql>) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await rows<{ id: string; event: BusEvent }>(this.database.db, query);
      } catch (err) {
        if (attempt >= 5) {
          this.log(`loopcx bus: could not read published events: ${(err as Error).message}`);
          return [];
        }
        await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
      }
    }
  }
}
