import { Bus } from './bus.ts';
import { type Clock, systemClock } from './clock.ts';
import type { Config } from './config.ts';
import type { AppContext } from './context.ts';
import { type Database, openDatabase } from './db.ts';
import { migrate } from './migrate.ts';
import { setQueryBudgets, withQueryLane } from './query-budget.ts';

/** Opens the database (PGlite or PostgreSQL), applies migrations and wires the context. */
export async function bootContext(
  config: Config,
  opts: { clock?: Clock; database?: Database; migrate?: boolean } = {},
): Promise<AppContext> {
  setQueryBudgets({ requestMs: config.queryTimeoutMs, backgroundMs: config.jobQueryTimeoutMs });
  const database =
    opts.database ??
    (await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      poolSize: config.databasePoolSize,
      directUrl: config.databaseDirectUrl,
      readUrl: config.databaseReadUrl,
    }));
  // Migrations may rebuild indexes over millions of rows: no statement budget.
  if (opts.migrate !== false) await withQueryLane('background', () => migrate(database), 0);
  const bus = new Bus(database, { url: config.busUrl });
  await bus.start();
  return { config, database, db: database.db, readDb: database.readDb, clock: opts.clock ?? systemClock, bus };
}

export async function closeContext(ctx: AppContext) {
  await ctx.bus.stop();
  await ctx.database.close();
}
