import { ZMyTasksResponse, ZOnTimeRateResponse, ZProblemDetailResponse, ZProblemListResponse } from '@loopcx/shared';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { inTransaction, type Router, ZIdParams, zBool } from '../../platform/routing.ts';
import { changeProblem } from './change-problem.ts';
import { closeProblem } from './commands/close-problem.ts';
import { createProblem } from './commands/create-problem.ts';
import { linkAction } from './commands/link-action.ts';
import { updateProblem } from './commands/update-problem.ts';
import { presentProblem, presentTask } from './presenter.ts';
import { getProblem } from './queries/get-problem.ts';
import { listProblems } from './queries/list-problems.ts';
import { myTasks } from './queries/my-tasks.ts';
import { onTimeRateBy } from './queries/on-time-rate.ts';
import { problemDetail } from './queries/problem-detail.ts';
import { ZNewTask } from './task-routes.ts';

const tags = ['problems'];
const ZDate = z.iso.date();

const ZProblemCreate = z
  .object({
    title: z.string().trim().min(1).max(300),
    description: z.string().max(10_000).optional(),
    ticketIds: z.array(z.uuid()).max(200).default([]),
    tasks: z.array(ZNewTask).max(50),
    rootCauseId: z.uuid().optional(),
    ownerId: z.uuid().optional(),
    orgUnitId: z.uuid().optional(),
    sourceTopic: z.string().trim().min(1).max(200).optional(),
    sourceMetric: z
      .object({
        metric: z.string().min(1).max(120),
        orgUnitId: z.uuid(),
        period: z.string().regex(/^\d{4}-(\d{2}|Q[1-4]|W\d{2})(-\d{2})?$/, 'e.g. 2026-11, 2026-Q4, 2026-11-30'),
      })
      .strict()
      .optional(),
  })
  .strict();

/** Problems: open one decomposed into department tasks, list, read, change, link its action, close it. */
export async function problemRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/problems',
    {
      schema: {
        tags,
        summary: 'Problems in your scope (or with a task of yours), open first',
        querystring: z
          .object({
            status: z.enum(['open', 'closed']).optional(),
            ownerId: z.uuid().optional(),
            teamId: z.uuid().optional(),
            overdue: zBool.optional(),
            q: z.string().max(200).optional(),
          })
          .strict(),
        response: { 200: ZProblemListResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'problems.read');
      return { items: (await listProblems(ctx.db, actor, req.query, ctx.clock.now())).map(presentProblem) };
    },
  );

  r.post(
    '/problems',
    {
      schema: {
        tags,
        summary: 'Open a problem (from tickets, a topic or a metric drop) decomposed into tasks for teams or units',
        body: ZProblemCreate,
        response: { 201: ZProblemDetailResponse },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'problems.write');
      const now = ctx.clock.now();
      const detail = await inTransaction(ctx, async (tx) => {
        const id = await createProblem(tx, actor, req.body, now);
        return problemDetail(tx, actor, await getProblem(tx, actor, id, now), now);
      });
      return reply.code(201).send(detail);
    },
  );

  r.get(
    '/problems/tasks/mine',
    {
      schema: {
        tags,
        summary: 'My tasks: work of my teams and units not yet accepted, and submitted tasks awaiting my acceptance',
        response: { 200: ZMyTasksResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'problems.read');
      const now = ctx.clock.now();
      return {
        items: (await myTasks(ctx.db, actor)).map((t) => ({
          ...presentTask(t, now),
          problemNumber: Number(t.problem_number),
          problemTitle: t.problem_title,
          reviewer: !!t.reviewer,
        })),
      };
    },
  );

  r.get(
    '/problems/on-time-rate',
    {
      schema: {
        tags,
        summary:
          'On-time rate of tasks due in a period per team or per direct child of a unit (also the metric tasks.on_time_rate)',
        querystring: z
          .object({
            by: z.enum(['team', 'unit']).default('team'),
            from: ZDate,
            to: ZDate,
            orgUnitId: z.uuid().optional(),
          })
          .strict(),
        response: { 200: ZOnTimeRateResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'problems.read');
      return onTimeRateBy(ctx.db, actor, req.query, ctx.clock.now());
    },
  );

  r.get(
    '/problems/:id',
    {
      schema: {
        tags,
        summary: 'A problem with its tasks, evidence, timeline, tickets, on-time rate and its action’s measured effect',
        params: ZIdParams,
        response: { 200: ZProblemDetailResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'problems.read');
      const now = ctx.clock.now();
      return problemDetail(ctx.db, actor, await getProblem(ctx.db, actor, req.params.id, now), now);
    },
  );

  r.patch(
    '/problems/:id',
    {
      schema: {
        tags,
        params: ZIdParams,
        body: z
          .object({
            title: z.string().trim().min(1).max(300).optional(),
            description: z.string().max(10_000).nullable().optional(),
            rootCauseId: z.uuid().nullable().optional(),
            sourceTopic: z.string().trim().min(1).max(200).nullable().optional(),
          })
          .strict(),
        response: { 200: ZProblemDetailResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'problems.write');
      return changeProblem(ctx, actor, req.params.id, (tx, p, now) => updateProblem(tx, actor, p, req.body, now));
    },
  );

  r.post(
    '/problems/:id/action',
    {
      schema: {
        tags,
        summary: 'Link an improvement action to the problem: an existing one, or a new one created for it',
        params: ZIdParams,
        body: z.union([
          z.object({ actionId: z.uuid() }).strict(),
          z
            .object({
              action: z
                .object({
                  title: z.string().trim().min(1).max(300).optional(),
                  metric: z.enum(['nps', 'csat', 'ces']),
                  orgUnitIds: z.array(z.uuid()).min(1).max(500),
                  startDate: ZDate,
                })
                .strict(),
            })
            .strict(),
        ]),
        response: { 200: ZProblemDetailResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'problems.write');
      if ('action' in req.body) authorize(actor, 'actions.write');
      return changeProblem(ctx, actor, req.params.id, (tx, p, now) => linkAction(tx, actor, p, req.body, now));
    },
  );

  r.post(
    '/problems/:id/close',
    {
      schema: {
        tags,
        summary:
          'Close a problem on evidence: its action’s significant improvement (difference-in-differences) or every task accepted',
        params: ZIdParams,
        body: z
          .object({ by: z.enum(['tasks', 'action']).optional(), note: z.string().trim().max(2000).optional() })
          .strict(),
        response: { 200: ZProblemDetailResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'problems.write');
      return changeProblem(ctx, actor, req.params.id, (tx, p, now) => closeProblem(tx, actor, p, req.body, now));
    },
  );
}
