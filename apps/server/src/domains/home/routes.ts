import { ZHomeResponse } from '@loopcx/shared';
import { z } from 'zod';
import { actorOf } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Router } from '../../platform/routing.ts';
import { requireUnitInScope } from '../org/scope.ts';
import { attentionSources } from '../registry.ts';
import type { HomeLocale } from './copy.ts';
import { homeView } from './queries/home-view.ts';

const tags = ['home'];

/** The home page: what needs the caller's attention, the metric movers, and a store's frontline view. */
export async function homeRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/home',
    {
      schema: {
        tags,
        summary:
          "What needs your attention in your scope (tickets, SLA, alerts, significant metric drops, rising negative topics, and every module's sources), metric movers, and a store's frontline view",
        querystring: z.object({ locale: z.enum(['zh-CN', 'en']).optional() }),
        response: { 200: ZHomeResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const locale: HomeLocale = req.query.locale ?? (actor.locale === 'en' ? 'en' : 'zh-CN');
      // The caller's own unit: a user moved out of a deleted unit gets the 404 every scoped read gives.
      const unit = await requireUnitInScope(ctx.db, actor, actor.orgUnitId);
      return homeView(ctx.db, actor, unit, ctx.clock.now(), locale, await attentionSources(), (source, err) =>
        req.log.warn({ err, source }, 'home: an attention source failed'),
      );
    },
  );
}
