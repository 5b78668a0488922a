import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../../platform/context.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { enqueue } from '../../../platform/jobs.ts';
import { reachWaveJob } from '../jobs.ts';
import { nextRunAfter, occurrence, periodAt } from './schedule.ts';

/** Programmes one tick looks at (the next tick takes the rest). */
const BATCH = 50;

interface DueRow {
  tenant_id: string;
  id: string;
  every: number;
  unit: 'day' | 'week' | 'month' | 'quarter';
  starts_at: Date | string;
  ends_at: Date | string | null;
}

/**
 * Starts a wave: inserts its row under the key `key` and queues its first chunk, in the caller's transaction.
 * Returns the wave id, or null when a wave with that key exists already (another node started it).
 */
export async function startWave(
  tx: Executor,
  tenantId: string,
  programmeId: string,
  key: string,
  scheduledFor: Date,
  opts: { manual?: boolean; by?: string | null } = {},
): Promise<string | null> {
  const row = await one<{ id: string }>(
    tx,
    sql`INSERT INTO reach_programme_waves (tenant_id, id, programme_id, wave_key, scheduled_for, manual, created_by)
        VALUES (${tenantId}, ${randomUUID()}, ${programmeId}, ${key}, ${scheduledFor.toISOString()}::timestamptz, ${opts.manual ?? false}, ${opts.by ?? null})
        ON CONFLICT (tenant_id, programme_id, wave_key) DO NOTHING RETURNING id`,
  );
  if (row) await enqueue(tx, reachWaveJob, [{ waveId: row.id }], { tenantId });
  return row?.id ?? null;
}

/**
 * The worker's per-minute tick: every enabled programme whose next wave time has come starts the wave of the
 * latest period (`p<index>`; periods missed while no worker ran are not caught up one by one — one wave, now) and
 * moves `next_run_at` on. ONE RUN PER PERIOD CLUSTER-WIDE: the wave row's unique key (programme, wave key) decides,
 * so two nodes ticking at once insert one wave and queue one job; the loser's insert does nothing. Past `ends_at`
 * no wave starts and `next_run_at` becomes NULL (expired).
 */
export async function queueProgrammeWaves(ctx: AppContext, opts: { tenantIds?: string[] } = {}): Promise<number> {
  const now = ctx.clock.now();
  // `tenantIds`: tests share one database, and a file must not tick another file's programmes with its own clock.
  const only = opts.tenantIds ? sql`AND tenant_id = ANY(${`{${opts.tenantIds.join(',')}}`}::uuid[])` : sql``;
  const due = await rows<DueRow>(
    ctx.db,
    sql`SELECT tenant_id, id, every, unit, starts_at, ends_at FROM reach_programmes
        WHERE enabled AND next_run_at <= ${now.toISOString()}::timestamptz ${only} ORDER BY next_run_at LIMIT ${BATCH}`,
  );
  let started = 0;
  for (const p of due) {
    const s = { every: p.every, unit: p.unit, startsAt: new Date(p.starts_at) };
    const ends = p.ends_at ? new Date(p.ends_at) : null;
    const k = periodAt(s, now);
    await ctx.db.transaction(async (tx) => {
      const at = occurrence(s, k);
      if (k >= 0 && (!ends || at.getTime() < ends.getTime())) {
        if (await startWave(tx, p.tenant_id, p.id, `p${k}`, at)) started++;
      }
      await tx.execute(
        sql`UPDATE reach_programmes SET next_run_at = ${nextRunAfter(s, now, ends)?.toISOString() ?? null}::timestamptz
            WHERE tenant_id = ${p.tenant_id} AND id = ${p.id}`,
      );
    });
  }
  return started;
}
