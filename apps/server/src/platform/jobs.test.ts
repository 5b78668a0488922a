import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { setupTestSuite } from '../testing/harness.ts';
import { rows, sql } from './db.ts';
import { defineJob, enqueue, registerJobs, runDueJobs } from './jobs.ts';

const env = setupTestSuite();

describe('job queue', () => {
  it('merges claimed jobs of a mergeable kind per tenant into one call; a failure retries every merged job', async () => {
    const calls: Array<{ tenantId: string | null; ids: string[] }> = [];
    let fail = false;
    const mergeJob = defineJob({
      kind: 'test.merge',
      schema: z.object({ ids: z.array(z.string()) }),
      handle: async (_ctx, job) => {
        if (fail) throw new Error('handler failed');
        calls.push({ tenantId: job.tenantId, ids: job.payload.ids });
      },
      merge: (payloads) => ({ ids: payloads.flatMap((p) => p.ids) }),
    });
    registerJobs([mergeJob]);
    const { db } = env.t.ctx;
    await enqueue(db, mergeJob, [{ ids: ['a1'] }, { ids: ['a2', 'a3'] }], { tenantId: env.a.tenantId });
    await enqueue(db, mergeJob, [{ ids: ['b1'] }], { tenantId: env.b.tenantId });
    expect(await env.runJobs(['test.merge'])).toBe(3);
    expect(calls).toHaveLength(2);
    expect(calls.find((c) => c.tenantId === env.a.tenantId)?.ids.sort()).toEqual(['a1', 'a2', 'a3']);
    expect(calls.find((c) => c.tenantId === env.b.tenantId)?.ids).toEqual(['b1']);
    expect(await rows(db, sql`SELECT id FROM jobs WHERE kind = 'test.merge'`)).toHaveLength(0);

    fail = true;
    await enqueue(db, mergeJob, [{ ids: ['c1'] }, { ids: ['c2'] }], { tenantId: env.a.tenantId });
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
    const tenantJob = defineJob({
      kind: 'test.tenant',
      schema: z.object({}),
      handle: async (_ctx, job) => void ran.push(job.tenantId),
    });
    registerJobs([tenantJob]);
    const { db } = env.t.ctx;
    await enqueue(db, tenantJob, [{}, {}], { tenantId: env.a.tenantId });
    await enqueue(db, tenantJob, [{}], { tenantId: env.b.tenantId });
    expect(await runDueJobs(env.t.ctx, [tenantJob], { tenantIds: [env.a.tenantId] })).toBe(2);
    expect(ran).toEqual([env.a.tenantId, env.a.tenantId]);
    const left = await rows<{ tenant_id: string }>(db, sql`SELECT tenant_id FROM jobs WHERE kind = 'test.tenant'`);
    expect(left).toEqual([{ tenant_id: env.b.tenantId }]);
    expect(await env.runJobs(['test.tenant'])).toBe(1);
    expect(ran).toEqual([env.a.tenantId, env.a.tenantId, env.b.tenantId]);
  });

  it('parks a job whose payload its schema refuses at once, with the zod error, without running the handler', async () => {
    const seen: string[][] = [];
    const strictJob = defineJob({
      kind: 'test.strict',
      schema: z.object({ ids: z.array(z.string()) }),
      handle: async (_ctx, job) => void seen.push(job.payload.ids),
      merge: (payloads) => ({ ids: payloads.flatMap((p) => p.ids) }),
    });
    registerJobs([strictJob]);
    const { db } = env.t.ctx;
    // A row written by older code (or by hand): enqueue's types would refuse it.
    await db.execute(
      sql`INSERT INTO jobs (tenant_id, kind, payload) VALUES (${env.a.tenantId}, 'test.strict', '{"ids": "x1"}'::jsonb)`,
    );
    await enqueue(db, strictJob, [{ ids: ['ok1'] }], { tenantId: env.a.tenantId });
    expect(await env.runJobs([strictJob])).toBe(2);
    // The valid job of the same tenant still ran (alone: the invalid one is not merged into it).
    expect(seen).toEqual([['ok1']]);
    const parked = await rows<{ attempts: number; last_error: string; dead: boolean }>(
      db,
      sql`SELECT attempts, last_error, dead_at IS NOT NULL AS dead FROM jobs WHERE kind = 'test.strict' AND tenant_id = ${env.a.tenantId}`,
    );
    expect(parked).toHaveLength(1);
    expect(parked[0].dead).toBe(true);
    expect(parked[0].attempts).toBe(1);
    expect(parked[0].last_error).toMatch(/^invalid payload: /);
    expect(parked[0].last_error).toContain('ids');
    // Parked, not retried.
    expect(await env.runJobs([strictJob])).toBe(0);
    expect(seen).toEqual([['ok1']]);
    await db.execute(sql`DELETE FROM jobs WHERE kind = 'test.strict' AND tenant_id = ${env.a.tenantId}`);
  });

  it('logs and deletes a claimed job of a kind no module defines, instead of retrying it', async () => {
    const { db } = env.t.ctx;
    const gone = defineJob({ kind: 'test.gone', schema: z.object({}), handle: async () => {} }); // never registered
    await enqueue(db, gone, [{}], { tenantId: env.a.tenantId });
    const [{ id }] = await rows<{ id: string }>(
      db,
      sql`SELECT id FROM jobs WHERE kind = 'test.gone' AND tenant_id = ${env.a.tenantId}`,
    );
    const logged: Array<{ msg: string; detail: unknown }> = [];
    const log = (msg: string, detail?: unknown) => void logged.push({ msg, detail });
    expect(await runDueJobs(env.t.ctx, [gone], { tenantIds: [env.a.tenantId], log })).toBe(1);
    expect(logged).toEqual([
      { msg: expect.stringContaining('unknown kind'), detail: { kind: 'test.gone', id: Number(id) } },
    ]);
    expect(await rows(db, sql`SELECT id FROM jobs WHERE kind = 'test.gone' AND tenant_id = ${env.a.tenantId}`)).toEqual(
      [],
    );
  });

  it('refuses to claim anything in a process where no job kind is registered (it would delete every job)', async () => {
    vi.resetModules();
    const fresh = await import('./jobs.ts');
    await expect(fresh.runDueJobs(env.t.ctx, undefined, { tenantIds: [env.a.tenantId] })).rejects.toThrow(
      /no job kinds registered/,
    );
  });

  it('types enqueue by the definition: no string kinds, payloads of the schema’s shape', async () => {
    const typed = defineJob({ kind: 'test.typed', schema: z.object({ n: z.number() }), handle: async () => {} });
    const { db } = env.t.ctx;
    const never = async () => {
      // @ts-expect-error a kind is a definition, not a string
      await enqueue(db, 'test.typed', [{ n: 1 }]);
      // @ts-expect-error the payload must match the schema
      await enqueue(db, typed, [{ n: 'one' }]);
    };
    expect(typeof never).toBe('function');
  });
});
