import type { DomainModule } from '../../platform/module.ts';
import { auditRoutes } from './audit-routes.ts';
import { seedCalibration } from './calibration-demo.ts';
import { calibrationRoutes } from './calibration-routes.ts';
import { checklistRoutes } from './checklist-routes.ts';
import { seedInspections } from './demo.ts';
import { inspectionJobs } from './jobs.ts';
import { auditPublicRoutes } from './public-routes.ts';

export const module: DomainModule = {
  name: 'inspections',
  privateRoutes: async (r, ctx) => {
    await checklistRoutes(r, ctx);
    await auditRoutes(r, ctx);
    await calibrationRoutes(r, ctx);
  },
  // The external inspector's signed link (the respondent runtime's /a/{token} page calls these).
  publicRoutes: auditPublicRoutes,
  jobs: inspectionJobs,
  // After the ticket history (62) and problems (66): audit tickets number after the story's tickets.
  demoSteps: [
    { order: 68, name: 'a mystery-shopping checklist with two months of audits', run: seedInspections },
    // After the audits (68): a second inspector on recent mystery shops.
    { order: 72, name: 'calibration pairs of inspectors on recent mystery shops', run: seedCalibration },
  ],
};
