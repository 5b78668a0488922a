import { describe, expect, it } from 'vitest';
import { setupTestSuite } from '../../testing/harness.ts';
import { CLIENT_MAX, LoginLimiter, PAIR_FREE } from './login-limiter.ts';

const env = setupTestSuite();

/** An address of this run's own (a PostgreSQL test database keeps the rows of earlier runs). */
const addressOf = (id: string) => `2001:db8:${id.slice(0, 4)}:${id.slice(4, 8)}::${id.slice(9, 13)}`;

describe('login throttling across nodes (issue 21, break 7)', () => {
  it('failures on two nodes count against one budget, and the lockout grows with each further failure', async () => {
    let now = Date.parse('2026-12-01T08:00:00Z');
    const clock = () => now;
    // Two nodes: two limiters, one database.
    const node1 = new LoginLimiter(env.t.ctx.db, clock);
    const node2 = new LoginLimiter(env.t.ctx.db, clock);
    const account = `owner-${env.a.tenantId}@example.test`;
    const ip = addressOf(env.a.tenantId);
    for (let i = 0; i < PAIR_FREE; i++) {
      const node = i % 2 ? node2 : node1;
      expect(await node.check(account, ip)).toBeNull();
      await node.fail(account, ip);
    }
    expect(await node1.check(account, ip)).toEqual({ retryAfter: 60, reason: 'account-client' });
    expect(await node2.check(account, ip)).toEqual({ retryAfter: 60, reason: 'account-client' });
    // Another address, and another account from this address, are not affected.
    expect(await node2.check(account, addressOf(env.b.tenantId))).toBeNull();
    expect(await node2.check(`other-${account}`, ip)).toBeNull();
    now += 61_000;
    expect(await node2.check(account, ip)).toBeNull();
    await node2.fail(account, ip);
    expect(await node1.check(account, ip)).toEqual({ retryAfter: 120, reason: 'account-client' });
    now += 121_000;
    await node1.succeed(account, ip);
    expect(await node2.check(account, ip)).toBeNull();
  });

  it('locks an address out of every account after CLIENT_MAX failures over many accounts, across nodes', async () => {
    const now = Date.parse('2026-12-01T09:00:00Z');
    const node1 = new LoginLimiter(env.t.ctx.db, () => now);
    const node2 = new LoginLimiter(env.t.ctx.db, () => now);
    const ip = addressOf(env.b.tenantId);
    for (let i = 0; i < CLIENT_MAX; i++) await (i % 2 ? node2 : node1).fail(`u${i}-${env.b.tenantId}@x.test`, ip);
    expect((await node1.check(`fresh-${env.b.tenantId}@x.test`, ip))?.reason).toBe('client');
  });
});
