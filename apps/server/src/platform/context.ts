import type { Bus } from './bus.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Database, Db } from './db.ts';

/** What every route, command and job receives: configuration, the database, the clock and the event bus. */
export interface AppContext {
  config: Config;
  database: Database;
  db: Db;
  clock: Clock;
  bus: Bus;
}
