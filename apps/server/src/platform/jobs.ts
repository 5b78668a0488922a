import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AppContext } from './context.ts';
import { type Executor, rows, sql } from './db.ts';
import { safeErrorMessage, serializeError } from './log-safety.ts';
import { withQueryLane } from './query-budget.ts';
import { startScheduledTasks } from './scheduled-tasks.ts';

/** A job as a handler sees it: its payload already parsed by the definition's schema. */
export interface Job<P = unknown> {
  id: number;
  tenantId: string | null;
  kind: string;
  payload: P;
  attempts: number;
}

/**
 * One kind of background work: its name in the `jobs` table, the schema its payload is parsed with before the
 * handler runs, the handler, and optionally how jobs of one tenant claimed together merge into one call.
 * Declared with `defineJob` in the owning domain's `jobs.ts` and listed in its module's `jobs`.
 */
export interface JobDefinition<P = unknown, K extends string = string> {
  readonly kind: K;
  readonly schema: z.ZodType<P>;
  /** Must be idempotent: a crash after the work but before the job row is deleted runs the job again. */
  handle(ctx: AppContext, job: Job<P>): Promise<void>;
  /**
   * Jobs of this kind for one tenant claimed together run as one call with the merged payload (e.g. lists of
   * response ids: one rules query and one transaction instead of one per job); they succeed or retry together.
   */
  merge?(payloads: P[]): P;
}

/** Any job definition, whatever its payload (the runner's and the modules' lists). */
export type AnyJobDefinition = JobDefinition<any>;

/**
 * Declares a job kind. The payload type comes from the schema, so `enqueue(ex, definition, payloads)` is checked
 * at compile time and every payload is parsed again when the job is claimed (rows outlive the code that wrote them).
 */
export function defineJob<K extends string, S extends z.ZodType>(def: {
  kind: K;
  schema: S;
  handle: (ctx: AppContext, job: Job<z.output<S>>) => Promise<void>;
  merge?: (payloads: Array<z.output<S>>) => z.output<S>;
}): JobDefinition<z.output<S>, K> {
  // S is a ZodType<z.output<S>>; TypeScript cannot see through the generic, hence the assertion.
  return def as JobDefinition<z.output<S>, K>;
}

const definitions = new Map<string, AnyJobDefinition>();
const MAX_ATTEMPTS = 8;
/** How long a claim lasts without a heartbeat: a dead worker's jobs are picked up this long after it died. */
export const LEASE_SECONDS = 60;
const BATCH = 100;
const CONCURRENCY = 8;

/**
 * Makes job kinds runnable in this process (the module registry does this at start; tests for their own kinds).
 * Registering the same definition again is a no-op; two definitions of one kind are a programming error.
 */
export function registerJobs(list: readonly AnyJobDefinition[]) {
  for (const def of list) {
    const known = definitions.get(def.kind);
    if (known && known !== def) throw new Error(`job kind ${def.kind} is defined twice`);
    definitions.set(def.kind, def);
  }
}

export interface EnqueueOptions {
  tenantId?: string | null;
  runAt?: Date;
}

/**
 * Writes jobs in the caller's transaction (the outbox): they exist exactly when the change that needs them
 * committed, so nothing that must happen depends on an in-memory callback surviving a crash. Call `wakeWorkers`
 * after commit so an idle worker claims them at once rather than at its next poll. Returns the jobs' ids (for a
 * caller that does the work itself right after commit and then drops its jobs with `dropJobs`).
 */
export async function enqueue<P>(
  ex: Executor,
  job: JobDefinition<P>,
  payloads: Array<NoInfer<P>>,
  opts: EnqueueOptions = {},
): Promise<string[]> {
  if (payloads.length === 0) return [];
  const runAt = opts.runAt ? opts.runAt.toISOString() : null;
  const ids = await rows<{ id: string | number }>(
    ex,
    sql`INSERT INTO jobs (tenant_id, kind, payload, run_at)
        SELECT ${opts.tenantId ?? null}::uuid, ${job.kind}, p, coalesce(${runAt}::timestamptz, now())
        FROM jsonb_array_elements(${JSON.stringify(payloads)}::jsonb) AS p
        RETURNING id`,
  );
  return ids.map((r) => String(r.id));
}

/**
 * Deletes committed jobs whose work the caller already did itself (e.g. sends made right after the transaction
 * that enqueued them committed). A job a worker has claimed meanwhile is left to it: its handler must find the
 * work done (handlers are idempotent anyway).
 */
export async function dropJobs(ex: Executor, ids: string[]) {
  if (!ids.length) return;
  await ex.execute(
    sql`DELETE FROM jobs WHERE id IN (${idList(ids)}) AND (locked_until IS NULL OR locked_until < now())`,
  );
}

/**
 * Tells idle workers (this node's and, on PostgreSQL, every node's through the bus) that jobs were committed.
 * Publish only after the transaction that enqueued them committed: a worker woken earlier finds nothing.
 */
export function wakeWorkers(ctx: Pick<AppContext, 'bus'>) {
  ctx.bus.publish({ tenantId: '*', type: 'jobs.enqueued', data: null });
}

/** Where the runner reports jobs it drops or fails to run (the worker's log; `console.warn` by default). */
export type JobLog = (msg: string, detail?: unknown) => void;

export interface RunJobsOptions {
  /**
   * Claim only these tenants' jobs (tests on a database other test files share claim only their own, so a job
   * never runs with another file's clock, config or handlers).
   */
  tenantIds?: string[];
  log?: JobLog;
  /** The claim's lease (default LEASE_SECONDS); renewed every third of it while the claimed jobs are not settled. */
  leaseSeconds?: number;
}

interface JobRow {
  id: string | number;
  tenant_id: string | null;
  kind: string;
  payload: unknown;
  attempts: number;
}

/** Jobs that run as one handler call: one job, or the merged jobs of one tenant and kind. */
interface RunUnit {
  ids: Array<string | number>;
  def: AnyJobDefinition;
  job: Job;
}

const idList = (ids: Array<string | number>) =>
  sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );

const defaultLog =
  (ctx: AppContext): JobLog =>
  (msg, detail) => {
    if (ctx.config.logLevel !== 'silent') console.warn(msg, detail instanceof Error ? serializeError(detail) : detail);
  };

/**
 * Claims due jobs (100 per fetch, `FOR UPDATE SKIP LOCKED` so several workers never take the same job), parses
 * each payload, runs the handlers and deletes what succeeded; failures retry with exponential backoff and are
 * parked (dead_at) after MAX_ATTEMPTS. A job no retry can fix is settled at once: an unknown kind is logged and
 * deleted, an invalid payload is parked with the schema's error. Returns how many jobs were claimed. `kinds`
 * limits the claim to those kinds (definitions or names).
 */
export async function runDueJobs(
  ctx: AppContext,
  kinds?: Array<AnyJobDefinition | string>,
  opts: RunJobsOptions = {},
): Promise<number> {
  // Unknown kinds are deleted, so a process that never registered any (modules not loaded yet) must not claim.
  if (definitions.size === 0) throw new Error('no job kinds registered: load the modules before running jobs');
  const log = opts.log ?? defaultLog(ctx);
  const lease = opts.leaseSeconds ?? LEASE_SECONDS;
  // The claim's fencing token: renewals, deletes and retries below touch only rows this call still holds, so a
  // runner that lost its lease (paused past it, cut off from the database) cannot settle the new owner's claim.
  const token = randomUUID();
  const claimed = await claimDueJobs(ctx, token, lease, kinds, opts.tenantIds);
  if (claimed.length === 0) return 0;
  const mine = sql`AND locked_by = ${token}::uuid`;
  const { units, unknown, invalid } = planUnits(claimed);
  for (const j of unknown) log('job of unknown kind deleted', { kind: j.kind, id: Number(j.id) });
  if (unknown.length)
    await ctx.db.execute(sql`DELETE FROM jobs WHERE id IN (${idList(unknown.map((j) => j.id))}) ${mine}`);
  for (const { id, error } of invalid)
    await ctx.db.execute(
      sql`UPDATE jobs SET locked_until = NULL, locked_by = NULL, last_error = ${error}, dead_at = now() WHERE id = ${id} ${mine}`,
    );
  // Heartbeat: while any claimed job is unsettled (running, or waiting for a free lane), its lease is renewed, so a
  // handler that outlives the lease (a slow receiver, a 270k-row export) is never claimed by a second worker.
  const open = new Set(units.flatMap((u) => u.ids.map(String)));
  let renewing: Promise<unknown> | undefined;
  const heartbeat = setInterval(
    () => {
      if (renewing || open.size === 0) return;
      renewing = ctx.db
        .execute(
          sql`UPDATE jobs SET locked_until = now() + make_interval(secs => ${lease})
              WHERE id IN (${idList([...open])}) ${mine}`,
        )
        .catch((err) => log('job lease renewal failed', err))
        .finally(() => {
          renewing = undefined;
        });
    },
    Math.max(100, (lease * 1000) / 3),
  );
  const runOne = async ({ ids, def, job }: RunUnit) => {
    try {
      await def.handle(ctx, job);
      // Deleted as soon as it is done, not after the whole fetch: a crash later must not run it again.
      await ctx.db.execute(sql`DELETE FROM jobs WHERE id IN (${idList(ids)}) ${mine}`);
    } catch (err) {
      // Without the query's bound values: an operator reads last_error, and they may be phones, emails or secrets.
      const message = safeErrorMessage(err).slice(0, 2000);
      const backoff = Math.min(3600, 2 ** job.attempts);
      await ctx.db.execute(
        sql`UPDATE jobs SET locked_until = NULL, locked_by = NULL, last_error = ${message},
              run_at = now() + make_interval(secs => ${backoff}),
              dead_at = CASE WHEN attempts >= ${MAX_ATTEMPTS} THEN now() END
            WHERE id IN (${idList(ids)}) ${mine}`,
      );
    } finally {
      for (const id of ids) open.delete(String(id));
    }
  };
  // On PostgreSQL claimed jobs run several at a time (the pool has connections to spare), each lane taking the
  // next job as soon as it is free; PGlite has one connection, so there they run one after another.
  const parallel = ctx.database.kind === 'postgres' ? CONCURRENCY : 1;
  let next = 0;
  try {
    await Promise.all(
      Array.from({ length: Math.min(parallel, units.length) }, async () => {
        while (next < units.length) await runOne(units[next++]);
      }),
    );
  } finally {
    clearInterval(heartbeat);
    await renewing;
  }
  return claimed.length;
}

async function claimDueJobs(
  ctx: AppContext,
  token: string,
  lease: number,
  kinds?: Array<AnyJobDefinition | string>,
  tenantIds?: string[],
) {
  const kindFilter = kinds?.length
    ? sql`AND kind IN (${sql.join(
        kinds.map((k) => sql`${typeof k === 'string' ? k : k.kind}`),
        sql`, `,
      )})`
    : sql``;
  const tenantFilter = tenantIds
    ? sql`AND tenant_id IN (${sql.join(
        tenantIds.map((t) => sql`${t}::uuid`),
        sql`, `,
      )})`
    : sql``;
  return rows<JobRow>(
    ctx.db,
    sql`UPDATE jobs SET locked_until = now() + make_interval(secs => ${lease}), locked_by = ${token}::uuid,
          attempts = attempts + 1
        WHERE id IN (
          SELECT id FROM jobs
          WHERE dead_at IS NULL AND run_at <= now() AND (locked_until IS NULL OR locked_until < now()) ${kindFilter} ${tenantFilter}
          ORDER BY run_at, id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
        RETURNING id, tenant_id, kind, payload, attempts`,
  );
}

/**
 * Sorts claimed rows into handler calls. Retrying cannot fix a kind this process does not know (a job left over
 * from a removed feature) or a payload its schema refuses, so those never reach a handler: they would otherwise
 * retry with backoff for hours and then sit parked without saying why.
 */
function planUnits(claimed: JobRow[]) {
  const units: RunUnit[] = [];
  const unknown: JobRow[] = [];
  const invalid: Array<{ id: string | number; error: string }> = [];
  const merged = new Map<string, { def: AnyJobDefinition; rows: JobRow[]; payloads: unknown[] }>();
  for (const j of claimed) {
    const def = definitions.get(j.kind);
    if (!def) {
      unknown.push(j);
      continue;
    }
    const parsed = def.schema.safeParse(j.payload);
    if (!parsed.success) {
      invalid.push({ id: j.id, error: `invalid payload: ${z.prettifyError(parsed.error)}`.slice(0, 2000) });
      continue;
    }
    if (!def.merge) {
      units.push({ ids: [j.id], def, job: toJob(j, parsed.data) });
      continue;
    }
    const key = `${j.kind}|${j.tenant_id}`;
    const m = merged.get(key);
    if (m) {
      m.rows.push(j);
      m.payloads.push(parsed.data);
    } else merged.set(key, { def, rows: [j], payloads: [parsed.data] });
  }
  for (const { def, rows: list, payloads } of merged.values()) {
    const payload = payloads.length === 1 ? payloads[0] : def.merge!(payloads);
    units.push({
      ids: list.map((j) => j.id),
      def,
      job: { ...toJob(list[0], payload), attempts: Math.max(...list.map((j) => j.attempts)) },
    });
  }
  return { units, unknown, invalid };
}

const toJob = (j: JobRow, payload: unknown): Job => ({
  id: Number(j.id),
  tenantId: j.tenant_id,
  kind: j.kind,
  payload,
  attempts: j.attempts,
});

/**
 * The embedded database belongs to one process (PGlite holds its data dir), so at start every lease in it is a dead
 * process's: released now, a crash's in-flight jobs run again at once instead of after their lease (up to
 * LEASE_SECONDS). Never on PostgreSQL, where a lease may be another live node's. Returns how many were released.
 */
export async function releaseEmbeddedLeases(ctx: AppContext): Promise<number> {
  if (ctx.database.kind !== 'pglite') return 0;
  const released = await rows<{ id: string }>(
    ctx.db,
    sql`UPDATE jobs SET locked_until = NULL, locked_by = NULL WHERE locked_until IS NOT NULL AND dead_at IS NULL RETURNING id`,
  );
  return released.length;
}

/** The worker loop: drains due jobs continuously, sleeping `idleMs` when there is nothing to do. */
export function startWorker(ctx: AppContext, opts: { idleMs?: number; log?: JobLog } = {}) {
  let stopped = false;
  let wake: (() => void) | undefined;
  const idleMs = opts.idleMs ?? 100;
  const unsubscribe = ctx.bus.subscribe((e) => {
    if (e.type === 'jobs.enqueued') wake?.();
  });
  const loop = (async () => {
    while (!stopped) {
      let ran = 0;
      try {
        // Jobs run in the background lane with their longer budget, whoever woke the loop (query-budget.ts).
        ran = await withQueryLane('background', () =>
          runDueJobs(ctx, undefined, { log: opts.log, leaseSeconds: ctx.config.jobLeaseSeconds }),
        );
      } catch (err) {
        opts.log?.('job loop failed', serializeError(err));
      }
      if (ran === 0 && !stopped) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, idleMs);
          wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
        wake = undefined;
      }
    }
  })();
  const stopScheduled = startScheduledTasks(ctx, opts.log);
  return async () => {
    stopped = true;
    wake?.();
    stopScheduled();
    unsubscribe();
    await loop;
  };
}
