import {
  ZAuditPlan,
  ZAuditPlanDetail,
  ZAuditPlanList,
  ZAuditPlanPatch,
  ZAuditPlanRunResult,
  ZNewAuditPlan,
} from '@loopcx/shared';
import { type Actor, actorOf } from '../../../platform/auth.ts';
import type { AppContext } from '../../../platform/context.ts';
import type { Executor } from '../../../platform/db.ts';
import { inTransaction, type Router, ZIdParams } from '../../../platform/routing.ts';
import { authorizeManageQa } from '../policy.ts';
import { type PlanRow, presentPlan, presentRun } from './presenter.ts';
import { getPlan, listPlans, planRuns } from './queries.ts';
import { runPlanPeriod } from './run-plan.ts';
import { createPlan, updatePlan } from './save-plan.ts';

const tags = ['inspections'];

/** A plan with its run history (newest first) and each run's completion now. */
async function detail(ex: Executor, actor: Actor, p: PlanRow, now: Date) {
  const runs = await planRuns(ex, actor.tenantId, [p.id], now);
  return { ...presentPlan(p, runs[0]), runs: runs.map(presentRun) };
}

/**
 * Audit plans: recurring mystery shops, sampling checks, self-inspections and rehearsals of a sample of units. Only
 * HQ quality staff, admins and owners read or write them (`authorizeManageQa`); runs are idempotent per period.
 */
export async function planRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/audit-plans',
    { schema: { tags, summary: 'Audit plans in your scope with their last run', response: { 200: ZAuditPlanList } } },
    async (req) => {
      const actor = actorOf(req);
      authorizeManageQa(actor);
      const plans = await listPlans(ctx.db, actor);
      const runs = await planRuns(
        ctx.db,
        actor.tenantId,
        plans.map((p) => p.id),
        ctx.clock.now(),
        1,
      );
      return {
        items: plans.map((p) =>
          presentPlan(
            p,
            runs.find((x) => x.plan_id === p.id),
          ),
        ),
      };
    },
  );

  r.post(
    '/audit-plans',
    {
      schema: {
        tags,
        summary: 'Create an audit plan (schedule, sample, assignee, due days)',
        body: ZNewAuditPlan,
        response: { 201: ZAuditPlan },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorizeManageQa(actor);
      const now = ctx.clock.now();
      const p = await inTransaction(ctx, async (tx) => getPlan(tx, actor, await createPlan(tx, actor, req.body, now)));
      return reply.code(201).send(presentPlan(p, undefined));
    },
  );

  r.get(
    '/audit-plans/:id',
    {
      schema: {
        tags,
        summary: 'An audit plan with its runs and how each run’s audits stand (submitted, assigned, overdue)',
        params: ZIdParams,
        response: { 200: ZAuditPlanDetail },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorizeManageQa(actor);
      return detail(ctx.db, actor, await getPlan(ctx.db, actor, req.params.id), ctx.clock.now());
    },
  );

  r.patch(
    '/audit-plans/:id',
    {
      schema: {
        tags,
        summary: 'Pause, resume or change the future runs of an audit plan',
        params: ZIdParams,
        body: ZAuditPlanPatch,
        response: { 200: ZAuditPlanDetail },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorizeManageQa(actor);
      const now = ctx.clock.now();
      return inTransaction(ctx, async (tx) => {
        await updatePlan(tx, actor, await getPlan(tx, actor, req.params.id, { lock: true }), req.body, now);
        return detail(tx, actor, await getPlan(tx, actor, req.params.id), now);
      });
    },
  );

  r.post(
    '/audit-plans/:id/run',
    {
      schema: {
        tags,
        summary: 'Run the current period now; if it already ran, answers that run (created: false)',
        params: ZIdParams,
        response: { 200: ZAuditPlanRunResult },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorizeManageQa(actor);
      const now = ctx.clock.now();
      return inTransaction(ctx, async (tx) => {
        const p = await getPlan(tx, actor, req.params.id, { lock: true });
        const { runId, created } = await runPlanPeriod(tx, actor, p, {
          at: now,
          trigger: 'manual',
          now,
          random: Math.random,
        });
        const run = (await planRuns(tx, actor.tenantId, [p.id], now, 1000)).find((x) => x.id === runId);
        return { created, run: presentRun(run!) };
      });
    },
  );
}
