import type { AppContext } from './context.ts';
import { type Executor, rows, sql } from './db.ts';

/** A job as a handler sees it. */
export interface Job<P = any> {
  id: number;
  tenantId: string | null;
  kind: string;
  payload: P;
  attempts: number;
}

export type JobHandler = (ctx: AppContext, job: Job) => Promise<void>;

const handlers = new Map<string, JobHandler>();
const MAX_ATTEMPTS = 8;
const LOCK_SECONDS = 60;
const BATCH = 100;
const CONCURRENCY = 8;

/**
 * Registers the handler for a job kind. Handlers must be idempotent: a crash after the work but before the
 * job row is deleted runs the job again.
 */
export function registerJobHandler(kind: string, handler: JobHandler) {
  handlers.set(kind, handler);
}

const mergers = new Map<string, (payloads: unknown[]) => unknown>();

/**
 * Declares that jobs of `kind` for the same tenant claimed together may run as one call with a merged payload
 * (e.g. `responses.committed` lists of ids): one rules query and one transaction instead of one per job.
 */
export function registerJobMerge(kind: string, merge: (payloads: unknown[]) => unknown) {
  mergers.set(kind, merge);
}

export interface EnqueueOptions {
  tenantId?: string | null;
  runAt?: Date;
}

/**
 * Writes jobs in the caller's transaction (the outbox): they exist exactly when the change that needs them
 * committed, so nothing that must happen depends on an in-memory callback surviving a crash.
 */
export async function enqueue(ex: Executor, kind: string, payloads: unknown[], opts: EnqueueOptions = {}) {
  if (payloads.length === 0) return;
  const runAt = opts.runAt ? opts.runAt.toISOString() : null;
  await ex.execute(
    sql`INSERT INTO jobs (tenant_id, kind, payload, run_at)
        SELECT ${opts.tenantId ?? null}::uuid, ${kind}, p, coalesce(${runAt}::timestamptz, now())
        FROM jsonb_array_elements(${JSON.stringify(payloads)}::jsonb) AS p`,
  );
}

interface JobRow {
  id: string | number;
  tenant_id: string | null;
  kind: string;
  payload: unknown;
  attempts: number;
}

/**
 * Claims due jobs (100 per fetch, `FOR UPDATE SKIP LOCKED` so several workers never take the same job),
 * runs each and deletes it on success; failures retry with exponential backoff and are parked (dead_at) after
 * MAX_ATTEMPTS. Returns how many jobs ran. `tenantIds` limits the claim to those tenants' jobs (tests on a database
 * other test files share claim only their own, so a job never runs with another file's clock, config or handlers).
 */
export async function runDueJobs(
  ctx: AppContext,
  kinds?: string[],
  opts: { tenantIds?: string[] } = {},
): Promise<number> {
  const kindFilter = kinds?.length
    ? sql`AND kind IN (${sql.join(
        kinds.map((k) => sql`${k}`),
        sql`, `,
      )})`
    : sql``;
  const tenantFilter = opts.tenantIds
    ? sql`AND tenant_id IN (${sql.join(
        opts.tenantIds.map((t) => sql`${t}::uuid`),
        sql`, `,
      )})`
    : sql``;
  const claimed = await rows<JobRow>(
    ctx.db,
    sql`UPDATE jobs SET locked_until = now() + make_interval(secs => ${LOCK_SECONDS}), attempts = attempts + 1
        WHERE id IN (
          SELECT id FROM jobs
          WHERE dead_at IS NULL AND run_at <= now() AND (locked_until IS NULL OR locked_until < now()) ${kindFilter} ${tenantFilter}
          ORDER BY run_at, id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
        RETURNING id, tenant_id, kind, payload, attempts`,
  );
  // Mergeable kinds: jobs of one tenant claimed together run as one call; they succeed or retry together.
  const units: Array<{ ids: Array<string | number>; job: JobRow }> = [];
  const merged = new Map<string, { ids: Array<string | number>; jobs: JobRow[] }>();
  for (const j of claimed) {
    if (!mergers.has(j.kind)) {
      units.push({ ids: [j.id], job: j });
      continue;
    }
    const key = `${j.kind}|${j.tenant_id}`;
    const m = merged.get(key);
    if (m) {
      m.ids.push(j.id);
      m.jobs.push(j);
    } else merged.set(key, { ids: [j.id], jobs: [j] });
  }
  for (const m of merged.values()) {
    const first = m.jobs[0];
    const payload = m.jobs.length === 1 ? first.payload : mergers.get(first.kind)!(m.jobs.map((j) => j.payload));
    units.push({ ids: m.ids, job: { ...first, payload, attempts: Math.max(...m.jobs.map((j) => j.attempts)) } });
  }
  const done: Array<string | number> = [];
  const runOne = async ({ ids, job: j }: { ids: Array<string | number>; job: JobRow }) => {
    const handler = handlers.get(j.kind);
    try {
      if (!handler) throw new Error(`no handler for job kind ${j.kind}`);
      await handler(ctx, {
        id: Number(j.id),
        tenantId: j.tenant_id,
        kind: j.kind,
        payload: j.payload,
        attempts: j.attempts,
      });
      done.push(...ids);
    } catch (err) {
      const message = String((err as Error)?.message ?? err).slice(0, 2000);
      const backoff = Math.min(3600, 2 ** j.attempts);
      await ctx.db.execute(
        sql`UPDATE jobs SET locked_until = NULL, last_error = ${message},
              run_at = now() + make_interval(secs => ${backoff}),
              dead_at = CASE WHEN attempts >= ${MAX_ATTEMPTS} THEN now() END
            WHERE id IN (${sql.join(
              ids.map((id) => sql`${id}`),
              sql`, `,
            )})`,
      );
    }
  };
  // On PostgreSQL claimed jobs run several at a time (the pool has connections to spare), each lane taking the
  // next job as soon as it is free; PGlite has one connection, so there they run one after another.
  const parallel = ctx.database.kind === 'postgres' ? CONCURRENCY : 1;
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, units.length) }, async () => {
      while (next < units.length) await runOne(units[next++]);
    }),
  );
  if (done.length) {
    await ctx.db.execute(
      sql`DELETE FROM jobs WHERE id IN (${sql.join(
        done.map((id) => sql`${id}`),
        sql`, `,
      )})`,
    );
  }
  return claimed.length;
}

/** A periodic task run by worker nodes (metric rules, SLA escalation, VACUUM on PGlite). */
export interface ScheduledTask {
  name: string;
  everyMs: number;
  run: (ctx: AppContext) => Promise<void>;
}

const scheduled: ScheduledTask[] = [];

export function registerScheduledTask(task: ScheduledTask) {
  scheduled.push(task);
}

/** The worker loop: drains due jobs continuously, sleeping `idleMs` when there is nothing to do. */
export function startWorker(
  ctx: AppContext,
  opts: { idleMs?: number; log?: (msg: string, err?: unknown) => void } = {},
) {
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
        ran = await runDueJobs(ctx);
      } catch (err) {
        opts.log?.('job loop failed', err);
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
  const timers = scheduled.map((task) => {
    let running = false;
    return setInterval(async () => {
      if (running || stopped) return;
      running = true;
      try {
        await task.run(ctx);
      } catch (err) {
        opts.log?.(`scheduled task ${task.name} failed`, err);
      } finally {
        running = false;
      }
    }, task.everyMs);
  });
  return async () => {
    stopped = true;
    wake?.();
    timers.forEach(clearInterval);
    unsubscribe();
    await loop;
  };
}
