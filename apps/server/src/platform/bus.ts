import { EventEmitter } from 'node:events';
import type { Database } from './db.ts';

/** An event about one tenant's data; subscribers only receive events inside their scope (`orgPath`). */
interface TenantEvent<T extends string, D> {
  tenantId: string;
  type: T;
  /** Org unit path the event belongs to; subscribers only receive events inside their scope. */
  orgPath?: string;
  data: D;
}

/** One committed response as live tiles need it (`responses.committed`). */
export interface CommittedResponseItem {
  id: string;
  surveyId: string;
  orgUnitId: string | null;
  orgPath: string | null;
  touchpointId: string | null;
  day: string;
  scores: Record<string, number>;
}

/**
 * Everything published on the bus, by `type`: real-time events for open consoles (SSE: metric deltas, ticket changes,
 * export progress, text analysis), survey cache invalidation across nodes, and the node-wide `jobs.enqueued` signal
 * (`wakeWorkers`). A discriminated union, so a subscriber that tests `type` reads typed `data`, and a publisher
 * cannot send a shape no subscriber expects. Payloads cross nodes as JSON through NOTIFY on PostgreSQL.
 */
export type BusEvent =
  | { tenantId: '*'; type: 'jobs.enqueued'; orgPath?: undefined; data: null }
  | TenantEvent<'responses.committed', { items: CommittedResponseItem[] }>
  | TenantEvent<'events.committed', { units: Array<{ path: string | null; types: Record<string, number> }> }>
  | TenantEvent<'feedback.created', { id: string }>
  | TenantEvent<'customers.merged', { survivorId: string; mergedId: string }>
  | TenantEvent<'surveys.changed', { surveyId: string }>
  | TenantEvent<'tickets.created', { id: string; responseId?: string }>
  | TenantEvent<'tickets.updated', { id: string; status: string }>
  | TenantEvent<'tickets.escalated', { id: string; level: number }>
  | TenantEvent<'problems.updated', { id: string; taskId?: string; kind: string }>
  | TenantEvent<'exports.progress', { id: string; rows: number; total: number; requestedBy?: string }>
  | TenantEvent<'exports.done', { id: string; rows: number; requestedBy?: string }>
  /** In-app notifications were written for these users (the bell; domains/notifications). */
  | TenantEvent<'notifications.created', { userIds: string[] }>
  | TenantEvent<'text.analysed', { kind: 'response' | 'feedback'; count: number }>
  | TenantEvent<'text.corrected', { id: string }>
  | TenantEvent<'text.reanalysis.progress' | 'text.reanalysis.done', { runId: string }>
  | TenantEvent<
      'text.discovery.done',
      { runId: string; texts: number; pairs: number; uncovered: number; rising: number }
    >;

/** The `type`s published on the bus. */
export type BusEventType = BusEvent['type'];

/**
 * How events cross nodes: LISTEN/NOTIFY with an event table on PostgreSQL (bus-postgres.ts, the default), or NATS
 * (bus-nats.ts, `LOOPCX_BUS_URL=nats://…`). `deliver` receives other nodes' events only: a node's own events are
 * delivered in process by `Bus.publish`.
 */
export interface BusTransport {
  start(deliver: (event: BusEvent) => void): Promise<void>;
  /** Sends one event to the other nodes; resolves once it is on its way (retries are the transport's). */
  publish(event: BusEvent): Promise<void>;
  stop(): Promise<void>;
}

export interface BusOptions {
  /** `LOOPCX_BUS_URL`: `nats://host:port` moves cross-node fan-out to NATS; unset: PostgreSQL when available. */
  url?: string;
  /** Where the bus reports a lost or recovered connection (default: stderr). */
  log?: (message: string) => void;
}

/** How long `stop()` waits for publishes still on their way (a SIGTERM must not lose acknowledged work's events). */
const STOP_FLUSH_MS = 5_000;

/**
 * Fans events out to SSE subscribers. In-process always; across nodes through a transport — on PostgreSQL by
 * default (LISTEN/NOTIFY carrying ids of rows in `bus_events`, replayed after a lost connection), or NATS.
 */
export class Bus {
  private emitter = new EventEmitter();
  private transport?: BusTransport;
  private readonly inFlight = new Set<Promise<void>>();
  /** This process, as other nodes see it: they skip events they published themselves. */
  readonly nodeId = Math.random().toString(36).slice(2);

  constructor(
    private database?: Database,
    private readonly opts: BusOptions = {},
  ) {
    this.emitter.setMaxListeners(0);
  }

  async start() {
    const log = this.opts.log ?? ((m: string) => console.warn(m));
    if (this.opts.url) {
      if (!/^nats:\/\//.test(this.opts.url)) throw new Error('LOOPCX_BUS_URL must be a nats:// URL');
      const { NatsBusTransport } = await import('./bus-nats.ts');
      this.transport = new NatsBusTransport(this.opts.url, this.nodeId, log);
    } else if (this.database?.listen) {
      const { PostgresBusTransport } = await import('./bus-postgres.ts');
      this.transport = new PostgresBusTransport(this.database, this.nodeId, log);
    }
    await this.transport?.start((event) => this.emitter.emit('event', event));
  }

  /** Waits (a bounded time) for publishes still on their way, then closes the transport. */
  async stop() {
    if (this.inFlight.size)
      await Promise.race([Promise.all(this.inFlight), new Promise((r) => setTimeout(r, STOP_FLUSH_MS).unref())]);
    await this.transport?.stop();
    this.transport = undefined;
  }

  /** Publishes after commit; callers must not publish for work that may still roll back. */
  publish(event: BusEvent) {
    this.emitter.emit('event', event);
    if (!this.transport) return;
    const p = this.transport.publish(event).finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }

  subscribe(fn: (e: BusEvent) => void): () => void {
    this.emitter.on('event', fn);
    return () => this.emitter.off('event', fn);
  }
}
