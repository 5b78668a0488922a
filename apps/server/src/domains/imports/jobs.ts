import { z } from 'zod';
import { defineJob } from '../../platform/jobs.ts';
import { runImport } from './commands/run-import.ts';

/** `responses.import` {importId}: imports an uploaded file's rows (commands/run-import.ts). */
export const responsesImportJob = defineJob({
  kind: 'responses.import',
  schema: z.object({ importId: z.string() }),
  handle: runImport,
});

/** The imports domain's job kinds. */
export const importJobs = [responsesImportJob];
