import type { AppContext } from './context.ts';
import { one, sql } from './db.ts';
import { serializeError } from './log-safety.ts';
import { withQueryLane } from './query-budget.ts';

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

/**
 * Runs a scheduled task if no node has run it in the current tick (floor(database time / everyMs)): the first
 * worker to move the task's `scheduled_ticks` row to this tick runs it, every other worker's timer skips it. One
 * run per tick cluster-wide, whatever the number of workers. Returns whether this call ran it.
 */
export async function runScheduledTask(ctx: AppContext, task: ScheduledTask): Promise<boolean> {
  const claimed = await one<{ tick: string }>(
    ctx.db,
    sql`INSERT INTO scheduled_ticks (name, tick, ran_at)
        VALUES (${task.name}, floor(extract(epoch FROM clock_timestamp()) * 1000 / ${task.everyMs})::bigint, now())
        ON CONFLICT (name) DO UPDATE SET tick = EXCLUDED.tick, ran_at = EXCLUDED.ran_at
          WHERE scheduled_ticks.tick < EXCLUDED.tick
        RETURNING tick`,
  );
  if (!claimed) return false;
  await task.run(ctx);
  return true;
}

/**
 * Starts each registered task's timer on this worker (skipping a tick while its previous run is still going);
 * returns the function that stops them. Which worker actually runs a tick is `runScheduledTask`'s claim.
 */
export function startScheduledTasks(ctx: AppContext, log?: (msg: string, detail?: unknown) => void) {
  const timers = scheduled.map((task) => {
    let running = false;
    return setInterval(async () => {
      if (running) return;
      running = true;
      try {
        await withQueryLane('background', () => runScheduledTask(ctx, task));
      } catch (err) {
        log?.(`scheduled task ${task.name} failed`, serializeError(err));
      } finally {
        running = false;
      }
    }, task.everyMs);
  });
  return () => timers.forEach(clearInterval);
}
