import type { AppContext } from '../../../platform/context.ts';
import { enqueue, wakeWorkers } from '../../../platform/jobs.ts';
import { textAnalyzeJob } from '../jobs.ts';

/**
 * The response listener of the text domain: committed responses get their texts analysed by `text.analyze` jobs
 * of at most 500 ids (then the alert rules that read `{sentiment}`/`{topics}` run as response text listeners).
 */
export async function queueAnalysis(c: AppContext, tenantId: string, ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 500)
    await enqueue(c.db, textAnalyzeJob, [{ kind: 'response', ids: ids.slice(i, i + 500) }], { tenantId });
  wakeWorkers(c);
}
