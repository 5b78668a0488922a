import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './db.ts';

const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'migrations');

/** Lists migration files `NNNN_name.sql` in order. */
export function listMigrations(): string[] {
  return readdirSync(migrationsDir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort();
}

/**
 * Applies pending SQL migrations, each in its own transaction, recording them in `schema_migrations`.
 * On PostgreSQL a session advisory lock on one pinned connection makes concurrent starts of several nodes safe.
 * Returns the names applied.
 */
export async function migrate(database: Database): Promise<string[]> {
  return database.session(async (exec) => {
    const applied: string[] = [];
    if (database.kind === 'postgres') await exec('SELECT pg_advisory_lock(7245001)');
    try {
      await exec(
        'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      const done = new Set((await exec('SELECT name FROM schema_migrations')).map((r) => String(r.name)));
      for (const file of listMigrations()) {
        if (done.has(file)) continue;
        const script = readFileSync(join(migrationsDir, file), 'utf8');
        try {
          await exec(`BEGIN;\n${script}\n;\nINSERT INTO schema_migrations(name) VALUES ('${file}');\nCOMMIT;`);
        } catch (err) {
          await exec('ROLLBACK').catch(() => {});
          throw new Error(`Migration ${file} failed: ${(err as Error).message}`);
        }
        applied.push(file);
      }
    } finally {
      if (database.kind === 'postgres') await exec('SELECT pg_advisory_unlock(7245001)');
    }
    return applied;
  });
}
