import type { AppContext } from '../../platform/context.ts';
import { type Executor, rows, sql } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { wakeWorkers } from '../../platform/jobs.ts';
import { withQueryLane } from '../../platform/query-budget.ts';

/** A validated response ready to store. */
export interface PreparedResponse {
  tenantId: string;
  id: string;
  surveyId: string;
  versionId: string;
  orgUnitId: string | null;
  orgPath: string | null;
  touchpointId: string | null;
  customerRef: string | null;
  channel: string;
  invitationId: string | null;
  locale: string | null;
  answers: Record<string, unknown>;
  scores: Record<string, number>;
  context: Record<string, unknown> | null;
  idempotencyKey: string;
  bodyHash: string;
  submittedAt: string;
  /** Tenant-local day of submittedAt (YYYY-MM-DD). */
  day: string;
}

export type WriteResult = { id: string; status: 'created' | 'duplicate' } | { error: AppError };

/**
 * A flush as the write function reads it (migration 0054): the uuids repeated across responses (tenant, survey,
 * version, unit, touchpoint) once, as a uuid array literal, and each response as a JSON array that refers to them by
 * 1-based position (0: none), its submitted time in epoch milliseconds. Every byte is carried into the database and
 * parsed there, which on PGlite costs tens of ns a byte: a short survey's response went from ~550 bytes as an object
 * to ~300 as a row, and a 1,000-row flush from 51–53 to 43–45 µs a response on PGlite's thread (2026-12-02).
 */
export function compactFlush(items: PreparedResponse[]): { refs: string; rows: string } {
  const index = new Map<string, number>();
  const refs: string[] = [];
  const ref = (v: string | null) => {
    if (!v) return 0;
    let i = index.get(v);
    if (i === undefined) {
      refs.push(v);
      i = refs.length;
      index.set(v, i);
    }
    return i;
  };
  let s = '[';
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    s += `${i ? ',' : ''}[${ref(it.tenantId)},"${it.id}",${ref(it.surveyId)},${ref(it.versionId)},${ref(it.orgUnitId)},${ref(it.touchpointId)},`;
    s += `${it.customerRef === null ? 'null' : JSON.stringify(it.customerRef)},${JSON.stringify(it.channel)},${it.invitationId ? `"${it.invitationId}"` : 'null'},`;
    s += `${it.locale === null ? 'null' : JSON.stringify(it.locale)},${JSON.stringify(it.answers)},${JSON.stringify(it.scores)},${it.context === null ? 'null' : JSON.stringify(it.context)},`;
    s += `${JSON.stringify(it.idempotencyKey)},"${it.bodyHash}",${Date.parse(it.submittedAt)},"${it.day}"]`;
  }
  return { refs: `{${refs.join(',')}}`, rows: `${s}]` };
}

/** A flush takes whole requests until it holds at least this many rows. */
const MAX_ROWS = 500;

interface Pending {
  items: PreparedResponse[];
  resolve: (r: WriteResult[]) => void;
  reject: (e: unknown) => void;
}

/**
 * Inserts responses, their rollup deltas, invitation updates and the listeners' outbox job in **one
 * statement** — the `loopcx_write_responses` function (migration 0054, first 0014), whose plans are prepared once
 * per connection — so a flush is one round trip and atomic without BEGIN/COMMIT; inside a caller's transaction it
 * simply joins it. The function computes the daily and monthly rollup deltas from the rows it actually inserted (a
 * replayed key adds nothing; until 0053 the server computed them and sent them as JSON, which cost more to carry
 * and parse on PGlite than grouping the parsed rows) and upserts them sorted by key, daily rows first, so
 * concurrent flushes cannot deadlock (measured on PostgreSQL: 142 deadlock 500s before sorting, none after).
 * Returns per item: created, duplicate (same key and body), or a 409 error (same key, different body).
 */
export async function writeResponses(
  ex: Executor,
  items: PreparedResponse[],
  opts: { listeners?: boolean } = {},
): Promise<WriteResult[]> {
  if (items.length === 0) return [];
  const flush = compactFlush(items);
  const [out] = await rows<{ n: number; ids: string[] | null }>(
    ex,
    sql`SELECT n, ids::text[] AS ids FROM loopcx_write_responses(${flush.refs}::uuid[], ${flush.rows}::jsonb, ${opts.listeners !== false})`,
  );
  const results: WriteResult[] = new Array(items.length);
  // Every response was new (the common case): the function sent back only their number.
  if (out.n === items.length) {
    for (let i = 0; i < items.length; i++) results[i] = { id: items[i].id, status: 'created' };
    return results;
  }
  const created = new Set(out.ids ?? []);
  const conflicts = items.filter((it) => !created.has(it.id));
  const existing = new Map<string, { id: string; body_hash: string }>();
  if (conflicts.length) {
    for (const r of await rows<{ tenant_id: string; id: string; idempotency_key: string; body_hash: string }>(
      ex,
      sql`SELECT tenant_id, id, idempotency_key, body_hash FROM responses r
          WHERE (r.tenant_id, r.idempotency_key) IN (SELECT * FROM jsonb_to_recordset(${JSON.stringify(conflicts.map((c) => ({ t: c.tenantId, k: c.idempotencyKey })))}::jsonb) AS x(t uuid, k text))`,
    )) {
      existing.set(`${r.tenant_id}|${r.idempotency_key}`, r);
    }
  }
  items.forEach((it, i) => {
    if (created.has(it.id)) results[i] = { id: it.id, status: 'created' };
    else {
      const first = existing.get(`${it.tenantId}|${it.idempotencyKey}`);
      if (first && first.body_hash === it.bodyHash) results[i] = { id: first.id, status: 'duplicate' };
      else
        results[i] = {
          error: new AppError('conflict', 'This idempotency key was already used for a different response', {
            invalidParams: [{ name: 'idempotencyKey', reason: 'already used with a different body' }],
          }),
        };
    }
  });
  return results;
}

/**
 * The micro-batcher of the hot path (group commit): a free lane flushes at the end of the current event-loop
 * turn (`setImmediate`, so every request parsed in this turn joins it); while flushes run, arriving requests
 * queue, and the lane that frees up takes everything queued (whole requests, at least MAX_ROWS rows) at once.
 * Flushes therefore grow with the arrival rate, and an idle server adds no waiting time. (The first version
 * cut a batch every 5 ms whatever the database was doing: under load many small flushes queued behind each
 * other on PGlite's one connection, each paying the fixed cost of a statement.) A response is acknowledged only after its
 * statement committed. If a flush fails, each request is retried alone so one bad row never fails its
 * neighbours.
 */
export class ResponseWriter {
  private queue: Pending[] = [];
  private scheduled = false;
  private busy: boolean[];
  private running = new Set<Promise<void>>();

  /** Rows waiting in the queue. */
  private queuedRows = 0;
  /** PGlite: a second lane only pipelines (see the constructor). */
  private readonly pipelineOnly: boolean;

  /**
   * Flush lanes. On PostgreSQL four flushes run at once, so the server inserts one batch while this process
   * prepares the next. PGlite has one connection and runs statements one after another, but a second flush may be
   * handed to its thread while the first runs when at least MAX_ROWS rows wait (batch API loads): its statement is
   * built and queued there, so the database thread starts it the moment the first commits instead of idling while
   * this thread, busy validating the next request, gets round to it. Measured 2026-12-02 on PGlite, batch API over
   * HTTP: the database thread went from 88–90 % busy to 93–95 %, 20.5–22.6k to 22.1–23.5k responses/s. Smaller queues (the
   * single-response path) keep one lane, so their flushes stay as large as the arrival rate makes them.
   */
  constructor(private ctx: AppContext) {
    this.pipelineOnly = ctx.database.kind !== 'postgres';
    this.busy = Array.from({ length: this.pipelineOnly ? 2 : 4 }, () => false);
  }

  submit(items: PreparedResponse[]): Promise<WriteResult[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
      this.queuedRows += items.length;
      if (!this.scheduled && this.busy.some((_, lane) => this.mayStart(lane))) {
        this.scheduled = true;
        setImmediate(() => this.kick());
      }
    });
  }

  /** A lane may start a flush when it is free; PGlite's second lane only for a queue of at least MAX_ROWS rows. */
  private mayStart(lane: number) {
    return !this.busy[lane] && (lane === 0 || !this.pipelineOnly || this.queuedRows >= MAX_ROWS);
  }

  /** Starts flushes on free lanes while there is queued work. */
  private kick() {
    this.scheduled = false;
    for (let lane = 0; lane < this.busy.length && this.queue.length; lane++) {
      if (!this.mayStart(lane)) continue;
      const batch = this.take();
      this.busy[lane] = true;
      const run = this.flush(batch).finally(() => {
        this.busy[lane] = false;
        this.running.delete(run);
        // Requests that queued during the flush already waited: flush them at once.
        if (this.queue.length) this.kick();
      });
      this.running.add(run);
    }
  }

  private take(): Pending[] {
    let n = 0;
    let i = 0;
    while (i < this.queue.length && n < MAX_ROWS) n += this.queue[i++].items.length;
    this.queuedRows -= n;
    return this.queue.splice(0, i);
  }

  private async flush(batch: Pending[]) {
    const all = batch.flatMap((p) => p.items);
    try {
      // Flushes run in the short lane whichever request or task started them (query-budget.ts).
      const results = await withQueryLane('short', () => writeResponses(this.ctx.db, all));
      let i = 0;
      for (const p of batch) {
        p.resolve(results.slice(i, i + p.items.length));
        i += p.items.length;
      }
      this.afterCommit(all, results);
    } catch (err) {
      if (batch.length === 1) return batch[0].reject(err);
      for (const p of batch) {
        try {
          const results = await withQueryLane('short', () => writeResponses(this.ctx.db, p.items));
          p.resolve(results);
          this.afterCommit(p.items, results);
        } catch (e) {
          p.reject(e);
        }
      }
    }
  }

  /** Live dashboards and the worker hear about committed responses at once. */
  private afterCommit(items: PreparedResponse[], results: WriteResult[]) {
    const fresh = items.filter(
      (_, i) => 'status' in results[i] && (results[i] as { status: string }).status === 'created',
    );
    if (!fresh.length) return;
    const byTenant = new Map<string, PreparedResponse[]>();
    for (const it of fresh) {
      const list = byTenant.get(it.tenantId);
      if (list) list.push(it);
      else byTenant.set(it.tenantId, [it]);
    }
    for (const [tenantId, list] of byTenant) {
      this.ctx.bus.publish({
        tenantId,
        type: 'responses.committed',
        data: {
          items: list.map((it) => ({
            id: it.id,
            surveyId: it.surveyId,
            orgUnitId: it.orgUnitId,
            orgPath: it.orgPath,
            touchpointId: it.touchpointId,
            day: it.day,
            scores: it.scores,
          })),
        },
      });
    }
    wakeWorkers(this.ctx);
  }

  /** Waits for queued responses to be written (shutdown, tests). */
  async drain() {
    while (this.queue.length || this.running.size) {
      this.kick();
      await Promise.all(this.running);
    }
  }
}

const writers = new WeakMap<AppContext, ResponseWriter>();

/** One micro-batcher per application context. */
export function writerFor(ctx: AppContext) {
  let w = writers.get(ctx);
  if (!w) {
    w = new ResponseWriter(ctx);
    writers.set(ctx, w);
  }
  return w;
}
