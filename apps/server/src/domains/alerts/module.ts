import type { DomainModule } from '../../platform/module.ts';
import { evaluateFeedbackRules } from './commands/evaluate-feedback-rules.ts';
import { evaluateMetricRules } from './commands/evaluate-metric-rules.ts';
import { evaluateResponseRules } from './commands/evaluate-response-rules.ts';
import { seedClosedLoop } from './demo.ts';
import { alertJobs } from './jobs.ts';
import { alertRoutes } from './routes.ts';

export const module: DomainModule = {
  name: 'alerts',
  privateRoutes: alertRoutes,
  jobs: alertJobs,
  // Response rules run for every committed response, from the outbox job (survives crashes, idempotent); rules
  // that read `{sentiment}` or `{topics}` run once the response's texts are analysed instead.
  responseListeners: { alerts: async (ctx, tenantId, ids) => void (await evaluateResponseRules(ctx, tenantId, ids)) },
  responseTextListeners: {
    alerts: async (ctx, tenantId, ids) => void (await evaluateResponseRules(ctx, tenantId, ids, { phase: 'text' })),
  },
  // Feedback rules read sentiment and topics, so they run once new items are analysed.
  feedbackTextListeners: {
    alerts: async (ctx, tenantId, ids) => void (await evaluateFeedbackRules(ctx, tenantId, ids)),
  },
  scheduled: [
    { name: 'alerts.metric-rules', everyMs: 60_000, run: async (ctx) => void (await evaluateMetricRules(ctx)) },
  ],
  demoSteps: [{ order: 60, name: 'root causes, default alert rule, recent tickets', run: seedClosedLoop }],
};
