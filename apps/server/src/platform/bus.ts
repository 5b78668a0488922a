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
  | TenantEvent<'exports.progress', { id: string; rows: number; total: number; requestedBy?: string }>
  | TenantEvent<'exports.done', { id: string; rows: number; requestedBy?: string }>
  | TenantEvent<'text.analysed', { kind: 'response' | 'feedback'; count: number }>
  | TenantEvent<'text.corrected', { id: string }>
  | TenantEvent<'text.reanalysis.progress' | 'text.reanalysis.done', { runId: string }>
  | TenantEvent<
      'text.discovery.done',
      { runId: string; texts: number; pairs: number; uncovered: number; rising: number }
    >;

/** The `type`s published on the bus. */
export type BusEventType = BusEvent['type'];

const CHANNEL = 'loopcx_events';

/**
 * Fans events out to SSE subscribers. In-process always; on PostgreSQL also through LISTEN/NOTIFY so every
 * web node receives events published by any node (workers included).
 */
export class Bus {
  private emitter = new EventEmitter();
  private unlisten?: () => Promise<void>;
  private readonly nodeId = Math.random().toString(36).slice(2);

  constructor(private database?: Database) {
    this.emitter.setMaxListeners(0);
  }

  async start() {
    if (this.database?.listen) {
      this.unlisten = await this.database.listen(CHANNEL, (payload) => {
        try {
          const msg = JSON.parse(payload) as { node: string; event: BusEvent };
          if (msg.node !== this.nodeId) this.emitter.emit('event', msg.event);
        } catch {
          /* not ours */
        }
      });
    }
  }

  async stop() {
    await this.unlisten?.();
  }

  /** Publishes after commit; callers must not publish for work that may still roll back. */
  publish(event: BusEvent) {
    this.emitter.emit('event', event);
    if (this.database?.kind === 'postgres') {
      const payload = JSON.stringify({ node: this.nodeId, event });
      // NOTIFY payloads are capped at 8000 bytes; big events are only delivered locally.
      if (payload.length < 7900) {
        this.database.execScript(`NOTIFY ${CHANNEL}, '${payload.replace(/'/g, "''")}'`).catch(() => {});
      }
    }
  }

  subscribe(fn: (e: BusEvent) => void): () => void {
    this.emitter.on('event', fn);
    return () => this.emitter.off('event', fn);
  }
}
