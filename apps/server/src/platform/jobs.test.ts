import { describe, expect, it } from 'vitest';
import { setupTestSuite } from '../testing/harness.ts';
import { rows, sql } from './db.ts';
import { enqueue, registerJobHandler, registerJobMerge, runDueJobs } from './jobs.ts';

const env = setupTestSuite();

describe('job queue', () => {
  it('merges claimed jobs of a mergeable kind per tenant into one call; a failure retries every merged job', async () => {
    const calls: Array<{ tenantId: string | null; ids: string[] }> = [];
    let fail = false;
    registerJobHandler('test.merge', async (_ctx, job) => {
      if (fail) throw new Error('handler failed');
      calls.push({ tenantId: job.tenantId, ids: job.payload.ids });
    });
    registerJobMerge('test.merge', (payloads) => ({
      ids: (payloads as Array<{ ids: string[] }>).flatMap((p) => p.ids),
    }));
    const { db } = env.t.ctx;
    await enqueue(db, 'test.merge', [{ ids: ['a1'] }, { ids: ['a2', 'a3'] }], { tenantId: env.a.tenantId });
    await enqueue(db, 'test.merge', [{ ids: ['b1'] }], { tenantId: env.b.tenantId });
    expect(await env.runJobs(['test.merge'])).toBe(3);
    expect(calls).toHaveLength(2);
    expect(calls.find((c) => c.tenantId === env.a.tenantId)?.ids.sort()).toEqual(['a1', 'a2', 'a3']);
    expect(calls.find((c) => c.tenantId === env.b.tenantId)?.ids).toEqual(['b1']);
    expect(await rows(db, sql`SELECT id FROM jobs WHERE kind = 'test.merge'`)).toHaveLength(0);

    fail = true;
    await enqueue(db, 'test.merge', [{ ids: ['c1'] }, { ids: ['c2'] }], { tenantId: env.a.tenantId });
    await env.runJobs(['test.merge']);
    const left = await rows<{ attempts: number; last_error: string }>(
      db,
      sql`SELECT attempts, last_error FROM jobs WHERE kind = 'test.merge'`,
    );
    expect(left).toHaveLength(2);
    expect(left.every((j) => j.attempts === 1 && j.last_error === 'handler failed')).toBe(true);
    await db.execute(sql`DELETE FROM jobs WHERE kind = 'test.merge'`);
  });

  it('claims only the named tenants’ jobs when given tenantIds', async () => {
    const ran: Array<string | null> = [];
    registerJobHandler('test.tenant', async (_ctx, job) => void ran.push(job.tenantId));
    const { db } = env.t.ctx;
    await enqueue(db, 'test.tenant', [{}, {}], { tenantId: env.a.tenantId });
    await enqueue(db, 'test.tenant', [{}], { tenantId: env.b.tenantId });
    expect(await runDueJobs(env.t.ctx, ['test.tenant'], { tenantIds: [env.a.tenantId] })).toBe(2);
    expect(ran).toEqual([env.a.tenantId, env.a.tenantId]);
    const left = await rows<{ tenant_id: string }>(db, sql`SELECT tenant_id FROM jobs WHERE kind = 'test.tenant'`);
    expect(left).toEqual([{ tenant_id: env.b.tenantId }]);
    expect(await env.runJobs(['test.tenant'])).toBe(1);
    expect(ran).toEqual([env.a.tenantId, env.a.tenantId, env.b.tenantId]);
  });
});
