import type { DomainModule } from '../../platform/module.ts';
import { auditRoutes } from './audit-routes.ts';
import { seedCalibration } from './calibration-demo.ts';
import { calibrationRoutes } from './calibration-routes.ts';
import { checklistRoutes } from './checklist-routes.ts';
import { seedInspections } from './demo.ts';
import { itemFailureRoutes } from './item-failure-routes.ts';
import { inspectionJobs } from './jobs.ts';
import { seedAuditLoop } from './loop-demo.ts';
import { seedAuditPlans } from './plans/demo.ts';
import { planRoutes } from './plans/routes.ts';
import { runDuePlans } from './plans/run-due-plans.ts';
import { auditPublicRoutes } from './public-routes.ts';

export const module: DomainModule = {
  name: 'inspections',
  privateRoutes: async (r, ctx) => {
    await checklistRoutes(r, ctx);
    await auditRoutes(r, ctx);
    await calibrationRoutes(r, ctx);
    await planRoutes(r, ctx);
    await itemFailureRoutes(r, ctx);
  },
  // The external inspector's signed link (the respondent runtime's /a/{token} page calls these).
  publicRoutes: auditPublicRoutes,
  jobs: inspectionJobs,
  // Audit plans due: one tick a minute cluster-wide; each (plan, period) runs once whatever the number of workers.
  scheduled: [
    { name: 'inspections.run-due-plans', everyMs: 60_000, run: async (ctx) => void (await runDuePlans(ctx)) },
  ],
  // After the ticket history (62) and problems (66): audit tickets number after the story's tickets.
  demoSteps: [
    { order: 68, name: 'a mystery-shopping checklist with two months of audits', run: seedInspections },
    // After the audits (68): a second inspector on recent mystery shops.
    { order: 72, name: 'calibration pairs of inspectors on recent mystery shops', run: seedCalibration },
    // After the audits (68): the plans' past runs are those audits.
    { order: 69, name: 'monthly mystery-shop and self-inspection plans with their runs', run: seedAuditPlans },
    { order: 71, name: 'repeated failures as a problem, an audit alert rule and dashboard', run: seedAuditLoop },
  ],
};
