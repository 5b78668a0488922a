import type { AppContext } from '../../platform/context.ts';
import { rows, sql } from '../../platform/db.ts';

/**
 * Tables whose rows are updated or deleted all day (rollup upserts, the job queue, ticket counters, sessions):
 * without vacuuming, dead row versions pile up and every upsert and job claim reads through them.
 */
const CHURNING = ['score_rollups', 'score_rollups_monthly', 'event_rollups', 'jobs', 'ticket_counters', 'sessions', 'tickets', 'text_analyses', 'text_topic_hits', 'notifications'];

/**
 * PGlite has no autovacuum (it runs no background processes), so loopcx vacuums the embedded database itself:
 * the churning tables often (they are small, so this takes milliseconds), and statistics for every table less
 * often (ANALYZE samples, so it stays cheap on tables of millions of rows). PostgreSQL servers have autovacuum.
 * Returns the tables vacuumed.
 */
export async function vacuumChurningTables(ctx: AppContext): Promise<string[]> {
  if (ctx.database.kind !== 'pglite') return [];
  const present = new Set(
    (await rows<{ relname: string }>(ctx.db, sql`SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace`)).map((r) => r.relname),
  );
  const tables = CHURNING.filter((t) => present.has(t));
  // VACUUM cannot run inside a transaction block: a plain script on the embedded database's one connection.
  if (tables.length) await ctx.database.execScript(`VACUUM (ANALYZE) ${tables.join(', ')}`);
  return tables;
}

/** Refreshes planner statistics for the whole embedded database (see vacuumChurningTables). */
export async function analyzeAll(ctx: AppContext): Promise<boolean> {
  if (ctx.database.kind !== 'pglite') return false;
  await ctx.database.execScript('ANALYZE');
  return true;
}
