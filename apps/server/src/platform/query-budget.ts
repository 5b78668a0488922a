import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Which queue a query waits in and how long it may take (decision 25, "one heavy query freezes the server").
 *
 * - `short`: what must answer in milliseconds whatever else runs — the survey submit / ingest writer, session
 *   lookups, readiness. Runs before anything queued in the other lanes.
 * - `request`: the rest of an HTTP request (console reads and writes). Bounded by the request budget.
 * - `background`: jobs, scheduled tasks, seeding (anything outside a request). A longer budget; runs last.
 */
export type QueryLane = 'short' | 'request' | 'background';

export interface QueryBudget {
  lane: QueryLane;
  /** Statement budget in ms; 0 = none. */
  timeoutMs: number;
}

/** The numeric priority the embedded database's queue sorts by (lower runs first). */
export const LANE_PRIORITY: Record<QueryLane, number> = { short: 0, request: 1, background: 2 };

const store = new AsyncLocalStorage<QueryBudget>();

/** Budgets by lane, from the configuration (`LOOPCX_QUERY_TIMEOUT_MS`, `LOOPCX_JOB_QUERY_TIMEOUT_MS`). */
export interface QueryBudgets {
  requestMs: number;
  backgroundMs: number;
}

let defaults: QueryBudgets = { requestMs: 10_000, backgroundMs: 300_000 };

/** Sets the process-wide budgets (boot does it from the configuration). */
export function setQueryBudgets(b: QueryBudgets) {
  defaults = { ...b };
}

/** The budgets in force. */
export function queryBudgets(): QueryBudgets {
  return defaults;
}

/** The budget of the code running now: the innermost `withQueryLane`, else background (jobs, tasks, seed). */
export function currentBudget(): QueryBudget {
  return store.getStore() ?? { lane: 'background', timeoutMs: defaults.backgroundMs };
}

/** Runs `fn` with its queries in `lane` (budget: the lane's configured one unless `timeoutMs` is given). */
export function withQueryLane<T>(lane: QueryLane, fn: () => T, timeoutMs?: number): T {
  const ms = timeoutMs ?? (lane === 'background' ? defaults.backgroundMs : defaults.requestMs);
  return store.run({ lane, timeoutMs: ms }, fn);
}

/** The SQLSTATE PostgreSQL raises for a cancelled statement (statement_timeout); the embedded queue uses it too. */
export const QUERY_CANCELED = '57014';
