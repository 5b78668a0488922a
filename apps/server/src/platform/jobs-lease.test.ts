import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { setupTestSuite } from '../testing/harness.ts';
import { rows, sql } from './db.ts';
import { defineJob, enqueue, registerJobs, releaseEmbeddedLeases, runDueJobs } from './jobs.ts';
import { runScheduledTask } from './scheduled-tasks.ts';

const env = setupTestSuite();

/** A promise and the function that resolves it (a handler held open until the test lets it finish). */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

const leaseOf = async (kind: string, tenantId: string) =>
  rows<{ until: string }>(
    env.t.ctx.db,
    sql`SELECT locked_until::text AS until FROM jobs
        WHERE kind = ${kind} AND tenant_id = ${tenantId}`,
  );

describe('job leases (issue 21, break 2)', () => {
  it('renews the lease of a handler that outlives it: a second worker never claims it, and it runs once', async () => {
    const runs: number[] = [];
    const hold = gate();
    const slow = defineJob({
      kind: 'test.lease.slow',
      schema: z.object({}),
      handle: async (_ctx, job) => {
        runs.push(job.id);
        await hold.opened;
      },
    });
    registerJobs([slow]);
    const { db } = env.t.ctx;
    const tenantIds = [env.a.tenantId];
    await enqueue(db, slow, [{}], { tenantId: env.a.tenantId });
    // A one-second lease, so the test sees the handler outlive it.
    const first = runDueJobs(env.t.ctx, [slow], { tenantIds, leaseSeconds: 1 });
    await vi.waitFor(() => expect(runs).toHaveLength(1));
    const [{ until: firstLease }] = await leaseOf('test.lease.slow', env.a.tenantId);
    // Wait until the database's clock is past the first lease: without renewal the job would be claimable now.
    await vi.waitFor(
      async () => {
        const [{ past }] = await rows<{ past: boolean }>(db, sql`SELECT now() > ${firstLease}::timestamptz AS past`);
        expect(past).toBe(true);
      },
      { timeout: 10_000, interval: 100 },
    );
    // Another worker polls: the lease was renewed, so there is nothing for it.
    expect(await runDueJobs(env.t.ctx, [slow], { tenantIds, leaseSeconds: 1 })).toBe(0);
    hold.open();
    expect(await first).toBe(1);
    expect(runs).toHaveLength(1);
    expect(await leaseOf('test.lease.slow', env.a.tenantId)).toEqual([]);
  });

  it('deletes each job when it finishes, not when the whole fetch has finished', async () => {
    const hold = gate();
    const done: string[] = [];
    const mixed = defineJob({
      kind: 'test.lease.mixed',
      schema: z.object({ name: z.string() }),
      handle: async (_ctx, job) => {
        if (job.payload.name === 'slow') await hold.opened;
        done.push(job.payload.name);
      },
    });
    registerJobs([mixed]);
    const { db } = env.t.ctx;
    await enqueue(db, mixed, [{ name: 'fast' }, { name: 'slow' }], { tenantId: env.b.tenantId });
    // Both in one fetch; the fast one is done while the slow one still runs.
    const run = runDueJobs(env.t.ctx, [mixed], { tenantIds: [env.b.tenantId] });
    await vi.waitFor(() => expect(done).toContain('fast'));
    await vi.waitFor(async () => {
      const left = await rows<{ name: string }>(
        db,
        sql`SELECT payload->>'name' AS name FROM jobs WHERE kind = 'test.lease.mixed' AND tenant_id = ${env.b.tenantId}`,
      );
      expect(left.map((l) => l.name)).toEqual(['slow']);
    });
    hold.open();
    expect(await run).toBe(2);
    expect(done.sort()).toEqual(['fast', 'slow']);
  });

  it('a runner that lost its claim neither deletes nor retries the new owner’s job', async () => {
    const hold = gate();
    let calls = 0;
    const lost = defineJob({
      kind: 'test.lease.lost',
      schema: z.object({}),
      handle: async () => {
        calls++;
        if (calls === 1) {
          await hold.opened;
          throw new Error('the first run failed late');
        }
      },
    });
    registerJobs([lost]);
    const { db } = env.t.ctx;
    await enqueue(db, lost, [{}], { tenantId: env.a.tenantId });
    const first = runDueJobs(env.t.ctx, [lost], { tenantIds: [env.a.tenantId] });
    await vi.waitFor(() => expect(calls).toBe(1));
    // Another worker takes the claim over (as after a lease that ran out while this process was stalled).
    await db.execute(
      sql`UPDATE jobs SET locked_by = gen_random_uuid(), locked_until = now() + interval '1 hour'
          WHERE kind = 'test.lease.lost' AND tenant_id = ${env.a.tenantId}`,
    );
    hold.open();
    await first;
    const [row] = await rows<{ last_error: string | null; held: boolean }>(
      db,
      sql`SELECT last_error, locked_until > now() AS held FROM jobs WHERE kind = 'test.lease.lost' AND tenant_id = ${env.a.tenantId}`,
    );
    expect(row).toEqual({ last_error: null, held: true });
    await db.execute(sql`DELETE FROM jobs WHERE kind = 'test.lease.lost' AND tenant_id = ${env.a.tenantId}`);
  });
});

describe('scheduled tasks (issue 21, break 8)', () => {
  it('runs a task once per tick, whichever and however many workers fire in that tick', async () => {
    let ran = 0;
    // A tick of a day: every call below falls in the same one.
    const task = { name: `test.tick.${env.a.tenantId}`, everyMs: 86_400_000, run: async () => void ran++ };
    const results = await Promise.all([
      runScheduledTask(env.t.ctx, task),
      runScheduledTask(env.t.ctx, task),
      runScheduledTask(env.t.ctx, task),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await runScheduledTask(env.t.ctx, task)).toBe(false);
    expect(ran).toBe(1);
    // The next tick runs again.
    await env.t.ctx.db.execute(sql`UPDATE scheduled_ticks SET tick = tick - 1 WHERE name = ${task.name}`);
    expect(await runScheduledTask(env.t.ctx, task)).toBe(true);
    expect(ran).toBe(2);
  });

  it('on the embedded database a start releases a dead process’s leases, so its jobs run at once; never on PostgreSQL', async () => {
    const ran: number[] = [];
    const orphan = defineJob({
      kind: 'test.lease.orphan',
      schema: z.object({}),
      handle: async (_ctx, job) => {
        ran.push(job.id);
      },
    });
    registerJobs([orphan]);
    const { db } = env.t.ctx;
    const tenantIds = [env.a.tenantId];
    await enqueue(db, orphan, [{}], { tenantId: env.a.tenantId });
    // A process claimed it and died (kill -9): its lease still runs for a minute.
    await db.execute(
      sql`UPDATE jobs SET locked_until = now() + interval '60 seconds', locked_by = gen_random_uuid()
          WHERE kind = 'test.lease.orphan' AND tenant_id = ${env.a.tenantId}`,
    );
    expect(await runDueJobs(env.t.ctx, [orphan], { tenantIds })).toBe(0);
    const released = await releaseEmbeddedLeases(env.t.ctx);
    if (env.t.ctx.database.kind === 'pglite') {
      expect(released).toBeGreaterThanOrEqual(1);
      expect(await runDueJobs(env.t.ctx, [orphan], { tenantIds })).toBe(1);
      expect(ran).toHaveLength(1);
    } else {
      // Another node may hold that lease: it stands until it runs out.
      expect(released).toBe(0);
      expect(await leaseOf('test.lease.orphan', env.a.tenantId)).toHaveLength(1);
      await db.execute(sql`DELETE FROM jobs WHERE kind = 'test.lease.orphan' AND tenant_id = ${env.a.tenantId}`);
    }
  });
});
