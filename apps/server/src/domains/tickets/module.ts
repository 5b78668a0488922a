import type { DomainModule } from '../../platform/module.ts';
import { escalateOverdue } from './commands/escalate-overdue.ts';
import { ticketConfigRoutes } from './config-routes.ts';
import { seedTicketHistory } from './demo.ts';
import { ticketRoutes } from './routes.ts';

export const module: DomainModule = {
  name: 'tickets',
  privateRoutes: async (r, ctx) => {
    await ticketRoutes(r, ctx);
    await ticketConfigRoutes(r, ctx);
  },
  // After the alert step (order 60) opened the last day's tickets.
  demoSteps: [
    { order: 62, name: 'ticket history (resolved, late, escalated, reopened, overdue)', run: seedTicketHistory },
  ],
  scheduled: [
    { name: 'tickets.escalate-overdue', everyMs: 60_000, run: async (ctx) => void (await escalateOverdue(ctx)) },
  ],
};
