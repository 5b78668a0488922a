import { EventEmitter } from 'node:events';
import type { Database } from './db.ts';

/** A real-time event for open consoles (SSE): metric deltas, new tickets, import progress. */
export interface BusEvent {
  tenantId: string;
  type: string;
  /** Org unit path the event belongs to; subscribers only receive events inside their scope. */
  orgPath?: string;
  data: unknown;
}

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
