import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/harness.ts';
import { Bus, type BusEvent } from './bus.ts';
import { LISTEN_APPLICATION_NAME, rows, sql } from './db.ts';

let t: TestApp;
const postgres = Boolean(process.env.TEST_DATABASE_URL);

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

/** A `responses.committed` event of `n` items (about 200 bytes each) for a tenant of its own. */
function committed(n: number): BusEvent {
  return {
    tenantId: randomUUID(),
    type: 'responses.committed',
    data: {
      items: Array.from({ length: n }, () => ({
        id: randomUUID(),
        surveyId: randomUUID(),
        orgUnitId: null,
        orgPath: null,
        touchpointId: null,
        day: '2026-12-06',
        scores: { nps: 9 },
      })),
    },
  };
}

/** Resolves with the first event `bus` delivers for `tenantId`. */
function next(bus: Bus, tenantId: string, ms = 10_000): Promise<BusEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no event')), ms);
    const off = bus.subscribe((e) => {
      if (e.tenantId !== tenantId) return;
      clearTimeout(timer);
      off();
      resolve(e);
    });
  });
}

describe('the bus', () => {
  it('delivers an event to subscribers of the same process', async () => {
    const e = committed(2);
    const got = next(t.ctx.bus, e.tenantId);
    t.ctx.bus.publish(e);
    expect(await got).toEqual(e);
  });

  // Another node is another Bus on the same database (PostgreSQL only: PGlite is one process).
  it.runIf(postgres)('carries an event far over NOTIFY’s 8,000 bytes to another node whole', async () => {
    const other = new Bus(t.ctx.database, { log: () => {} });
    await other.start();
    try {
      const e = committed(500);
      expect(JSON.stringify(e).length).toBeGreaterThan(50_000);
      const got = next(other, e.tenantId);
      t.ctx.bus.publish(e);
      expect(await got).toEqual(e);
    } finally {
      await other.stop();
    }
  });

  it.runIf(postgres)('replays what was published while its LISTEN connection was down, then says so', async () => {
    const said: string[] = [];
    const other = new Bus(t.ctx.database, { log: (m) => said.push(m) });
    await other.start();
    try {
      await t.ctx.db.execute(
        sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE datname = current_database() AND application_name = ${LISTEN_APPLICATION_NAME}`,
      );
      const e = committed(3);
      const got = next(other, e.tenantId, 20_000);
      t.ctx.bus.publish(e);
      expect(await got).toEqual(e);
      await expect.poll(() => said.join('\n'), { timeout: 20_000 }).toMatch(/bus reconnected after \d+ ms/);
    } finally {
      await other.stop();
    }
  });

  // A checked-out connection losing its socket once crashed the whole process (an 'error' event nobody heard).
  it.runIf(postgres)(
    'a transaction whose connection is terminated fails alone; the process and the pool go on',
    async () => {
      const { db } = t.ctx;
      const failed = db
        .transaction(async (tx) => {
          const [{ pid }] = await rows<{ pid: number }>(tx, sql`SELECT pg_backend_pid() AS pid`);
          // Killed from another connection while this one sits in its transaction (checked out, idle).
          await db.execute(sql`SELECT pg_terminate_backend(${pid}::int)`);
          await new Promise((r) => setTimeout(r, 200));
          await tx.execute(sql`SELECT 1`);
        })
        .then(
          () => 'committed',
          (err: Error) => err.message,
        );
      expect(await failed).not.toBe('committed');
      const [{ ok }] = await rows<{ ok: number }>(db, sql`SELECT 1 AS ok`);
      expect(ok).toBe(1);
    },
  );
});
