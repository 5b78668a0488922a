import type { DomainModule } from '../../platform/module.ts';
import { purgeAudit } from './commands/purge-audit.ts';
import { seedAuditHistory } from './demo.ts';
import { auditRoutes } from './routes.ts';

export const module: DomainModule = {
  name: 'audit',
  privateRoutes: auditRoutes,
  // Hourly is plenty for a retention counted in days, and cheap: the purge walks the `at` index.
  scheduled: [{ name: 'audit.purge', everyMs: 3_600_000, run: async (ctx) => void (await purgeAudit(ctx)) }],
  demoSteps: [{ order: 95, name: 'audit history', run: seedAuditHistory }],
};
