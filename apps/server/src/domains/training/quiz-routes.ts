import { ZNewQuiz, ZQuiz, ZQuizList, ZQuizListQuery, ZQuizPatch } from '@loopcx/shared';
import { actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { inTransaction, type Router, ZIdParams } from '../../platform/routing.ts';
import { createQuiz, patchQuiz } from './commands/save-quiz.ts';
import { presentQuiz } from './presenter.ts';
import { getQuiz, listQuizzes } from './queries/quizzes.ts';

// Training is part of service QA: its routes share the inspections API-key scope.
const tags = ['inspections'];

/** Training quizzes: list and read (inspections.read holders), write and archive (QA managers), versioned. */
export async function quizRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/training/quizzes',
    {
      schema: {
        tags,
        summary: 'Training quizzes with their questions and answers, active first (archived with archived=true)',
        querystring: ZQuizListQuery,
        response: { 200: ZQuizList },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'inspections.read');
      const f = { ...req.query, archived: req.query.archived === 'true' };
      return { items: (await listQuizzes(ctx.db, actor, f)).map(presentQuiz) };
    },
  );

  r.post(
    '/training/quizzes',
    {
      schema: {
        tags,
        summary: 'Write a quiz: questions (single, multiple, true/false) with correct answers, pass mark, linked items',
        body: ZNewQuiz,
        response: { 201: ZQuiz },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const q = await inTransaction(ctx, async (tx) =>
        getQuiz(tx, actor, await createQuiz(tx, actor, req.body, ctx.clock.now())),
      );
      return reply.code(201).send(presentQuiz(q));
    },
  );

  r.get(
    '/training/quizzes/:id',
    {
      schema: {
        tags,
        summary: 'A quiz with its current questions and answers',
        params: ZIdParams,
        response: { 200: ZQuiz },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'inspections.read');
      return presentQuiz(await getQuiz(ctx.db, actor, req.params.id));
    },
  );

  r.patch(
    '/training/quizzes/:id',
    {
      schema: {
        tags,
        summary: 'Change or archive a quiz; new questions or pass mark make a new version (past scores keep theirs)',
        params: ZIdParams,
        body: ZQuizPatch,
        response: { 200: ZQuiz },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const q = await inTransaction(ctx, async (tx) => {
        const cur = await getQuiz(tx, actor, req.params.id, { lock: true });
        await patchQuiz(tx, actor, cur, req.body, ctx.clock.now());
        return getQuiz(tx, actor, cur.id);
      });
      return presentQuiz(q);
    },
  );
}
