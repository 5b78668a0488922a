import type { DomainModule } from '../../platform/module.ts';
import { escalateOverdue } from './commands/escalate-overdue.ts';
import { ticketConfigRoutes } from './config-routes.ts';
import { ticketRoutes } from './routes.ts';

export const module: DomainModule = {
  name: 'tickets',
  privateRoutes: async (r, ctx) => {
    await ticketRoutes(r, ctx);
    await ticketConfigRoutes(r, ctx);
  },
  scheduled: [
    { name: 'tickets.escalate-overdue', everyMs: 60_000, run: async (ctx) => void (await escalateOverdue(ctx)) },
  ],
};
