import { Worker } from 'node:worker_threads';
import { currentBudget, LANE_PRIORITY } from './query-budget.ts';

type Msg = Record<string, unknown> & { op: string };
type Reply = { id: number; ok: boolean; result?: unknown; error?: Record<string, unknown> };

/** A PostgreSQL error re-created on this side with the fields errors.ts maps (code, constraint, detail…). */
class DatabaseError extends Error {
  constructor(fields: Record<string, unknown>) {
    super(String(fields.message));
    Object.assign(this, fields);
  }
}

export interface QueryOptions {
  rowMode?: 'array' | 'object';
}

/** The query surface Drizzle's PGlite driver uses, inside a transaction. */
export interface PgliteLikeTx {
  query(sql: string, params?: unknown[], options?: QueryOptions): Promise<unknown>;
  exec(sql: string): Promise<unknown>;
}

/**
 * The embedded database on its own thread (`pglite-worker.mjs`), with the part of PGlite's API that Drizzle's
 * PGlite driver and loopcx use: `query`, `exec`, `transaction`, `dumpDataDir`, `close`. Queries keep PGlite's
 * semantics (one connection: a query outside an open transaction waits for it to end). Types Drizzle leaves as
 * strings (timestamps, dates, intervals) are left as strings by the worker for every query, as Drizzle asks.
 */
export class PgliteThread {
  private worker: Worker;
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  private nextId = 1;
  private dead: Error | undefined;
  readonly ready: Promise<void>;

  constructor(dataDir: string, loadDataDir?: ArrayBuffer) {
    this.worker = new Worker(new URL('./pglite-worker.mjs', import.meta.url), {
      workerData: { dataDir, loadDataDir },
      transferList: loadDataDir ? [loadDataDir] : [],
    });
    this.ready = new Promise((resolve, reject) => {
      const onMessage = (m: Reply & { ready?: boolean }) => {
        if (m.ready) {
          this.worker.off('error', onError);
          resolve();
          return;
        }
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.ok) p.resolve(m.result);
        else p.reject(new DatabaseError(m.error ?? { message: 'query failed' }));
      };
      const onError = (err: Error) => reject(err);
      this.worker.on('message', onMessage);
      this.worker.once('error', onError);
    });
    // The database thread must never die quietly: every waiting query fails with the reason, and so does
    // every later one.
    const die = (err: Error) => {
      this.dead ??= err;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    this.worker.on('error', die);
    this.worker.on('exit', (code) => die(new Error(`The embedded database thread exited (code ${code})`)));
  }

  private call(msg: Msg, transfer?: ArrayBuffer[]): Promise<unknown> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...msg, id }, transfer ?? []);
    });
  }

  /**
   * A statement or transaction outside any open transaction waits in the worker's queue: its lane is the caller's
   * (query-budget.ts), and a request's budget becomes the deadline by which it must have started (PGlite cannot
   * stop a statement once it runs, so this is where a request's budget can act).
   */
  private queued(msg: Msg): Promise<unknown> {
    const budget = currentBudget();
    const deadline = budget.lane === 'request' && budget.timeoutMs > 0 ? Date.now() + budget.timeoutMs : 0;
    return this.call({ ...msg, lane: LANE_PRIORITY[budget.lane], deadline });
  }

  query(sql: string, params: unknown[] = [], options: QueryOptions = {}): Promise<unknown> {
    return this.queued({ op: 'query', sql, params, rowMode: options.rowMode ?? 'object' });
  }

  exec(sql: string): Promise<unknown> {
    return this.queued({ op: 'exec', sql });
  }

  /** Runs `fn` in a transaction: committed when it resolves, rolled back when it throws. */
  async transaction<T>(fn: (tx: PgliteLikeTx) => Promise<T>): Promise<T> {
    const tx = (await this.queued({ op: 'begin' })) as number;
    let closed = false;
    const guard = () => {
      if (closed) throw new Error('Transaction is closed');
    };
    const handle: PgliteLikeTx = {
      query: (sql, params = [], options = {}) => {
        guard();
        return this.call({ op: 'query', sql, params, rowMode: options.rowMode ?? 'object', tx });
      },
      exec: (sql) => {
        guard();
        return this.call({ op: 'exec', sql, tx });
      },
    };
    let result: T;
    try {
      result = await fn(handle);
    } catch (err) {
      closed = true;
      await this.call({ op: 'end', tx, commit: false });
      throw err;
    }
    closed = true;
    await this.call({ op: 'end', tx, commit: true });
    return result;
  }

  async dumpDataDir(): Promise<Blob> {
    const buf = (await this.call({ op: 'dump' })) as ArrayBuffer;
    return new Blob([buf]);
  }

  async close() {
    if (!this.dead) await this.call({ op: 'close' });
    await this.worker.terminate();
  }
}
