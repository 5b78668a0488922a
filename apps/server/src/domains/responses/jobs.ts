import { ZResponseExportOptions } from '@loopcx/shared';
import { z } from 'zod';
import { defineJob } from '../../platform/jobs.ts';
import { runExport } from './commands/export-responses.ts';
import { runResponseListeners } from './listeners.ts';

/**
 * `responses.committed` {ids}: written by the response writer's statement (`loopcx_write_responses`, migration
 * 0054) in the transaction that stores the responses; runs every module's response listeners. Jobs of one tenant
 * claimed together run as one call over all their responses.
 */
export const responsesCommittedJob = defineJob({
  kind: 'responses.committed',
  schema: z.object({ ids: z.array(z.string()) }),
  handle: runResponseListeners,
  merge: (payloads) => ({ ids: payloads.flatMap((p) => p.ids) }),
});

/** `responses.export` {exportId, options}: writes a requested export file, publishing progress. */
export const responsesExportJob = defineJob({
  kind: 'responses.export',
  schema: z.object({ exportId: z.string(), options: ZResponseExportOptions.partial().optional() }),
  handle: runExport,
});

/** The responses domain's job kinds (its module's `jobs`). */
export const responseJobs = [responsesCommittedJob, responsesExportJob];
