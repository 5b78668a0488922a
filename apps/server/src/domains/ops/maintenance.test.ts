import { describe, expect, it } from 'vitest';
import { one, sql } from '../../platform/db.ts';
import { enqueue } from '../../platform/jobs.ts';
import { setupTestSuite } from '../../testing/harness.ts';
import { analyzeAll, vacuumChurningTables } from './maintenance.ts';

const env = setupTestSuite();
const embedded = !process.env.TEST_DATABASE_URL;

describe('housekeeping of the embedded database', () => {
  it('vacuums the churning tables on PGlite, reclaiming dead job rows; leaves PostgreSQL to autovacuum', async () => {
    const ctx = env.t.ctx;
    for (let i = 0; i < 20; i++) await enqueue(ctx.db, 'noop', Array.from({ length: 50 }, () => ({})), { tenantId: env.a.tenantId });
    await ctx.db.execute(sql`DELETE FROM jobs WHERE kind = 'noop'`);
    const tables = await vacuumChurningTables(ctx);
    if (!embedded) {
      expect(tables).toEqual([]);
      expect(await analyzeAll(ctx)).toBe(false);
      return;
    }
    expect(tables).toEqual(expect.arrayContaining(['score_rollups', 'score_rollups_monthly', 'event_rollups', 'jobs']));
    const stats = await one<{ dead: number; vacuumed: boolean }>(
      ctx.db,
      sql`SELECT n_dead_tup::int AS dead, last_vacuum IS NOT NULL AS vacuumed FROM pg_stat_user_tables WHERE relname = 'jobs'`,
    );
    expect(stats).toEqual({ dead: 0, vacuumed: true });
    expect(await analyzeAll(ctx)).toBe(true);
  });
});
