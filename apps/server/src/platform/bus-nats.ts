import { connect, type NatsConnection } from 'nats';
import type { BusEvent, BusTransport } from './bus.ts';

/** The subject every node publishes to and subscribes on. */
const SUBJECT = 'loopcx.events';

/**
 * The NATS transport (`LOOPCX_BUS_URL=nats://host:4222`, decision 50): core NATS publish/subscribe on one subject, for
 * fan-out to many web nodes without a NOTIFY per event on the primary, through the official `nats` client. A lost
 * connection is re-opened by the client for as long as the process runs (100 ms apart, jittered), and the loss and
 * the return are logged; events this node publishes meanwhile wait in the client's reconnect buffer and are sent
 * once it is back. Core NATS keeps nothing for a subscriber that was away, so unlike the PostgreSQL transport a
 * node cut off from NATS misses what others published meanwhile.
 */
export class NatsBusTransport implements BusTransport {
  private nc?: NatsConnection;

  constructor(
    private readonly url: string,
    private readonly nodeId: string,
    private readonly log: (m: string) => void,
  ) {}

  async start(deliver: (e: BusEvent) => void) {
    const u = new URL(this.url);
    const nc = await connect({
      servers: `${u.hostname || '127.0.0.1'}:${u.port || 4222}`,
      ...(u.username ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } : {}),
      name: `loopcx-${this.nodeId}`,
      reconnect: true,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 100,
      reconnectJitter: 100,
      pingInterval: 10_000,
    });
    this.nc = nc;
    nc.subscribe(SUBJECT, {
      callback: (err, msg) => {
        if (err) return;
        try {
          const body = JSON.parse(new TextDecoder().decode(msg.data)) as { node: string; event: BusEvent };
          if (body.node !== this.nodeId) deliver(body.event);
        } catch {
          /* not ours */
        }
      },
    });
    void (async () => {
      let lostAt = 0;
      for await (const s of nc.status()) {
        if (s.type === 'disconnect' && !lostAt) {
          lostAt = Date.now();
          this.log('loopcx bus: NATS connection lost; reconnecting');
        } else if (s.type === 'reconnect') {
          this.log(`loopcx bus reconnected after ${lostAt ? Date.now() - lostAt : 0} ms (NATS)`);
          lostAt = 0;
        }
      }
    })();
  }

  async stop() {
    const nc = this.nc;
    this.nc = undefined;
    // drain: what this node has published is flushed, then the subscription and the connection close.
    if (nc && !nc.isClosed()) await nc.drain().catch(() => nc.close());
  }

  async publish(event: BusEvent) {
    this.nc?.publish(SUBJECT, new TextEncoder().encode(JSON.stringify({ node: this.nodeId, event })));
  }
}
