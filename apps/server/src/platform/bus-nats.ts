import { connect, type Socket } from 'node:net';
import type { BusEvent, BusTransport } from './bus.ts';

/** The subject every node publishes to and subscribes on. */
const SUBJECT = 'loopcx.events';
const BACKOFF = { firstMs: 100, maxMs: 5_000 };
/** Events published while the connection is down wait in memory, up to this many (then the oldest are dropped). */
const PENDING_MAX = 10_000;
const CRLF = Buffer.from('\r\n');

/**
 * The NATS transport (`LOOPCX_BUS_URL=nats://host:4222`, decision 2X): core NATS publish/subscribe on one subject, for
 * fan-out to many web nodes without a NOTIFY per event on the primary. It speaks the NATS client protocol
 * (INFO/CONNECT/PUB/SUB/MSG/PING/PONG, docs.nats.io "Client Protocol") over a TCP socket of its own: the `nats` npm
 * client is not a dependency (see ARCHITECTURE). A lost connection is re-opened with backoff and announced; events
 * this node publishes meanwhile are queued and sent once it is back. Core NATS keeps nothing for a subscriber that
 * was away, so unlike the PostgreSQL transport a node cut off from NATS misses what others published meanwhile.
 */
export class NatsBusTransport implements BusTransport {
  private socket?: Socket;
  private connected = false;
  private stopped = false;
  private pending: Buffer[] = [];
  private deliver: (e: BusEvent) => void = () => {};
  private readonly host: string;
  private readonly port: number;
  private readonly auth: { user?: string; pass?: string };

  constructor(
    url: string,
    private readonly nodeId: string,
    private readonly log: (m: string) => void,
  ) {
    const u = new URL(url);
    this.host = u.hostname || '127.0.0.1';
    this.port = Number(u.port || 4222);
    this.auth = u.username ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } : {};
  }

  async start(deliver: (e: BusEvent) => void) {
    this.deliver = deliver;
    await this.open();
  }

  async stop() {
    this.stopped = true;
    const s = this.socket;
    this.socket = undefined;
    if (s && this.connected) await new Promise<void>((r) => s.end(r));
    s?.destroy();
  }

  async publish(event: BusEvent) {
    const body = Buffer.from(JSON.stringify({ node: this.nodeId, event }));
    const frame = Buffer.concat([Buffer.from(`PUB ${SUBJECT} ${body.length}\r\n`), body, CRLF]);
    if (this.connected && this.socket) this.socket.write(frame);
    else {
      this.pending.push(frame);
      if (this.pending.length > PENDING_MAX) this.pending.shift();
    }
  }

  /** Connects, says CONNECT and SUB, and waits for the server's PONG to our PING (the handshake is complete). */
  private open(): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: this.host, port: this.port });
      socket.setNoDelay(true);
      socket.setKeepAlive(true, 10_000);
      let buffer: Buffer = Buffer.alloc(0);
      let handshaken = false;
      const fail = (err: Error) => {
        socket.destroy();
        if (!handshaken) reject(err);
        else this.lost(socket, err);
      };
      socket.once('error', fail);
      socket.once('close', () => fail(new Error('the NATS connection closed')));
      socket.on('data', (chunk: Buffer) => {
        buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
        for (;;) {
          const eol = buffer.indexOf(CRLF);
          if (eol < 0) return;
          const line = buffer.subarray(0, eol).toString('latin1');
          if (line.startsWith('MSG ')) {
            // MSG <subject> <sid> [reply-to] <#bytes>
            const size = Number(line.slice(line.lastIndexOf(' ') + 1));
            if (buffer.length < eol + 2 + size + 2) return; // the payload is still arriving
            const body = buffer.subarray(eol + 2, eol + 2 + size).toString('utf8');
            buffer = buffer.subarray(eol + 2 + size + 2);
            this.receive(body);
            continue;
          }
          buffer = buffer.subarray(eol + 2);
          if (line.startsWith('INFO ')) {
            const connectOpts = {
              verbose: false,
              pedantic: false,
              name: `loopcx-${this.nodeId}`,
              lang: 'node',
              version: '1',
              protocol: 1,
              ...this.auth,
            };
            socket.write(`CONNECT ${JSON.stringify(connectOpts)}\r\nSUB ${SUBJECT} 1\r\nPING\r\n`);
          } else if (line === 'PING') socket.write('PONG\r\n');
          else if (line === 'PONG' && !handshaken) {
            handshaken = true;
            this.socket = socket;
            this.connected = true;
            const queued = this.pending;
            this.pending = [];
            for (const frame of queued) socket.write(frame);
            resolve();
          } else if (line.startsWith('-ERR')) {
            fail(new Error(`NATS: ${line}`));
            return;
          }
        }
      });
    });
  }

  private receive(body: string) {
    try {
      const msg = JSON.parse(body) as { node: string; event: BusEvent };
      if (msg.node !== this.nodeId) this.deliver(msg.event);
    } catch {
      /* not ours */
    }
  }

  private lost(socket: Socket, err: Error) {
    if (this.stopped || this.socket !== socket) return;
    this.socket = undefined;
    this.connected = false;
    this.log(`loopcx bus: NATS connection lost (${err.message}); reconnecting`);
    const t0 = Date.now();
    void (async () => {
      let wait = BACKOFF.firstMs;
      while (!this.stopped) {
        await new Promise((r) => setTimeout(r, wait));
        if (this.stopped) return;
        try {
          await this.open();
          this.log(`loopcx bus reconnected after ${Date.now() - t0} ms (NATS)`);
          return;
        } catch {
          wait = Math.min(wait * 2, BACKOFF.maxMs);
        }
      }
    })();
  }
}
