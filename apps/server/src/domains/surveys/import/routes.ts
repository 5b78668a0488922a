import { ZSurveyImportPreviewResponse, ZSurveyImportResponse } from '@loopcx/shared';
import { z } from 'zod';
import { actorOf, authorize } from '../../../platform/auth.ts';
import type { AppContext } from '../../../platform/context.ts';
import { inTransaction, type Router, zBool } from '../../../platform/routing.ts';
import { createSurvey } from '../commands/save-survey.ts';
import { checkDefinition } from '../definition.ts';
import { importLss } from './lss.ts';
import { importQsf } from './qsf.ts';
import { importSurveyJs } from './surveyjs.ts';

/** `POST /surveys/import`: Qualtrics, LimeSurvey or SurveyJS files → a SurveyJS definition and a report. */
export async function importRoutes(r: Router, ctx: AppContext) {
  r.post(
    '/surveys/import',
    {
      bodyLimit: 10 * 1024 * 1024,
      schema: {
        tags: ['surveys'],
        summary: 'Import a Qualtrics .qsf, LimeSurvey .lss or SurveyJS file; dryRun=true only converts and reports',
        querystring: z.object({ dryRun: zBool.optional() }),
        body: z
          .object({
            format: z.enum(['qsf', 'lss', 'surveyjs']),
            content: z
              .string()
              .min(1)
              .max(10 * 1024 * 1024),
            name: z.string().trim().min(1).max(300).optional(),
          })
          .strict(),
        response: { 200: ZSurveyImportPreviewResponse, 201: ZSurveyImportResponse },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, req.query.dryRun ? 'surveys.read' : 'surveys.write');
      const { format, content } = req.body;
      const result =
        format === 'qsf' ? importQsf(content) : format === 'lss' ? importLss(content) : importSurveyJs(content);
      // The converted definition must load in survey-core like any authored one (422 with the reasons otherwise).
      checkDefinition(result.definition);
      if (req.query.dryRun) return { definition: result.definition, report: result.report };
      const survey = await inTransaction(ctx, (tx) =>
        createSurvey(tx, actor, {
          name: (req.body.name ?? result.name).slice(0, 300),
          definition: result.definition,
          bindings: {},
        }),
      );
      return reply.code(201).send({ surveyId: survey.id, definition: result.definition, report: result.report });
    },
  );
}
