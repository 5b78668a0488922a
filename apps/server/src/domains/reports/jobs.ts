import { z } from 'zod';
import { defineJob } from '../../platform/jobs.ts';
import { deliverReport } from './commands/deliver-report.ts';

/** One recipient's copy of a sent report (written with the run's deliveries, in the transaction that ends it). */
export const deliverReportJob = defineJob({
  kind: 'reports.deliver',
  schema: z.object({ runId: z.uuid(), recipient: z.string().min(3).max(254) }),
  handle: deliverReport,
});

export const reportJobs = [deliverReportJob];
