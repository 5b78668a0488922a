import { randomUUID } from 'node:crypto';
import { type Database, openDatabase } from '../platform/db.ts';

/** An empty database of a test's own, and how to throw it away. */
export interface ScratchDatabase {
  database: Database;
  drop(): Promise<void>;
}

/**
 * An empty database for tests that migrate it themselves (migrator, schema snapshot). PGlite: a new in-memory
 * database. PostgreSQL (`TEST_DATABASE_URL`): a new schema that is the connections' whole search_path, because the
 * run's other test files share the database's public schema and must never see a function replaced under them.
 */
export async function openScratchDatabase(): Promise<ScratchDatabase> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const database = await openDatabase({ dataDir: 'memory://' });
    return { database, drop: () => database.close() };
  }
  // global-setup drops leftovers by this name pattern: keep them in step.
  const schema = `scratch_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = await openDatabase({ databaseUrl: url, poolSize: 1 });
  await admin.execScript(`CREATE SCHEMA ${schema}`);
  const scoped = new URL(url);
  scoped.searchParams.set('options', `-c search_path=${schema}`);
  const database = await openDatabase({ databaseUrl: scoped.toString(), poolSize: 2 });
  return {
    database,
    async drop() {
      await database.close();
      await admin.execScript(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    },
  };
}
