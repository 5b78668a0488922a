import { z } from 'zod';
import { defineJob } from '../../platform/jobs.ts';
import { openAuditTickets } from './commands/open-audit-tickets.ts';
import { raiseRepeatProblems } from './commands/raise-repeat-problems.ts';

/**
 * `inspections.open-tickets` {auditId}: written with the submit of an audit that failed a fatal item; opens one
 * ticket per fatal failure, routed to the audited unit. Idempotent: a result that has its ticket is skipped.
 */
export const openAuditTicketsJob = defineJob({
  kind: 'inspections.open-tickets',
  schema: z.object({ auditId: z.uuid() }),
  handle: (ctx, job) => openAuditTickets(ctx, job.tenantId!, job.payload.auditId),
});

/**
 * `inspections.repeat-failures` {auditId}: written with the submit of an audit that failed a general item; opens
 * or updates the item's problem for the process owner once the item failed often enough in the checklist's
 * window. Idempotent: audits a problem already lists add nothing.
 */
export const repeatFailuresJob = defineJob({
  kind: 'inspections.repeat-failures',
  schema: z.object({ auditId: z.uuid() }),
  handle: async (ctx, job) => void (await raiseRepeatProblems(ctx, job.tenantId!, job.payload.auditId)),
});

/** The inspections domain's job kinds (its module's `jobs`). */
export const inspectionJobs = [openAuditTicketsJob, repeatFailuresJob];
