import type { DomainModule } from '../../platform/module.ts';
import { seedHomeStory } from './demo.ts';
import { alertsFired } from './queries/attention-alerts.ts';
import { metricDrops } from './queries/attention-metrics.ts';
import { newTickets, overdueTickets, slaBreaches } from './queries/attention-tickets.ts';
import { risingTopics } from './queries/attention-topics.ts';
import { homeRoutes } from './routes.ts';

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
