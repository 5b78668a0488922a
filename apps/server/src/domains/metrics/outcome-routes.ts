import { ZOutcomeQuery, ZOutcomeResponse } from '@loopcx/shared';
import { actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Router } from '../../platform/routing.ts';
import { queryOutcomes } from './outcomes.ts';

/** X → O validation: does an experience score predict an outcome event within N days (decision 78)? */
export async function outcomeRoutes(r: Router, ctx: AppContext) {
  r.post(
    '/metrics/outcomes',
    {
      schema: {
        tags: ['metrics'],
        summary:
          'X → O validation: the rate of an outcome event (occurs or absent) within N days after each scored response, by score group (NPS promoters/passives/detractors, CSAT levels, CES bands, rating levels), with Wilson CIs, lift over the bottom group, the difference with its CI, a two-proportion z test and a verdict',
        body: ZOutcomeQuery,
        response: { 200: ZOutcomeResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'metrics.read');
      return queryOutcomes(ctx.readDb, actor, { ...req.body, now: ctx.clock.now() });
    },
  );
}
