import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openScratchDatabase, type ScratchDatabase } from '../testing/scratch-database.ts';
import type { Database } from './db.ts';
import {
  functionChecksum,
  functionsDir,
  listFunctionFiles,
  listMigrations,
  migrate,
  migrationNumberProblems,
  migrationsDir,
} from './migrate.ts';

/** The text between a function file's dollar quotes: what PostgreSQL stores as the body (`prosrc`). */
function fileBody(dir: string, name: string): string {
  const match = /\bAS\s+\$(\w*)\$([\s\S]*?)\$\1\$/.exec(readFileSync(join(dir, `${name}.sql`), 'utf8'));
  if (!match) throw new Error(`${name}.sql has no dollar-quoted body`);
  return match[2];
}

async function query(database: Database, script: string) {
  return database.session((exec) => exec(script));
}

async function body(database: Database, name: string): Promise<string> {
  const [row] = await query(
    database,
    `SELECT prosrc FROM pg_proc WHERE proname = '${name}' AND pronamespace = current_schema()::regnamespace`,
  );
  return String(row.prosrc);
}

async function recorded(database: Database) {
  const list = await query(
    database,
    'SELECT name, checksum, applied_at::text AS at FROM schema_functions ORDER BY name',
  );
  return Object.fromEntries(list.map((r) => [String(r.name), { checksum: String(r.checksum), at: String(r.at) }]));
}

describe('migration numbers', () => {
  it('repository migrations are numbered sequentially from 0055', () => {
    expect(migrationNumberProblems(listMigrations())).toEqual([]);
  });

  it('reports a skipped or repeated number after 0054, not the ranges before it', () => {
    const ranged = ['0001_a.sql', '0014_b.sql', '0050_c.sql', '0054_d.sql'];
    expect(migrationNumberProblems([...ranged, '0055_e.sql', '0056_f.sql'])).toEqual([]);
    expect(migrationNumberProblems([...ranged, '0055_e.sql', '0057_f.sql'])).toEqual([
      '0057_f.sql should be numbered 0056',
    ]);
    expect(migrationNumberProblems([...ranged, '0055_e.sql', '0055_f.sql', '0056_g.sql'])).toEqual([
      '0055_f.sql repeats migration number 55',
    ]);
    expect(migrationNumberProblems([...ranged, '0056_e.sql'])).toEqual(['0056_e.sql should be numbered 0055']);
  });
});

describe('function files', () => {
  let scratch: ScratchDatabase;
  let db: Database;
  const tmp = mkdtempSync(join(tmpdir(), 'loopcx-migrate-'));
  beforeAll(async () => {
    scratch = await openScratchDatabase();
    db = scratch.database;
  });
  afterAll(async () => {
    await scratch?.drop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('each file replaces the function it is named after', () => {
    const files = listFunctionFiles();
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const script = readFileSync(join(functionsDir, file), 'utf8').replace(/^--.*\n/gm, '');
      // CREATE OR REPLACE: a fresh database has already created every function through the historic migrations.
      expect(script, file).toMatch(new RegExp(`^CREATE OR REPLACE FUNCTION ${file.slice(0, -4)}\\(`));
    }
  });

  it('a fresh database applies every file after the migrations and records its checksum', async () => {
    const result = await migrate(db);
    expect(result.migrations).toEqual(listMigrations());
    const names = listFunctionFiles().map((f) => f.slice(0, -4));
    expect(result.functions).toEqual(names);
    const rows = await recorded(db);
    for (const name of names) {
      expect(rows[name].checksum).toBe(functionChecksum(readFileSync(join(functionsDir, `${name}.sql`), 'utf8')));
      expect(await body(db, name)).toBe(fileBody(functionsDir, name));
    }
  });

  it('every function of the migrated schema has its file', async () => {
    const defined = await query(db, 'SELECT proname FROM pg_proc WHERE pronamespace = current_schema()::regnamespace');
    const files = listFunctionFiles().map((f) => f.slice(0, -4));
    for (const r of defined) expect(files, `sql/functions/${r.proname}.sql is missing`).toContain(String(r.proname));
  });

  it('an unchanged file is not applied again', async () => {
    const before = await recorded(db);
    expect(await migrate(db)).toEqual({ migrations: [], functions: [] });
    expect(await recorded(db)).toEqual(before);
  });

  it('a file whose recorded checksum differs is applied again: its body is back', async () => {
    await query(
      db,
      `CREATE OR REPLACE FUNCTION loopcx_survey_version_kept() RETURNS trigger LANGUAGE plpgsql AS $fn$ BEGIN RETURN OLD; END $fn$;
       UPDATE schema_functions SET checksum = 'stale' WHERE name = 'loopcx_survey_version_kept'`,
    );
    const before = await recorded(db);
    expect(await migrate(db)).toEqual({ migrations: [], functions: ['loopcx_survey_version_kept'] });
    expect(await body(db, 'loopcx_survey_version_kept')).toBe(fileBody(functionsDir, 'loopcx_survey_version_kept'));
    const after = await recorded(db);
    expect(after.loopcx_survey_version_kept.checksum).not.toBe('stale');
    expect(after.loopcx_write_responses).toEqual(before.loopcx_write_responses);
  });

  it('an edited file changes the function without a migration', async () => {
    const dir = join(tmp, 'edited');
    cpSync(functionsDir, dir, { recursive: true });
    const file = join(dir, 'loopcx_survey_version_kept.sql');
    writeFileSync(file, readFileSync(file, 'utf8').replace('survey versions are immutable', 'versions are kept'));
    expect(await migrate(db, { functionsDir: dir })).toEqual({
      migrations: [],
      functions: ['loopcx_survey_version_kept'],
    });
    expect(await body(db, 'loopcx_survey_version_kept')).toContain("'versions are kept: responses refer to them'");
    // Back to the repository's files, so later tests start from them.
    expect((await migrate(db)).functions).toEqual(['loopcx_survey_version_kept']);
  });

  it('forgets the checksum of a file that was removed', async () => {
    await query(db, `INSERT INTO schema_functions (name, checksum) VALUES ('a_dropped_function', 'x')`);
    await migrate(db);
    expect(Object.keys(await recorded(db))).not.toContain('a_dropped_function');
  });

  it('after a migration ran, every file is applied again, so a migration cannot leave an older body behind', async () => {
    const dir = join(tmp, 'migrations');
    cpSync(migrationsDir, dir, { recursive: true });
    const next = String(Number(listMigrations().at(-1)!.slice(0, 4)) + 1).padStart(4, '0');
    writeFileSync(
      join(dir, `${next}_replaces_a_function.sql`),
      `CREATE OR REPLACE FUNCTION loopcx_survey_version_kept() RETURNS trigger LANGUAGE plpgsql AS $fn$ BEGIN RETURN OLD; END $fn$;`,
    );
    const result = await migrate(db, { migrationsDir: dir });
    expect(result.migrations).toEqual([`${next}_replaces_a_function.sql`]);
    expect(result.functions).toEqual(listFunctionFiles().map((f) => f.slice(0, -4)));
    expect(await body(db, 'loopcx_survey_version_kept')).toBe(fileBody(functionsDir, 'loopcx_survey_version_kept'));
  });

  it('a database that a newer release migrated keeps its function bodies', async () => {
    // The previous test recorded a migration the repository does not have, as a newer release would.
    await query(
      db,
      `CREATE OR REPLACE FUNCTION loopcx_survey_version_kept() RETURNS trigger LANGUAGE plpgsql AS $fn$ BEGIN RETURN NEW; END $fn$;
       UPDATE schema_functions SET checksum = 'newer' WHERE name = 'loopcx_survey_version_kept'`,
    );
    expect(await migrate(db)).toEqual({ migrations: [], functions: [] });
    expect(await body(db, 'loopcx_survey_version_kept')).toBe(' BEGIN RETURN NEW; END ');
  });
});
