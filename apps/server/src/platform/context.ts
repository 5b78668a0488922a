import type { Bus } from './bus.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Database, Db } from './db.ts';

/** What every route, command and job receives: configuration, the database, the clock and the event bus. */
export interface AppContext {
  config: Config;
  database: Database;
  db: Db;
  /**
   * Read-only dashboard and report queries: the replica at DATABASE_READ_URL when set, else `db`. May lag the
   * primary by the replica's replay delay (docs/deploy.md bounds it); never for reading one's own write.
   */
  readDb: Db;
  clock: Clock;
  bus: Bus;
}
