import { ZPortal, ZPortalDiaryEntry, ZPortalDiarySurvey } from '@loopcx/shared';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { inTransaction, type Router } from '../../platform/routing.ts';
import { addDiaryEntry, diarySurveyOf } from './commands/diary.ts';
import { memberAssignment } from './commands/portal.ts';
import { portalView } from './portal-view.ts';
import { portalMember } from './public-routes.ts';

const tags = ['customers'];
const ZAssignmentParams = z.object({ token: z.string().min(1).max(300), assignmentId: z.uuid() });

/**
 * The member portal's diary routes (decision 81, amended): the task's survey definition, which the portal renders
 * with the respondent app's SurveyJS runtime, and one entry — a response of that survey written through the
 * responses domain. The member's portal token is the only credential; another member's assignment is a 404.
 */
export async function panelDiaryRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/public/panel-members/:token/assignments/:assignmentId/survey',
    {
      schema: {
        tags,
        summary: 'The diary survey of one of the member’s tasks (its published definition, to render on the portal)',
        params: ZAssignmentParams,
        security: [],
        response: { 200: ZPortalDiarySurvey },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      const { tenantId, member } = await portalMember(ctx, req.params.token);
      return inTransaction(ctx, async (tx) => {
        const a = await memberAssignment(tx, tenantId, member.id, req.params.assignmentId);
        const s = await diarySurveyOf(tx, tenantId, a);
        return {
          survey: { id: s.id, name: s.name },
          version: { id: s.version_id },
          definition: s.definition,
          locale: (s.definition as { locale?: string }).locale ?? 'zh-cn',
        };
      });
    },
  );

  r.post(
    '/public/panel-members/:token/assignments/:assignmentId/entries',
    {
      schema: {
        tags,
        summary:
          'Write a diary entry: a response of the task’s survey (once: one; daily: one a day). Same key → same entry',
        params: ZAssignmentParams,
        body: ZPortalDiaryEntry,
        security: [],
        response: { 201: ZPortal, 200: ZPortal },
      },
    },
    async (req, reply) => {
      const { tenantId, member } = await portalMember(ctx, req.params.token);
      const out = await inTransaction(ctx, async (tx) => {
        const a = await memberAssignment(tx, tenantId, member.id, req.params.assignmentId);
        const made = await addDiaryEntry(ctx, tx, tenantId, member, a, req.body, ctx.clock.now());
        return { made, view: await portalView(ctx, tx, tenantId, member.id, req.params.token) };
      });
      return reply.code(out.made.created ? 201 : 200).send(out.view);
    },
  );
}
