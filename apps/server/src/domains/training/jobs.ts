import { z } from 'zod';
import { defineJob } from '../../platform/jobs.ts';
import { assignFromAudit } from './commands/assign-from-audit.ts';

/**
 * `training.assign-from-audit` {auditId}: written with the submit of an audit that failed an item
 * (`inspections/commands/submit-audit.ts`); assigns the quizzes that train the failed items to the unit's staff.
 * Idempotent (see `assignFromAudit`).
 */
export const assignFromAuditJob = defineJob({
  kind: 'training.assign-from-audit',
  schema: z.object({ auditId: z.uuid() }),
  handle: async (ctx, job) => void (await assignFromAudit(ctx, job.tenantId!, job.payload.auditId)),
});

/** The training domain's job kinds (its module's `jobs`). */
export const trainingJobs = [assignFromAuditJob];
