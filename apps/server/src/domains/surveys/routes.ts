import {
  SURVEY_STATUSES,
  type TBindings,
  ZSurveyCreate,
  ZSurveyListResponse,
  ZSurveyPublishResponse,
  ZSurveyResponse,
  ZSurveyTemplatesResponse,
  ZSurveyUpdate,
  ZSurveyVersionsResponse,
} from '@loopcx/shared';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { invalid } from '../../platform/errors.ts';
import { inTransaction, type Router, ZIdParams } from '../../platform/routing.ts';
import { changeSurveyStatus, duplicateSurvey, publishSurvey } from './commands/change-survey-status.ts';
import { createSurvey, updateSurvey } from './commands/save-survey.ts';
import { presentSurvey } from './presenter.ts';
import { getSurvey } from './queries/get-survey.ts';
import { listSurveyVersions } from './queries/list-survey-versions.ts';
import { encodeSurveyCursor, listSurveys } from './queries/list-surveys.ts';
import { forgetSurvey } from './resolve-token.ts';
import { TEMPLATES } from './templates.ts';

const tags = ['surveys'];

export async function surveyRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/survey-templates',
    { schema: { tags, summary: 'Survey templates (zh-CN and English)', response: { 200: ZSurveyTemplatesResponse } } },
    async () => ({
      items: TEMPLATES.map((t) => ({
        id: t.id,
        name: t.name,
        description: t.description,
        bindings: t.bindings,
        questions: (t.definition.pages as Array<{ elements: unknown[] }>).reduce((n, p) => n + p.elements.length, 0),
        definition: t.definition,
      })),
    }),
  );

  r.get(
    '/surveys',
    {
      schema: {
        tags,
        summary: 'Surveys of the tenant (definitions omitted; GET one for its definition)',
        querystring: z.object({
          status: z.enum(SURVEY_STATUSES).optional(),
          touchpointId: z.uuid().optional(),
          q: z.string().max(200).optional(),
          includeArchived: z.enum(['true', 'false']).optional(),
          cursor: z.string().max(200).optional(),
          limit: z.coerce.number().int().min(1).max(500).optional(),
        }),
        response: { 200: ZSurveyListResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'surveys.read');
      const limit = req.query.limit ?? 500;
      const list = await listSurveys(ctx.db, actor, { ...req.query, limit });
      const last = list.at(-1);
      return {
        items: list.map((s) => presentSurvey(s, { withDefinition: false })),
        nextCursor: list.length === limit && last ? encodeSurveyCursor(last.cursor_micros, last.id) : null,
      };
    },
  );

  r.post(
    '/surveys',
    {
      schema: {
        tags,
        summary: 'Create a draft survey from a SurveyJS definition, or from a template (`templateId`)',
        body: ZSurveyCreate,
        response: { 201: ZSurveyResponse },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const b = req.body;
      let input: {
        name: string;
        description?: string | null;
        definition: Record<string, unknown>;
        bindings: TBindings;
        touchpointId?: string | null;
      };
      if (b.templateId) {
        const tpl = TEMPLATES.find((t) => t.id === b.templateId);
        if (!tpl) throw invalid('templateId', 'no such template');
        const en = actor.locale === 'en';
        input = {
          name: b.name ?? (en ? tpl.name.en : tpl.name['zh-CN']),
          description: en ? tpl.description.en : tpl.description['zh-CN'],
          definition: structuredClone(tpl.definition),
          bindings: tpl.bindings,
          touchpointId: b.touchpointId,
        };
      } else
        input = {
          name: b.name!,
          description: b.description,
          definition: b.definition!,
          bindings: b.bindings ?? {},
          touchpointId: b.touchpointId,
        };
      const s = await inTransaction(ctx, (tx) => createSurvey(tx, actor, input));
      return reply.code(201).send(presentSurvey(s));
    },
  );

  r.get('/surveys/:id', { schema: { tags, params: ZIdParams, response: { 200: ZSurveyResponse } } }, async (req) => {
    const actor = actorOf(req);
    authorize(actor, 'surveys.read');
    return presentSurvey(await getSurvey(ctx.db, actor, req.params.id));
  });

  r.patch(
    '/surveys/:id',
    {
      schema: {
        tags,
        summary: 'Edit the draft (a live survey keeps its published version until you publish again)',
        params: ZIdParams,
        body: ZSurveyUpdate,
        response: { 200: ZSurveyResponse },
      },
    },
    async (req) =>
      presentSurvey(await inTransaction(ctx, (tx) => updateSurvey(tx, actorOf(req), req.params.id, req.body))),
  );

  const changed = (tenantId: string, surveyId: string) => {
    forgetSurvey(tenantId, surveyId);
    ctx.bus.publish({ tenantId, type: 'surveys.changed', data: { surveyId } });
  };

  r.post(
    '/surveys/:id/publish',
    {
      schema: {
        tags,
        summary: 'Publish the draft as a new immutable version; status becomes live',
        params: ZIdParams,
        response: { 200: ZSurveyPublishResponse },
      },
    },
    async (req) => {
      const s = await inTransaction(ctx, (tx) => publishSurvey(tx, actorOf(req), req.params.id));
      changed(actorOf(req).tenantId, req.params.id);
      return { ...presentSurvey(s), versionId: s.current_version_id, version: s.current_version };
    },
  );

  for (const action of ['pause', 'resume', 'close', 'archive'] as const) {
    r.post(
      `/surveys/:id/${action}`,
      { schema: { tags, params: ZIdParams, response: { 200: ZSurveyResponse } } },
      async (req) => {
        const s = await inTransaction(ctx, (tx) => changeSurveyStatus(tx, actorOf(req), req.params.id, action));
        changed(actorOf(req).tenantId, req.params.id);
        return presentSurvey(s);
      },
    );
  }

  r.post(
    '/surveys/:id/duplicate',
    { schema: { tags, summary: 'Copy into a new draft', params: ZIdParams, response: { 201: ZSurveyResponse } } },
    async (req, reply) =>
      reply
        .code(201)
        .send(presentSurvey(await inTransaction(ctx, (tx) => duplicateSurvey(tx, actorOf(req), req.params.id)))),
  );

  r.get(
    '/surveys/:id/versions',
    { schema: { tags, params: ZIdParams, response: { 200: ZSurveyVersionsResponse } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'surveys.read');
      await getSurvey(ctx.db, actor, req.params.id);
      const versions = await listSurveyVersions(ctx.db, actor.tenantId, req.params.id);
      return { items: versions.map((v) => ({ ...v, createdAt: new Date(v.createdAt).toISOString() })) };
    },
  );
}
