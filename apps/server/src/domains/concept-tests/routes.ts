import {
  ZConceptTemplateList,
  ZConceptTest,
  ZConceptTestCreate,
  ZConceptTestFromTemplate,
  ZConceptTestList,
  ZConceptTestListQuery,
  ZConceptTestPatch,
} from '@loopcx/shared';

import { actorOf } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { inTransaction, type Router, ZIdParams } from '../../platform/routing.ts';
import { createFromTemplate } from './commands/create-from-template.ts';
import { createConceptTest, patchConceptTest } from './commands/save-concept-test.ts';
import { authorizeReadConceptTests } from './policy.ts';
import { presentConceptTest } from './presenter.ts';
import { getConceptTest, listConceptTests } from './queries/concept-tests.ts';
import { CONCEPT_TEMPLATES } from './templates.ts';

// Concept tests read surveys' responses: their routes share the surveys API-key scope.
export const tags = ['surveys'];

/** Concept / pre-launch tests: templates, list, create (from a survey or a template), read, change, archive. */
export async function conceptTestRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/concept-tests/templates',
    {
      schema: {
        tags,
        summary: 'Concept test templates (concept, idea screening, usability SUS and SEQ), zh-CN and English',
        response: { 200: ZConceptTemplateList },
      },
    },
    async (req) => {
      authorizeReadConceptTests(actorOf(req));
      return {
        items: CONCEPT_TEMPLATES.map((t) => {
          const def = t.definition('…') as { pages: Array<{ elements: unknown[] }> };
          return {
            id: t.id,
            kind: t.kind,
            name: t.name,
            description: t.description,
            approvalQuestion: t.approvalQuestion,
            questions: def.pages.reduce((n, p) => n + p.elements.length, 0),
            threshold: t.threshold,
            minN: t.minN,
          };
        }),
      };
    },
  );

  r.get(
    '/concept-tests',
    {
      schema: {
        tags,
        summary: 'Concept tests of the tenant with their status (the latest recorded decision), newest first',
        querystring: ZConceptTestListQuery,
        response: { 200: ZConceptTestList },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorizeReadConceptTests(actor);
      const items = await listConceptTests(ctx.db, actor, {
        archived: req.query.archived === 'true',
        productId: req.query.productId,
      });
      return { items: items.map(presentConceptTest) };
    },
  );

  r.post(
    '/concept-tests',
    {
      schema: {
        tags,
        summary:
          'Mark a survey as a launch test: its approval question (rating ≥ approveAtLeast, yes, or approveValues), threshold (default 0.6), minimum n (default 100), confidence (0.90/0.95/0.99)',
        body: ZConceptTestCreate,
        response: { 201: ZConceptTest },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const t = await inTransaction(ctx, async (tx) =>
        getConceptTest(tx, actor, await createConceptTest(tx, actor, req.body, ctx.clock.now())),
      );
      return reply.code(201).send(presentConceptTest(t));
    },
  );

  r.post(
    '/concept-tests/from-template',
    {
      schema: {
        tags,
        summary: "Create a template's survey (a draft) and its concept test in one go",
        body: ZConceptTestFromTemplate,
        response: { 201: ZConceptTest },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const t = await inTransaction(ctx, async (tx) => {
        const made = await createFromTemplate(tx, actor, req.body, ctx.clock.now());
        return getConceptTest(tx, actor, made.id);
      });
      return reply.code(201).send(presentConceptTest(t));
    },
  );

  r.get(
    '/concept-tests/:id',
    { schema: { tags, summary: 'A concept test with its status', params: ZIdParams, response: { 200: ZConceptTest } } },
    async (req) => {
      const actor = actorOf(req);
      authorizeReadConceptTests(actor);
      return presentConceptTest(await getConceptTest(ctx.db, actor, req.params.id));
    },
  );

  r.patch(
    '/concept-tests/:id',
    {
      schema: {
        tags,
        summary: 'Rename or archive a test; its gate settings change only while no decision is recorded (409 after)',
        params: ZIdParams,
        body: ZConceptTestPatch,
        response: { 200: ZConceptTest },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const t = await inTransaction(ctx, async (tx) => {
        const cur = await getConceptTest(tx, actor, req.params.id, { lock: true });
        await patchConceptTest(tx, actor, cur, req.body, ctx.clock.now());
        return getConceptTest(tx, actor, cur.id);
      });
      return presentConceptTest(t);
    },
  );
}
