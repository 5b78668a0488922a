/**
 * Login throttling that a stranger cannot turn against the account's owner. Failures are counted per
 * (account, client address) pair and per client address:
 *
 * - **pair**: after PAIR_FREE failures within PAIR_WINDOW_MS, that client may not try that account for 1 min, then
 *   2, 4, 8 … up to PAIR_MAX_LOCK_MS with each further failure (progressive). The owner logging in from another
 *   address is not affected; a success clears the pair.
 * - **client**: CLIENT_MAX failures within CLIENT_WINDOW_MS from one address, over any accounts (credential
 *   stuffing), lock that address out of every login until the window passes.
 *
 * The client address is `req.ip`: the socket's peer, or the address a trusted proxy reported
 * (`LOOPCX_TRUST_PROXY`). Kept in memory: per process, so a cluster multiplies the budget by its node count.
 * Guessing from many addresses is bounded by each address's budget and by the password policy (no common
 * passwords), not by locking the account — that would be the denial of service this replaces.
 */
export const PAIR_FREE = 5;
export const PAIR_WINDOW_MS = 24 * 3600 * 1000;
export const PAIR_MAX_LOCK_MS = 60 * 60 * 1000;
export const CLIENT_MAX = 50;
export const CLIENT_WINDOW_MS = 15 * 60 * 1000;
/** Bound on remembered keys, so a flood of addresses cannot grow memory without limit. */
const MAX_KEYS = 100_000;

interface PairState {
  failures: number;
  last: number;
  lockedUntil: number;
}

export interface LoginBlock {
  /** Seconds until the next attempt may be made. */
  retryAfter: number;
  reason: 'account-client' | 'client';
}

export class LoginLimiter {
  private pairs = new Map<string, PairState>();
  private clients = new Map<string, number[]>();

  constructor(private now: () => number = Date.now) {}

  private pairKey = (account: string, client: string) => `${account}\u0000${client}`;

  private pair(account: string, client: string): PairState | undefined {
    const key = this.pairKey(account, client);
    const p = this.pairs.get(key);
    if (p && this.now() - p.last > PAIR_WINDOW_MS && p.lockedUntil <= this.now()) {
      this.pairs.delete(key);
      return undefined;
    }
    return p;
  }

  private clientFailures(client: string): number[] {
    const cutoff = this.now() - CLIENT_WINDOW_MS;
    const list = (this.clients.get(client) ?? []).filter((t) => t > cutoff);
    if (list.length) this.clients.set(client, list);
    else this.clients.delete(client);
    return list;
  }

  /** Why this client may not try this account now, or null when it may. */
  check(account: string, client: string): LoginBlock | null {
    const now = this.now();
    const list = this.clientFailures(client);
    if (list.length >= CLIENT_MAX)
      return { retryAfter: Math.ceil((list[0] + CLIENT_WINDOW_MS - now) / 1000), reason: 'client' };
    const p = this.pair(account, client);
    if (p && p.lockedUntil > now)
      return { retryAfter: Math.ceil((p.lockedUntil - now) / 1000), reason: 'account-client' };
    return null;
  }

  fail(account: string, client: string) {
    const now = this.now();
    if (this.pairs.size >= MAX_KEYS) this.prune();
    const key = this.pairKey(account, client);
    const p = this.pair(account, client) ?? { failures: 0, last: now, lockedUntil: 0 };
    p.failures += 1;
    p.last = now;
    if (p.failures >= PAIR_FREE) {
      const lock = Math.min(60_000 * 2 ** (p.failures - PAIR_FREE), PAIR_MAX_LOCK_MS);
      p.lockedUntil = now + lock;
    }
    this.pairs.set(key, p);
    const list = this.clientFailures(client);
    list.push(now);
    this.clients.set(client, list);
  }

  succeed(account: string, client: string) {
    this.pairs.delete(this.pairKey(account, client));
  }

  /** Drops expired entries; if still full, the oldest half (a flood of addresses, not real users). */
  private prune() {
    const now = this.now();
    for (const [k, p] of this.pairs) if (now - p.last > PAIR_WINDOW_MS && p.lockedUntil <= now) this.pairs.delete(k);
    if (this.pairs.size >= MAX_KEYS) {
      let drop = this.pairs.size / 2;
      for (const k of this.pairs.keys()) {
        if (drop-- <= 0) break;
        this.pairs.delete(k);
      }
    }
    for (const c of [...this.clients.keys()]) this.clientFailures(c);
  }
}
