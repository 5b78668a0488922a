import type { AppContext } from '../../../platform/context.ts';
import { enqueue, wakeWorkers } from '../../../platform/jobs.ts';
import { textAnalyzeJob, textAnalyzePayloads } from '../jobs.ts';

/**
 * The response listener of the text domain: committed responses get their texts analysed by `text.analyze` jobs
 * of at most 500 ids (then the alert rules that read `{sentiment}`/`{topics}` run as response text listeners).
 */
export async function queueAnalysis(c: AppContext, tenantId: string, ids: string[]): Promise<void> {
  await enqueue(c.db, textAnalyzeJob, textAnalyzePayloads('response', ids), { tenantId });
  wakeWorkers(c);
}
