import type { DomainModule } from '../../platform/module.ts';
import { seedHomeStory } from './demo.ts';
import { homeRoutes } from './routes.ts';
import { alertsFired } from './sources/alerts.ts';
import { metricDrops } from './sources/metrics.ts';
import { newTickets, overdueTickets, slaBreaches } from './sources/tickets.ts';
import { risingTopics } from './sources/topics.ts';

export const module: DomainModule = {
  name: 'home',
  privateRoutes: homeRoutes,
  // Other modules add theirs the same way (`attention` on their module); GET /home runs them all.
  attention: {
    'tickets.new': newTickets,
    'tickets.overdue': overdueTickets,
    'tickets.sla_breached': slaBreaches,
    'alerts.fired': alertsFired,
    'metrics.moved': metricDrops,
    'text.topic_rising': risingTopics,
  },
  demoSteps: [{ order: 32, name: 'a week of trouble at an East store (home page story)', run: seedHomeStory }],
};
