import { ZNextBestAction } from '@loopcx/shared';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { inTransaction, type Router, ZIdParams } from '../../platform/routing.ts';
import { decideNextBestAction } from './commands/decide.ts';
import { markDecision } from './commands/mark-decision.ts';

const tags = ['customers'];
const ZDecisionParams = z.object({ id: z.uuid(), decisionId: z.uuid() });

/** A customer's next-best action, for the customer and ticket pages and for CRMs through the API. */
export async function nbaActionRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/customers/:id/next-best-action',
    {
      schema: {
        tags,
        summary:
          'The customer’s next-best action: the first enabled rule whose conditions hold. {action, reason, holdout, rule, decision}: action null with holdout true when the customer is in the rule’s holdout (show nothing; the decision is recorded for the uplift), action and rule null when no rule matches. One decision per customer per rule per cooldown window: repeated calls answer the same',
        params: ZIdParams,
        response: { 200: ZNextBestAction },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'customers.read');
      return inTransaction(ctx, (tx) => decideNextBestAction(tx, actor, req.params.id, ctx.clock.now()));
    },
  );

  for (const status of ['taken', 'dismissed'] as const)
    r.post(
      `/customers/:id/next-best-action/:decisionId/${status}`,
      {
        schema: {
          tags,
          summary:
            status === 'taken'
              ? 'Mark the customer’s next-best action as done (treatment decisions only)'
              : 'Dismiss the customer’s next-best action (treatment decisions only)',
          params: ZDecisionParams,
          response: { 200: ZNextBestAction },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        authorize(actor, 'customers.read');
        return inTransaction(ctx, (tx) =>
          markDecision(tx, actor, req.params.id, req.params.decisionId, status, ctx.clock.now()),
        );
      },
    );
}
