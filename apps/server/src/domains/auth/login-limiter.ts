import { createHash } from 'node:crypto';
import { type Executor, one, sql } from '../../platform/db.ts';

/**
 * Login throttling that a stranger cannot turn against the account's owner. Failures are counted per
 * (account, client address) pair and per client address:
 *
 * - **pair**: after PAIR_FREE failures within PAIR_WINDOW_MS, that client may not try that account for 1 min, then
 *   2, 4, 8 … up to PAIR_MAX_LOCK_MS with each further failure (progressive). The owner logging in from another
 *   address is not affected; a success clears the pair.
 * - **client**: CLIENT_MAX failures within a CLIENT_WINDOW_MS window from one address, over any accounts (credential
 *   stuffing), lock that address out of every login until the window ends.
 *
 * The client address is `req.ip`: the socket's peer, or the address a trusted proxy reported
 * (`LOOPCX_TRUST_PROXY`). The counts live in the database (`login_throttle`, one row per pair and per address, keyed
 * by a hash so emails are not stored), so every node of a cluster enforces the same budget: two nodes behind a load
 * balancer no longer double it. Times come from the caller's clock (tests move it). Guessing from many addresses is
 * bounded by each address's budget and by the password policy (no common passwords), not by locking the account —
 * that would be the denial of service this replaces.
 */
export const PAIR_FREE = 5;
export const PAIR_WINDOW_MS = 24 * 3600 * 1000;
export const PAIR_MAX_LOCK_MS = 60 * 60 * 1000;
export const CLIENT_MAX = 50;
export const CLIENT_WINDOW_MS = 15 * 60 * 1000;

export interface LoginBlock {
  /** Seconds until the next attempt may be made. */
  retryAfter: number;
  reason: 'account-client' | 'client';
}

const hash = (s: string) => createHash('sha256').update(s).digest('base64url');
const pairKey = (account: string, client: string) => `p:${hash(`${account}\u0000${client}`)}`;
const clientKey = (client: string) => `c:${hash(client)}`;
const iso = (ms: number) => new Date(ms).toISOString();

export class LoginLimiter {
  constructor(
    private db: Executor,
    private now: () => number = Date.now,
  ) {}

  /** Why this client may not try this account now, or null when it may. */
  async check(account: string, client: string): Promise<LoginBlock | null> {
    const now = this.now();
    const row = await one<{ client_until: Date | string | null; pair_until: Date | string | null }>(
      this.db,
      sql`SELECT
            (SELECT window_start + make_interval(secs => ${CLIENT_WINDOW_MS / 1000}) FROM login_throttle
              WHERE key = ${clientKey(client)} AND failures >= ${CLIENT_MAX}) AS client_until,
            (SELECT locked_until FROM login_throttle WHERE key = ${pairKey(account, client)}) AS pair_until`,
    );
    const clientUntil = row?.client_until ? new Date(row.client_until).getTime() : 0;
    if (clientUntil > now) return { retryAfter: Math.ceil((clientUntil - now) / 1000), reason: 'client' };
    const pairUntil = row?.pair_until ? new Date(row.pair_until).getTime() : 0;
    if (pairUntil > now) return { retryAfter: Math.ceil((pairUntil - now) / 1000), reason: 'account-client' };
    return null;
  }

  /** Counts a failed attempt in both rows, in one statement each, so concurrent failures on several nodes all count. */
  async fail(account: string, client: string): Promise<void> {
    const now = this.now();
    const at = iso(now);
    const pair = await one<{ failures: number }>(
      this.db,
      sql`INSERT INTO login_throttle AS t (key, failures, window_start, last_at) VALUES (${pairKey(account, client)}, 1, ${at}, ${at})
          ON CONFLICT (key) DO UPDATE SET
            failures = CASE WHEN t.last_at < ${iso(now - PAIR_WINDOW_MS)}::timestamptz
                             AND coalesce(t.locked_until, '-infinity') <= ${at}::timestamptz
                       THEN 1 ELSE t.failures + 1 END,
            last_at = EXCLUDED.last_at
          RETURNING failures`,
    );
    const failures = pair?.failures ?? 1;
    if (failures >= PAIR_FREE) {
      const lock = Math.min(60_000 * 2 ** Math.min(failures - PAIR_FREE, 20), PAIR_MAX_LOCK_MS);
      await this.db.execute(
        sql`UPDATE login_throttle SET locked_until = ${iso(now + lock)} WHERE key = ${pairKey(account, client)}`,
      );
    }
    const windowOver = sql`t.window_start <= ${iso(now - CLIENT_WINDOW_MS)}::timestamptz`;
    await this.db.execute(
      sql`INSERT INTO login_throttle AS t (key, failures, window_start, last_at) VALUES (${clientKey(client)}, 1, ${at}, ${at})
          ON CONFLICT (key) DO UPDATE SET
            failures = CASE WHEN ${windowOver} THEN 1 ELSE t.failures + 1 END,
            window_start = CASE WHEN ${windowOver} THEN EXCLUDED.window_start ELSE t.window_start END,
            last_at = EXCLUDED.last_at`,
    );
  }

  async succeed(account: string, client: string): Promise<void> {
    await this.db.execute(sql`DELETE FROM login_throttle WHERE key = ${pairKey(account, client)}`);
  }

  /** Drops rows that no longer block or count (the auth module's hourly task). */
  async prune(): Promise<void> {
    const now = this.now();
    await this.db.execute(
      sql`DELETE FROM login_throttle WHERE last_at < ${iso(now - PAIR_WINDOW_MS)}
            AND coalesce(locked_until, '-infinity') <= ${iso(now)}::timestamptz`,
    );
  }
}
