import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { one, sql } from '../../platform/db.ts';
import { defineJob, enqueue } from '../../platform/jobs.ts';
import { setupTestSuite } from '../../testing/harness.ts';
import { analyzeAll, vacuumChurningTables } from './maintenance.ts';

const env = setupTestSuite();
// Rows to delete, never run: the definition is not registered.
const noop = defineJob({ kind: 'noop', schema: z.object({}), handle: async () => {} });
const embedded = !process.env.TEST_DATABASE_URL;

describe('housekeeping of the embedded database', () => {
  it('vacuums the churning tables on PGlite, reclaiming dead job rows; leaves PostgreSQL to autovacuum', async () => {
    const ctx = env.t.ctx;
    for (let i = 0; i < 20; i++)
      await enqueue(
        ctx.db,
        noop,
        Array.from({ length: 50 }, () => ({})),
        { tenantId: env.a.tenantId },
      );
    await ctx.db.execute(sql`DELETE FROM jobs WHERE kind = 'noop' AND tenant_id = ${env.a.tenantId}`);
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

  it('vacuums a large table once customer resolution left enough of its rows dead, and not before', async () => {
    const ctx = env.t.ctx;
    if (!embedded) return expect(await vacuumChurningTables(ctx)).toEqual([]);
    const rows_ = Array.from({ length: 400 }, (_, i) => ({
      type: 'order.completed',
      occurredAt: '2026-01-05T04:00:00Z',
      orgUnitCode: env.a.units.S1.code,
      customer: `VAC-${i % 40}`,
      idempotencyKey: `vac-ev-${i}`,
    }));
    const key = (
      await env.inject({
        method: 'POST',
        url: '/api/v1/api-keys',
        headers: env.a.as('admin'),
        payload: { name: 'vac' },
      })
    ).json().key;
    expect(
      (
        await env.inject({
          method: 'POST',
          url: '/api/v1/events/batch',
          headers: { authorization: `Bearer ${key}` },
          payload: { events: rows_ },
        })
      ).statusCode,
    ).toBe(200);
    // Freshly inserted rows are not dead: the large table is left alone.
    expect(await vacuumChurningTables(ctx)).not.toContain('events');
    // Resolution sets customer_id on every one of them (one dead version each).
    const { sweepTenant } = await import('../customers/commands/resolve-customers.ts');
    expect((await sweepTenant(ctx, env.a.tenantId, { mode: 'full' })).resolved).toBeGreaterThanOrEqual(400);
    expect(await vacuumChurningTables(ctx)).toContain('events');
    await ctx.db.execute(sql`SELECT pg_stat_force_next_flush()`);
    const stats = await one<{ dead: number }>(
      ctx.db,
      sql`SELECT n_dead_tup::int AS dead FROM pg_stat_user_tables WHERE relname = 'events'`,
    );
    expect(stats?.dead).toBe(0);
  });

  it('gives a table never analysed statistics on the next run, so it is not planned as one row (issue 15)', async () => {
    const ctx = env.t.ctx;
    if (!embedded) return expect(await vacuumChurningTables(ctx)).toEqual([]);
    await ctx.db.execute(sql`CREATE TABLE fresh_import AS SELECT g AS n FROM generate_series(1, 5000) g`);
    const before = await one<{ t: number }>(
      ctx.db,
      sql`SELECT reltuples::float8 AS t FROM pg_class WHERE relname = 'fresh_import'`,
    );
    expect(before?.t).toBeLessThan(0);
    expect(await vacuumChurningTables(ctx)).toContain('fresh_import');
    const after = await one<{ t: number }>(
      ctx.db,
      sql`SELECT reltuples::float8 AS t FROM pg_class WHERE relname = 'fresh_import'`,
    );
    expect(after?.t).toBe(5000);
    await ctx.db.execute(sql`DROP TABLE fresh_import`);
  });
});
