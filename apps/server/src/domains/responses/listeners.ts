import type { AppContext } from '../../platform/context.ts';
import type { Job } from '../../platform/jobs.ts';

/** Something that must happen for every committed response (alerts, text analysis, webhooks). Idempotent. */
export type ResponseListener = (ctx: AppContext, tenantId: string, responseIds: string[]) => Promise<void>;

const listeners = new Map<string, ResponseListener>();

/** Registers a listener by name (re-registering replaces it). Domains call this from their module's init. */
export function registerResponseListener(name: string, fn: ResponseListener) {
  listeners.set(name, fn);
}

/**
 * Handler of the `responses.committed` job written in the same transaction as the responses: runs every
 * listener; a failure fails the job, which retries all listeners (each is idempotent).
 */
export async function runResponseListeners(ctx: AppContext, job: Job<{ ids: string[] }>) {
  if (!job.tenantId) return;
  for (const fn of listeners.values()) await fn(ctx, job.tenantId, job.payload.ids);
}
