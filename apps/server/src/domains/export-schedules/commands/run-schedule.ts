import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { TExportDestination, TExportScheduleResponse } from '@loopcx/shared';
import type { AppContext } from '../../../platform/context.ts';
import { one, rows, sql } from '../../../platform/db.ts';
import { safeErrorMessage } from '../../../platform/log-safety.ts';
import { planFeed } from '../datasets.ts';
import { exportTarget } from '../destinations.ts';
import { FORMAT_EXTENSION, openFeedWriter } from '../formats.ts';
import { currentSnapshot } from '../watermark.ts';

/** This process, as a lease holder (a lease names who may write the schedule's next file). */
const NODE = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
const PAGE = 5_000;

export interface RunOptions {
  trigger: 'schedule' | 'manual';
  /** Rows per read (tests use small pages to cross page boundaries). */
  pageSize?: number;
  /** Called after each page is written (the crash proof uses it to know a run is under way). */
  onPage?: (rowsSoFar: number) => void | Promise<void>;
}

interface ScheduleRow {
  id: string;
  dataset: TExportScheduleResponse['dataset'];
  format: TExportScheduleResponse['format'];
  every: TExportScheduleResponse['every'];
  destination: TExportDestination;
  secret: string;
  watermark: string | null;
  run_seq: number;
  org_path: string;
  org_unit_id: string;
}

interface OpenRun {
  id: string;
  seq: number;
  snapshot_from: string | null;
  snapshot_to: string;
  file_name: string;
  attempts: number;
}

/** The lease was taken over (this runner stalled past it): stop without touching the schedule. */
class LeaseLost extends Error {}

/**
 * Runs a schedule once if this process can take its lease: another node holding it means a run is under way there,
 * and this call returns false. A run is planned durably before any byte is written — the range (the schedule's
 * watermark → the snapshot now) and the file name are stored in an `export_runs` row — so a run that dies (kill -9,
 * a failed upload) is redone by the next attempt over exactly the same rows into the same file name, replacing
 * what the dead attempt left. The watermark moves to the run's snapshot only in the transaction that records its
 * success, after the file and its manifest are in place. See docs/ARCHITECTURE.md (scheduled exports).
 */
export async function runSchedule(
  ctx: AppContext,
  tenantId: string,
  scheduleId: string,
  opts: RunOptions,
): Promise<boolean> {
  const schedule = await claim(ctx, tenantId, scheduleId);
  if (!schedule) return false;
  const run = await openRun(ctx, tenantId, schedule, opts.trigger);
  let target: Awaited<ReturnType<typeof exportTarget>> | undefined;
  try {
    target = await exportTarget(ctx, schedule, run.id, run.file_name);
    const range = { from: run.snapshot_from, to: run.snapshot_to };
    const plan = await planFeed(ctx, schedule.dataset, {
      tenantId,
      orgPath: schedule.org_path,
      isRoot: schedule.org_path === `/${schedule.org_unit_id}/`,
      range,
      pageSize: opts.pageSize ?? PAGE,
    });
    const writer = openFeedWriter(schedule.format, target.workPath, plan.columns);
    let renewed = Date.now();
    let count = 0;
    try {
      for await (const records of plan.pages) {
        await writer.write(records);
        count += records.length;
        await opts.onPage?.(count);
        // A lease lasts `exportLeaseSeconds` unless renewed; the runner renews it every third of that while it streams.
        if (Date.now() - renewed > (ctx.config.exportLeaseSeconds * 1000) / 3) {
          await renew(ctx, tenantId, scheduleId);
          renewed = Date.now();
        }
      }
    } catch (err) {
      writer.abort();
      throw err;
    }
    const file = await writer.finish();
    if (file.rows > 0) {
      await renew(ctx, tenantId, scheduleId);
      await target.deliver({
        schema: 'loopcx.export-manifest/1',
        scheduleId,
        runId: run.id,
        seq: run.seq,
        dataset: schedule.dataset,
        format: schedule.format,
        file: run.file_name,
        rows: file.rows,
        bytes: file.bytes,
        sha256: file.sha256,
        columns: plan.columns.map((c) => c.key),
        watermark: range,
        createdAt: ctx.clock.now().toISOString(),
      });
    } else await target.discard();
    await succeed(ctx, tenantId, schedule, run, file);
  } catch (err) {
    await target?.discard().catch(() => {});
    if (err instanceof LeaseLost) return true;
    await fail(ctx, tenantId, scheduleId, run, err);
  }
  return true;
}

/** Takes the schedule's lease (free, expired, or already ours) and loads what a run needs. */
async function claim(ctx: AppContext, tenantId: string, scheduleId: string): Promise<ScheduleRow | undefined> {
  return one<ScheduleRow>(
    ctx.db,
    sql`UPDATE export_schedules e SET lease_owner = ${NODE}, lease_until = now() + make_interval(secs => ${ctx.config.exportLeaseSeconds})
        FROM org_units o
        WHERE e.tenant_id = ${tenantId} AND e.id = ${scheduleId} AND o.tenant_id = e.tenant_id AND o.id = e.org_unit_id
          AND (e.lease_until IS NULL OR e.lease_until < now() OR e.lease_owner = ${NODE})
        RETURNING e.id, e.dataset, e.format, e.every, e.destination, e.secret, e.watermark, e.run_seq,
          e.org_unit_id, o.path AS org_path`,
  );
}

async function renew(ctx: AppContext, tenantId: string, scheduleId: string) {
  const held = await rows(
    ctx.db,
    sql`UPDATE export_schedules SET lease_until = now() + make_interval(secs => ${ctx.config.exportLeaseSeconds})
        WHERE tenant_id = ${tenantId} AND id = ${scheduleId} AND lease_owner = ${NODE} RETURNING id`,
  );
  if (held.length === 0) throw new LeaseLost('export schedule lease lost');
}

/**
 * The run to do: the unfinished one (running when its writer died, or failed) with its stored range and file name,
 * or a new one from the watermark to the snapshot now. The snapshot is taken before the run row's transaction, so
 * that transaction's own id is not inside it.
 */
async function openRun(
  ctx: AppContext,
  tenantId: string,
  s: ScheduleRow,
  trigger: RunOptions['trigger'],
): Promise<OpenRun> {
  const open = await one<OpenRun>(
    ctx.db,
    sql`UPDATE export_runs SET status = 'running', attempts = attempts + 1
        WHERE tenant_id = ${tenantId} AND schedule_id = ${s.id} AND status <> 'succeeded'
        RETURNING id, seq, snapshot_from, snapshot_to, file_name, attempts`,
  );
  if (open) return open;
  const to = await currentSnapshot(ctx.db);
  const seq = s.run_seq + 1;
  const id = randomUUID();
  const fileName = `${s.dataset}-${s.id.slice(0, 8)}-${String(seq).padStart(8, '0')}.${FORMAT_EXTENSION[s.format]}`;
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`UPDATE export_schedules SET run_seq = ${seq} WHERE tenant_id = ${tenantId} AND id = ${s.id}`);
    await tx.execute(
      sql`INSERT INTO export_runs (tenant_id, schedule_id, id, seq, trigger, status, snapshot_from, snapshot_to,
            file_name, attempts)
          VALUES (${tenantId}, ${s.id}, ${id}, ${seq}, ${trigger}, 'running', ${s.watermark}, ${to}, ${fileName}, 1)`,
    );
    return { id, seq, snapshot_from: s.watermark, snapshot_to: to, file_name: fileName, attempts: 1 };
  });
}

/** The next run time after now: the next whole hour, or the next midnight of the tenant's day. */
const NEXT_RUN = sql`CASE e.every WHEN 'hour' THEN date_trunc('hour', now()) + interval '1 hour'
  ELSE (date_trunc('day', now() AT TIME ZONE t.timezone) + interval '1 day') AT TIME ZONE t.timezone END`;

async function succeed(
  ctx: AppContext,
  tenantId: string,
  s: ScheduleRow,
  run: OpenRun,
  file: { rows: number; bytes: number; sha256: string },
) {
  await ctx.db.transaction(async (tx) => {
    const held = await rows(
      tx,
      sql`UPDATE export_schedules e SET watermark = ${run.snapshot_to}, lease_owner = NULL, lease_until = NULL,
            next_run_at = ${NEXT_RUN}
          FROM tenants t
          WHERE e.tenant_id = ${tenantId} AND e.id = ${s.id} AND t.id = e.tenant_id AND e.lease_owner = ${NODE}
          RETURNING e.id`,
    );
    if (held.length === 0) throw new LeaseLost('export schedule lease lost');
    await tx.execute(
      sql`UPDATE export_runs SET status = 'succeeded', rows = ${file.rows}, bytes = ${file.rows > 0 ? file.bytes : 0},
            sha256 = ${file.rows > 0 ? file.sha256 : null}, error = NULL, finished_at = now()
          WHERE tenant_id = ${tenantId} AND schedule_id = ${s.id} AND id = ${run.id}`,
    );
  });
}

/** Records the failure and retries the same run later: 1, 2, 4 … minutes, at most an hour. */
async function fail(ctx: AppContext, tenantId: string, scheduleId: string, run: OpenRun, err: unknown) {
  const message = safeErrorMessage(err).slice(0, 1000);
  const backoff = Math.min(3600, 60 * 2 ** Math.min(6, run.attempts - 1));
  await ctx.db.transaction(async (tx) => {
    await tx.execute(
      sql`UPDATE export_runs SET status = 'failed', error = ${message}, finished_at = now()
          WHERE tenant_id = ${tenantId} AND schedule_id = ${scheduleId} AND id = ${run.id}`,
    );
    await tx.execute(
      sql`UPDATE export_schedules SET lease_owner = NULL, lease_until = NULL,
            next_run_at = now() + make_interval(secs => ${backoff})
          WHERE tenant_id = ${tenantId} AND id = ${scheduleId} AND lease_owner = ${NODE}`,
    );
  });
}

/**
 * The scheduler's tick (every worker node runs it): schedules that are due and not leased, each run under its
 * lease, so one run per schedule and tick across nodes. `tenantIds` limits it (tests on a shared database).
 */
export async function runDueExports(ctx: AppContext, opts: { tenantIds?: string[]; pageSize?: number } = {}) {
  const filter = opts.tenantIds
    ? sql`AND tenant_id IN (${sql.join(
        opts.tenantIds.map((t) => sql`${t}::uuid`),
        sql`, `,
      )})`
    : sql``;
  const due = await rows<{ tenant_id: string; id: string }>(
    ctx.db,
    sql`SELECT tenant_id, id FROM export_schedules
        WHERE enabled AND next_run_at <= now() AND (lease_until IS NULL OR lease_until < now()) ${filter}
        ORDER BY next_run_at LIMIT 20`,
  );
  let ran = 0;
  for (const s of due)
    if (await runSchedule(ctx, s.tenant_id, s.id, { trigger: 'schedule', pageSize: opts.pageSize })) ran++;
  return ran;
}
