/**
 * Per-account login throttle: after MAX_FAILURES failed logins for one email within WINDOW_MS, further attempts
 * are refused (429) until the window passes, even with the right password. Kept in memory: per process, which
 * bounds guessing to MAX_FAILURES × nodes per window.
 */
const MAX_FAILURES = 5;
const WINDOW_MS = 15 * 60 * 1000;

export class LoginLimiter {
  private failures = new Map<string, number[]>();

  constructor(private now: () => number = Date.now) {}

  private recent(key: string): number[] {
    const cutoff = this.now() - WINDOW_MS;
    const list = (this.failures.get(key) ?? []).filter((t) => t > cutoff);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  /** Seconds until the account may try again, or 0 when it may try now. */
  retryAfter(key: string): number {
    const list = this.recent(key);
    if (list.length < MAX_FAILURES) return 0;
    return Math.ceil((list[0] + WINDOW_MS - this.now()) / 1000);
  }

  fail(key: string) {
    const list = this.recent(key);
    list.push(this.now());
    this.failures.set(key, list);
  }

  succeed(key: string) {
    this.failures.delete(key);
  }
}
