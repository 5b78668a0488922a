import {
  roleCan,
  ZAssignmentDetail,
  ZAssignmentList,
  ZAssignmentListQuery,
  ZAssignResult,
  ZAttempt,
  ZMyAssignments,
  ZNewAssignment,
  ZNewAttempt,
} from '@loopcx/shared';
import { actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { inTransaction, type Router, ZIdParams } from '../../platform/routing.ts';
import { assignTraining } from './commands/assign-training.ts';
import { submitAttempt } from './commands/submit-attempt.ts';
import { correctAnswers } from './grade.ts';
import { presentAssignment, presentQuizForTaker } from './presenter.ts';
import { assignmentsByIds, attemptsOf, getAssignment, listAssignments, myAssignments } from './queries/assignments.ts';
import { getQuiz, lastAttemptQuestions } from './queries/quizzes.ts';

const tags = ['inspections'];
const iso = (d: Date | string) => new Date(d).toISOString();

/**
 * Training assignments: assign a quiz to a unit's staff, list a subtree's assignments (managers), one's own
 * (everyone), open one (the quiz without answers) and submit an attempt (the assignee only), graded here.
 */
export async function assignmentRoutes(r: Router, ctx: AppContext) {
  r.post(
    '/training/assignments',
    {
      schema: {
        tags,
        summary: "Assign a quiz to a unit's staff (those with an open assignment of it are skipped)",
        body: ZNewAssignment,
        response: { 201: ZAssignResult },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const now = ctx.clock.now();
      const out = await inTransaction(ctx, async (tx) => {
        const r = await assignTraining(tx, actor, req.body, now);
        const made = await assignmentsByIds(tx, actor, r.ids, now);
        return { items: made.map(presentAssignment), skipped: r.skipped };
      });
      return reply.code(201).send(out);
    },
  );

  r.get(
    '/training/assignments',
    {
      schema: {
        tags,
        summary: "Assignments of the caller's subtree (or a unit's), newest first, 50 a page",
        querystring: ZAssignmentListQuery,
        response: { 200: ZAssignmentList },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'inspections.read');
      const list = await listAssignments(ctx.db, actor, req.query, ctx.clock.now());
      return { items: list.items.map(presentAssignment), total: list.total, page: req.query.page };
    },
  );

  r.get(
    '/training/my',
    { schema: { tags, summary: "The caller's own training assignments", response: { 200: ZMyAssignments } } },
    async (req) => {
      const actor = actorOf(req);
      return { items: (await myAssignments(ctx.db, actor, ctx.clock.now())).map(presentAssignment) };
    },
  );

  r.get(
    '/training/assignments/:id',
    {
      schema: {
        tags,
        summary: 'An assignment with its quiz (no answers until passed or out of attempts) and past attempts',
        params: ZIdParams,
        response: { 200: ZAssignmentDetail },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const a = await getAssignment(ctx.db, actor, req.params.id, ctx.clock.now(), {
        canRead: roleCan(actor.role, 'inspections.read'),
      });
      const quiz = await getQuiz(ctx.db, actor, a.quiz_id);
      const attempts = await attemptsOf(ctx.db, actor.tenantId, a.id);
      const done = a.status !== 'open';
      return {
        assignment: presentAssignment(a),
        quiz: presentQuizForTaker(quiz),
        attempts: attempts.map((t) => ({
          number: t.number,
          score: Number(t.score),
          passed: t.passed,
          wrong: t.wrong,
          createdAt: iso(t.created_at),
        })),
        // Answers of the version last attempted (what the taker was graded against).
        correct: done
          ? correctAnswers((await lastAttemptQuestions(ctx.db, actor.tenantId, a.id)) ?? quiz.questions)
          : null,
      };
    },
  );

  r.post(
    '/training/assignments/:id/attempts',
    {
      schema: {
        tags,
        summary:
          'Submit an attempt (the assignee): score, passed, wrong questions; answers once passed or out of attempts',
        params: ZIdParams,
        body: ZNewAttempt,
        response: { 201: ZAttempt, 200: ZAttempt },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const now = ctx.clock.now();
      const out = await inTransaction(ctx, async (tx) => {
        const canRead = roleCan(actor.role, 'inspections.read');
        const a = await getAssignment(tx, actor, req.params.id, now, { lock: true, canRead });
        const { attempt, replay } = await submitAttempt(tx, actor, a, req.body, now);
        const after = await getAssignment(tx, actor, a.id, now, { canRead });
        const v = after.status !== 'open' ? await lastAttemptQuestions(tx, actor.tenantId, a.id) : null;
        return {
          id: attempt.id,
          assignmentId: a.id,
          number: attempt.number,
          score: Number(attempt.score),
          passed: attempt.passed,
          wrong: attempt.wrong,
          createdAt: iso(attempt.created_at),
          replay,
          assignment: presentAssignment(after),
          correct: v ? correctAnswers(v) : null,
        };
      });
      return reply.code(out.replay ? 200 : 201).send(out);
    },
  );
}
