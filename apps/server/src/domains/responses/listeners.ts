import type { AppContext } from '../../platform/context.ts';
import type { Job } from '../../platform/jobs.ts';
import { responseListenersOf } from '../registry.ts';

export type { ResponseListener } from '../../platform/module.ts';

/**
 * Handler of the `responses.committed` job written in the same transaction as the responses: runs every
 * listener the modules declare (`DomainModule.responseListeners`, in module order); a failure fails the job,
 * which retries all listeners (each is idempotent).
 */
export async function runResponseListeners(ctx: AppContext, job: Job<{ ids: string[] }>) {
  if (!job.tenantId) return;
  for (const [, fn] of await responseListenersOf('responseListeners')) await fn(ctx, job.tenantId, job.payload.ids);
}
