import type { DomainModule } from '../../platform/module.ts';
import { registerResponseListener } from '../responses/listeners.ts';
import { deliverEmail } from './commands/deliver-email.ts';
import { evaluateMetricRules } from './commands/evaluate-metric-rules.ts';
import { evaluateResponseRules } from './commands/evaluate-response-rules.ts';
import { deliverWebhook } from './commands/notify.ts';
import { seedClosedLoop } from './demo.ts';
import { alertRoutes } from './routes.ts';

export const module: DomainModule = {
  name: 'alerts',
  privateRoutes: alertRoutes,
  jobs: { 'webhook.deliver': deliverWebhook, 'email.deliver': deliverEmail },
  scheduled: [
    { name: 'alerts.metric-rules', everyMs: 60_000, run: async (ctx) => void (await evaluateMetricRules(ctx)) },
  ],
  demoSteps: [{ order: 60, name: 'root causes, default alert rule, recent tickets', run: seedClosedLoop }],
  async init() {
    // Response rules run for every committed response, from the outbox job (survives crashes, idempotent).
    registerResponseListener(
      'alerts',
      async (ctx, tenantId, ids) => void (await evaluateResponseRules(ctx, tenantId, ids)),
    );
  },
};
