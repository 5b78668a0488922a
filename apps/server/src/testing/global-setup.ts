import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../platform/db.ts';
import { migrate } from '../platform/migrate.ts';

/**
 * Prepares the test database once per run. PostgreSQL (`TEST_DATABASE_URL`): the schema is dropped and
 * migrated afresh. PGlite: a migrated data directory is dumped to a tarball that every test file loads,
 * which is much faster than running migrations per file.
 */
export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const db = await openDatabase({ databaseUrl: url, poolSize: 2 });
    await db.execScript('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;');
    // Scratch schemas (testing/scratch-database.ts) that an interrupted run left behind.
    const stale = await db.session((exec) =>
      exec(`SELECT nspname FROM pg_namespace WHERE nspname ~ '^scratch_[0-9a-f]+$'`),
    );
    for (const { nspname } of stale) await db.execScript(`DROP SCHEMA ${nspname} CASCADE`);
    await migrate(db);
    await db.close();
    return;
  }
  const db = await openDatabase({ dataDir: 'memory://' });
  await migrate(db);
  const dump = await db.dumpDataDir!();
  const dir = join(tmpdir(), 'loopcx-test');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `template-${process.pid}.tar`);
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await db.close();
  project.provide('pgliteTemplate', file);
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}
