import { TARGET_PERIOD_PATTERN, ZLeaderboardResponse, ZTargetListResponse, ZTargetResponse } from '@loopcx/shared';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { inTransaction, type Router } from '../../platform/routing.ts';
import { removeTarget } from './commands/remove-target.ts';
import { setTarget, type TargetRecord } from './commands/set-target.ts';
import { leaderboard } from './queries/leaderboard.ts';
import { listTargets } from './queries/list-targets.ts';

// The metrics tag: API keys reach targets and leaderboards with the metrics:read / metrics:write scopes.
const tags = ['metrics'];

const ZMetricKeyParam = z.string().trim().min(1).max(120);
const ZPeriod = z.string().regex(TARGET_PERIOD_PATTERN, 'a month (2026-12), a quarter (2026-Q4) or a year (2026)');
const ZTargetKey = z.object({ metric: ZMetricKeyParam, orgUnitId: z.uuid(), period: ZPeriod }).strict();

const present = (r: TargetRecord) => ({
  metric: r.metric_key,
  orgUnitId: r.org_unit_id,
  period: r.period,
  value: Number(r.value),
  setBy: r.set_by,
  updatedAt: new Date(r.updated_at).toISOString(),
});

/** Targets per metric × unit × period (inherited down the org tree unless overridden) and peer leaderboards. */
export async function targetRoutes(r: Router, ctx: AppContext) {
  r.put(
    '/targets',
    {
      schema: {
        tags,
        summary: "Set a unit's target for a metric and a period (month 2026-12, quarter 2026-Q4 or year 2026)",
        body: ZTargetKey.extend({ value: z.number().finite() }).strict(),
        response: { 200: ZTargetResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'targets.write');
      return present(await inTransaction(ctx, (tx) => setTarget(tx, actor, req.body, ctx.clock.now())));
    },
  );

  r.delete(
    '/targets',
    {
      schema: {
        tags,
        summary: "Remove a unit's own target for a period, so it inherits again",
        querystring: ZTargetKey,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'targets.write');
      await inTransaction(ctx, (tx) => removeTarget(tx, actor, req.query));
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/targets',
    {
      schema: {
        tags,
        summary:
          'Effective targets per unit under orgUnitId (yours by default; `levels` deep): own or inherited, with the metric so far and met / at_risk / uncertain from its 95 % CI',
        querystring: z
          .object({
            metric: ZMetricKeyParam,
            period: ZPeriod,
            orgUnitId: z.uuid().optional(),
            levels: z.coerce.number().int().min(0).max(20).optional(),
          })
          .strict(),
        response: { 200: ZTargetListResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'metrics.read');
      return listTargets(ctx.db, actor, req.query, ctx.clock.now());
    },
  );

  r.get(
    '/leaderboard',
    {
      schema: {
        tags,
        summary:
          'A unit ranked among its peers (stores in its region, regions under HQ) with n, CI, target status and a significance test against the other peers',
        querystring: z.object({ metric: ZMetricKeyParam, period: ZPeriod, orgUnitId: z.uuid().optional() }).strict(),
        response: { 200: ZLeaderboardResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'metrics.read');
      return leaderboard(ctx.db, actor, req.query, ctx.clock.now());
    },
  );
}
