import type { AppContext } from '../../platform/context.ts';
import { rows, sql } from '../../platform/db.ts';

/**
 * Tables whose rows are updated or deleted all day (rollup upserts, the job queue, ticket counters, sessions):
 * without vacuuming, dead row versions pile up and every upsert and job claim reads through them.
 */
const CHURNING = [
  'score_rollups',
  'score_rollups_monthly',
  'event_rollups',
  'jobs',
  'ticket_counters',
  'sessions',
  'tickets',
  'text_analyses',
  'text_topic_hits',
  'notifications',
];

/**
 * Large tables whose rows are updated now and then rather than all day: customer resolution sets customer_id once
 * on every response, event and feedback item that carries a member id; profiles get last-seen times and tiers.
 * Vacuuming them every run would scan their indexes for nothing, so they are vacuumed like PostgreSQL's autovacuum
 * does it: when dead rows exceed 50 + 20 % of the live ones.
 */
const LARGE = ['responses', 'events', 'feedback_items', 'customers', 'customer_units', 'invitations'];

/**
 * PGlite has no autovacuum (it runs no background processes), so loopcx vacuums the embedded database itself:
 * the churning tables often (they are small, so this takes milliseconds), the large ones when enough of their rows
 * are dead (above), and statistics for every table less often (ANALYZE samples, so it stays cheap on tables of
 * millions of rows). PostgreSQL servers have autovacuum. Returns the tables vacuumed.
 */
export async function vacuumChurningTables(ctx: AppContext): Promise<string[]> {
  if (ctx.database.kind !== 'pglite') return [];
  // The one backend keeps its table statistics in local memory until a flush; force one so n_dead_tup is current.
  await ctx.db.execute(sql`SELECT pg_stat_force_next_flush()`);
  const stats = await rows<{ relname: string; live: number; dead: number }>(
    ctx.db,
    sql`SELECT c.relname, coalesce(s.n_live_tup, 0)::float8 AS live, coalesce(s.n_dead_tup, 0)::float8 AS dead
        FROM pg_class c LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
        WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace`,
  );
  const present = new Map(stats.map((r) => [r.relname, r]));
  const tables = [
    ...CHURNING.filter((t) => present.has(t)),
    ...LARGE.filter((t) => {
      const r = present.get(t);
      return r !== undefined && Number(r.dead) > 50 + 0.2 * Number(r.live);
    }),
  ];
  // VACUUM cannot run inside a transaction block: a plain script on the embedded database's one connection.
  if (tables.length) await ctx.database.execScript(`VACUUM (ANALYZE) ${tables.join(', ')}`);
  // A table never analysed (reltuples -1: loaded after the last ANALYZE, e.g. a first import) is planned as if it
  // held one row — nested loops over thousands of rows (issue 15: a 55 s segment preview) — so it gets statistics
  // on this run rather than at the next six-hourly ANALYZE.
  const unplanned = await rows<{ relname: string }>(
    ctx.db,
    sql`SELECT c.relname FROM pg_class c WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace
          AND c.reltuples < 0 AND pg_relation_size(c.oid) > 0 ORDER BY c.relname`,
  );
  const toAnalyze = unplanned.map((r) => r.relname).filter((t) => !tables.includes(t));
  if (toAnalyze.length) await ctx.database.execScript(`ANALYZE ${toAnalyze.map((t) => `"${t}"`).join(', ')}`);
  return [...tables, ...toAnalyze];
}

/** Refreshes planner statistics for the whole embedded database (see vacuumChurningTables). */
export async function analyzeAll(ctx: AppContext): Promise<boolean> {
  if (ctx.database.kind !== 'pglite') return false;
  await ctx.database.execScript('ANALYZE');
  return true;
}
