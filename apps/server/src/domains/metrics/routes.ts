import { AUDIT_KINDS, ZKeyDriversResponse, ZMetricQueryResponse, ZTag } from '@loopcx/shared';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Router } from '../../platform/routing.ts';
import { metricDefinitionRoutes } from './definition-routes.ts';
import { keyDrivers } from './drivers.ts';
import { outcomeRoutes } from './outcome-routes.ts';
import { queryMetric } from './query.ts';

const ZDate = z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'YYYY-MM-DD');

/** Metric queries and key drivers, and the metric definitions' and X → O validation's routes. */
export async function metricRoutes(r: Router, ctx: AppContext) {
  r.post(
    '/metrics/query',
    {
      schema: {
        tags: ['metrics'],
        summary:
          'NPS / CSAT / CES / responses / rating:<q> / text.negative_share (+topicId) / tasks.on_time_rate / audit.fatal_error_rate / audit.general_error_rate / audit.score (+auditKind, checklistId, groupBy item or node) for an org subtree and period, grouped, with CIs and significance; survey metrics split by customer tier or segment (tier, segmentId, groupBy tier)',
        body: z
          .object({
            metric: z.string().min(1).max(120),
            orgUnitId: z.uuid().optional(),
            surveyId: z.uuid().optional(),
            touchpointId: z.uuid().optional(),
            from: ZDate,
            to: ZDate,
            groupBy: z.enum(['children', 'touchpoint', 'day', 'week', 'month', 'tier', 'item', 'node']).optional(),
            auditKind: z.enum([...AUDIT_KINDS, 'external']).optional(),
            checklistId: z.uuid().optional(),
            tier: ZTag.optional(),
            segmentId: z.uuid().optional(),
            compareTo: z.union([z.literal('previous'), z.object({ from: ZDate, to: ZDate }).strict()]).optional(),
            minN: z.number().int().min(1).max(10_000).optional(),
            topicId: z.uuid().optional(),
            formula: z.string().max(1000).optional(),
          })
          .strict(),
        response: { 200: ZMetricQueryResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'metrics.read');
      return queryMetric(ctx.readDb, actor, { ...req.body, now: ctx.clock.now() });
    },
  );

  r.get(
    '/metrics/drivers',
    {
      schema: {
        tags: ['metrics'],
        summary: "Key drivers of NPS/CSAT/CES: Johnson's relative weights with R², and each driver's performance",
        querystring: z
          .object({
            metric: z.enum(['nps', 'csat', 'ces']).default('nps'),
            orgUnitId: z.uuid().optional(),
            surveyId: z.uuid().optional(),
            from: ZDate,
            to: ZDate,
          })
          .strict(),
        response: { 200: ZKeyDriversResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'metrics.read');
      return keyDrivers(ctx.readDb, actor, req.query);
    },
  );

  await metricDefinitionRoutes(r, ctx);
  await outcomeRoutes(r, ctx);
}
