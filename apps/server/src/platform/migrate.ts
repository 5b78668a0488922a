import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './db.ts';

const srcDir = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Where the migrations `NNNN_name.sql` live. */
export const migrationsDir = join(srcDir, 'migrations');
/** Where each SQL function's current definition lives: `<function name>.sql`, one `CREATE OR REPLACE` per file. */
export const functionsDir = join(srcDir, 'sql', 'functions');

/** Lists migration files `NNNN_name.sql` in order. */
export function listMigrations(dir = migrationsDir): string[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort();
}

/** Lists the function files `name.sql` in the order the migrator applies them (by name). */
export function listFunctionFiles(dir = functionsDir): string[] {
  return readdirSync(dir)
    .filter((f) => /^[a-z0-9_]+\.sql$/.test(f))
    .sort();
}

/** The checksum recorded for a function file; line endings are normalised so a CRLF checkout is not a change. */
export function functionChecksum(script: string): string {
  return createHash('sha256').update(script.replace(/\r\n/g, '\n')).digest('hex');
}

/** Where `migrate` reads its files; tests point them at copies. */
export interface MigrateOptions {
  migrationsDir?: string;
  functionsDir?: string;
}

/** What one `migrate` run applied: migration file names and function names. */
export interface MigrateResult {
  migrations: string[];
  functions: string[];
}

/**
 * Applies pending SQL migrations, each in its own transaction, recording them in `schema_migrations`; then applies
 * the function files of `sql/functions` whose checksum differs from the one recorded in `schema_functions` (every
 * file when a migration ran, see `applyFunctions`; none when a newer release migrated the database). On PostgreSQL a session advisory lock on one pinned connection
 * makes concurrent starts of several nodes safe; both steps run under it.
 */
export async function migrate(database: Database, opts: MigrateOptions = {}): Promise<MigrateResult> {
  const dirs = { migrations: opts.migrationsDir ?? migrationsDir, functions: opts.functionsDir ?? functionsDir };
  return database.session(async (exec) => {
    const result: MigrateResult = { migrations: [], functions: [] };
    if (database.kind === 'postgres') await exec('SELECT pg_advisory_lock(7245001)');
    try {
      await exec(
        'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      const done = new Set((await exec('SELECT name FROM schema_migrations')).map((r) => String(r.name)));
      for (const file of listMigrations(dirs.migrations)) {
        if (done.has(file)) continue;
        const script = readFileSync(join(dirs.migrations, file), 'utf8');
        await inTransaction(
          exec,
          `Migration ${file}`,
          `${script}\n;\nINSERT INTO schema_migrations(name) VALUES ('${file}');`,
        );
        result.migrations.push(file);
      }
      const known = new Set(listMigrations(dirs.migrations));
      // A database that holds a migration this code does not know was migrated by a newer release (an older node
      // restarting during a rolling deploy): its function bodies are newer than our files, so they stay.
      const newer = [...done].some((name) => !known.has(name));
      if (!newer) result.functions = await applyFunctions(exec, dirs.functions, result.migrations.length > 0);
    } finally {
      if (database.kind === 'postgres') await exec('SELECT pg_advisory_unlock(7245001)');
    }
    return result;
  });
}

type Exec = (script: string) => Promise<Array<Record<string, unknown>>>;

async function inTransaction(exec: Exec, what: string, script: string): Promise<void> {
  try {
    await exec(`BEGIN;\n${script}\nCOMMIT;`);
  } catch (err) {
    await exec('ROLLBACK').catch(() => {});
    throw new Error(`${what} failed: ${(err as Error).message}`);
  }
}

/**
 * Applies each function file, in its own transaction with its checksum, when the checksum differs from the recorded
 * one — or, after any migration ran, every file. Migrations run first and may still drop or replace a function (a
 * signature change drops the old one; a fresh database replays every historic body), so re-applying the files after
 * them makes an upgraded database end with exactly what a fresh one ends with: the files' bodies. Rows of files
 * that were removed are forgotten, as a fresh database never records them.
 */
async function applyFunctions(exec: Exec, dir: string, afterMigrations: boolean): Promise<string[]> {
  const recorded = new Map(
    (await exec('SELECT name, checksum FROM schema_functions')).map((r) => [String(r.name), String(r.checksum)]),
  );
  const applied: string[] = [];
  const names: string[] = [];
  for (const file of listFunctionFiles(dir)) {
    const name = file.slice(0, -'.sql'.length);
    names.push(name);
    const script = readFileSync(join(dir, file), 'utf8');
    const checksum = functionChecksum(script);
    if (!afterMigrations && recorded.get(name) === checksum) continue;
    // name matches [a-z0-9_]+ and checksum is hex (listFunctionFiles, functionChecksum): safe to inline.
    await inTransaction(
      exec,
      `Function file ${file}`,
      `${script}\n;\nINSERT INTO schema_functions(name, checksum) VALUES ('${name}', '${checksum}')
        ON CONFLICT (name) DO UPDATE SET checksum = excluded.checksum, applied_at = now();`,
    );
    applied.push(name);
  }
  const gone = [...recorded.keys()].filter((n) => !names.includes(n));
  if (gone.length) {
    const list = gone.map((n) => `'${n.replace(/'/g, "''")}'`).join(', ');
    await exec(`DELETE FROM schema_functions WHERE name IN (${list})`);
  }
  return applied;
}

/**
 * Problems with the numbering of migrations (`files` sorted, as `listMigrations` gives them): from 0055 on, numbers
 * are sequential. With the per-area ranges before it, a new migration in an earlier range ran before later-numbered
 * ones on a fresh database but after them on an upgraded one. Returns one message per number that repeats anywhere
 * or skips after `lastRanged`.
 */
export function migrationNumberProblems(files: string[], lastRanged = 54): string[] {
  const problems: string[] = [];
  const numbers = files.map((f) => Number(f.slice(0, 4)));
  for (const [i, n] of numbers.entries()) {
    if (numbers.indexOf(n) !== i) problems.push(`${files[i]} repeats migration number ${n}`);
  }
  let expected = lastRanged + 1;
  for (const [i, n] of numbers.entries()) {
    if (n <= lastRanged || numbers.indexOf(n) !== i) continue;
    if (n !== expected) problems.push(`${files[i]} should be numbered ${String(expected).padStart(4, '0')}`);
    expected = n + 1;
  }
  return problems;
}
