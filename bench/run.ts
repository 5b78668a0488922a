// `npm run bench [-- --only=name1,name2 (a name also selects name-*)] [--db=pglite|postgres|both] [--quick] [--rows=N]`: runs bench/scenarios/*.ts and prints
// numbers and ratios. Timed targets live here, never in tests. Record results in bench/RESULTS.md with the date.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

export interface BenchOptions {
  /** 'pglite' or 'postgres' (BENCH_DATABASE_URL, default the local `test` database). */
  db: 'pglite' | 'postgres';
  databaseUrl?: string;
  /** Shorter runs for a smoke check (`--quick`). */
  quick: boolean;
  /** `--rows=N`: the size of scenarios that take one (connect-export, connect-import) instead of their default. */
  rows?: number;
}

export interface BenchScenario {
  name: string;
  /** Which databases the scenario runs on (default both). */
  databases?: Array<'pglite' | 'postgres'>;
  run(opts: BenchOptions): Promise<Record<string, number | string>>;
}

const here = dirname(fileURLToPath(import.meta.url));
// Every bench client sends from 127.0.0.1, so the per-address and per-key rate limits (100 and 2,000 a second by
// default) would measure the limiter, not the server: benches run without them unless the environment sets them.
process.env.LOOPCX_RATE_LIMIT_IP ??= '0';
process.env.LOOPCX_RATE_LIMIT_KEY ??= '0';
const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    db: { type: 'string', default: 'both' },
    quick: { type: 'boolean' },
    rows: { type: 'string' },
  },
});
const rows = values.rows === undefined ? undefined : Number(values.rows);
if (rows !== undefined && !(Number.isInteger(rows) && rows > 0)) throw new Error('--rows must be a positive integer');
const only = values.only?.split(',');
const dbs = values.db === 'both' ? (['pglite', 'postgres'] as const) : ([values.db] as Array<'pglite' | 'postgres'>);
const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

for (const file of readdirSync(join(here, 'scenarios'))
  .filter((f) => f.endsWith('.ts'))
  .sort()) {
  const { scenario } = (await import(pathToFileURL(join(here, 'scenarios', file)).href)) as { scenario: BenchScenario };
  // `--only=connect` also runs the scenarios of that family (connect-webhooks, connect-export, connect-import).
  if (only && !only.some((o) => scenario.name === o || scenario.name.startsWith(`${o}-`))) continue;
  for (const db of dbs) {
    if (scenario.databases && !scenario.databases.includes(db)) continue;
    const started = Date.now();
    console.log(`\n## ${scenario.name} on ${db}`);
    const result = await scenario.run({
      db,
      databaseUrl: db === 'postgres' ? databaseUrl : undefined,
      quick: !!values.quick,
      rows,
    });
    for (const [k, v] of Object.entries(result))
      console.log(`  ${k.padEnd(40)} ${typeof v === 'number' ? Number(v.toFixed(3)) : v}`);
    console.log(`  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
}
process.exit(0);
