import { z } from 'zod';
import { defineJob } from '../../platform/jobs.ts';
import { runAnalyzeJob } from './commands/analyze-sources.ts';
import { runDiscoverJob } from './commands/discover-topics.ts';
import { runReanalyzeJob } from './commands/reanalyze.ts';

/**
 * `text.analyze` {kind, ids}: analyses responses' or feedback items' open texts, then runs the listeners waiting
 * for a response's analysis. Enqueued by the text module's response listener and by feedback creation.
 */
export const textAnalyzeJob = defineJob({
  kind: 'text.analyze',
  schema: z.object({ kind: z.enum(['response', 'feedback']), ids: z.array(z.string()) }),
  handle: runAnalyzeJob,
});

/** The `text.analyze` payloads for `ids` of one kind: 500 ids per job, so one job stays a short transaction. */
export function textAnalyzePayloads(kind: 'response' | 'feedback', ids: string[]) {
  const payloads: Array<{ kind: 'response' | 'feedback'; ids: string[] }> = [];
  for (let i = 0; i < ids.length; i += 500) payloads.push({ kind, ids: ids.slice(i, i + 500) });
  return payloads;
}

/** `text.reanalyze` {runId}: re-analyses the next batch of a tenant's history and chains the next one. */
export const textReanalyzeJob = defineJob({
  kind: 'text.reanalyze',
  schema: z.object({ runId: z.string() }),
  handle: runReanalyzeJob,
});

/** `text.discover` {runId}: runs topic discovery and records the outcome on the run. */
export const textDiscoverJob = defineJob({
  kind: 'text.discover',
  schema: z.object({ runId: z.string() }),
  handle: runDiscoverJob,
});

/** The text domain's job kinds (its module's `jobs`). */
export const textJobs = [textAnalyzeJob, textReanalyzeJob, textDiscoverJob];
