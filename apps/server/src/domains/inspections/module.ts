import type { DomainModule } from '../../platform/module.ts';
import { auditRoutes } from './audit-routes.ts';
import { checklistRoutes } from './checklist-routes.ts';
import { seedInspections } from './demo.ts';
import { itemFailureRoutes } from './item-failure-routes.ts';
import { inspectionJobs } from './jobs.ts';
import { seedAuditLoop } from './loop-demo.ts';

export const module: DomainModule = {
  name: 'inspections',
  privateRoutes: async (r, ctx) => {
    await checklistRoutes(r, ctx);
    await auditRoutes(r, ctx);
    await itemFailureRoutes(r, ctx);
  },
  jobs: inspectionJobs,
  // After the ticket history (62) and problems (66): audit tickets number after the story's tickets.
  demoSteps: [
    { order: 68, name: 'a mystery-shopping checklist with two months of audits', run: seedInspections },
    { order: 71, name: 'repeated failures as a problem, an audit alert rule and dashboard', run: seedAuditLoop },
  ],
};
