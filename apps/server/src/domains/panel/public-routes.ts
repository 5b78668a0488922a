import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ZPanelApplied,
  ZPanelApply,
  ZPortal,
  ZPortalCheckIn,
  ZPortalRedeem,
  ZPortalSubmit,
  ZPublicPanel,
} from '@loopcx/shared';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { one, sql } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { deleteStoredFile, openStoredFile, storeFile } from '../../platform/file-store.ts';
import { inTransaction, type Router } from '../../platform/routing.ts';
import { PHOTO_BODY_LIMIT, photoUploadScope, readPhotoUpload } from '../inspections/photo.ts';
import { announce } from '../notifications/commands/notify.ts';
import { applyToPanel } from './commands/apply.ts';
import { assertCanAddPhoto, checkIn, memberAssignment, submitReport } from './commands/portal.ts';
import { notifyReviewers } from './commands/review.ts';
import { redeemReward } from './commands/rewards.ts';
import { portalView } from './portal-view.ts';
import { getPanel, memberForPortal } from './queries.ts';
import { screenerQuestions } from './screener.ts';
import { portalUrl, verifyJoinToken, verifyMemberToken } from './tokens.ts';

// Panel routes belong to the customers API scope: its members are customers, read and run with the customers abilities.
const tags = ['customers'];
const ZToken = z.object({ token: z.string().min(1).max(300) });

/** The panel a recruitment link names (404 for anything forged or unknown). */
export async function joinClaims(ctx: AppContext, token: string) {
  const c = verifyJoinToken(ctx.config.secret, token);
  if (!c) throw new AppError('not_found', 'This panel link is not valid');
  const p = await one<{ id: string }>(
    ctx.db,
    sql`SELECT id FROM panels WHERE tenant_id = ${c.tenantId} AND id = ${c.panelId}`,
  );
  if (!p) throw new AppError('not_found', 'This panel link is not valid');
  return c;
}

/**
 * The member a portal link names: forged, altered, unknown or rotated links are 404 (never saying which), a
 * member who left or was rejected is 410.
 */
export async function portalMember(ctx: AppContext, token: string) {
  const c = verifyMemberToken(ctx.config.secret, token);
  const m = c && (await memberForPortal(ctx.db, c.tenantId, c.memberId));
  if (!c || !m || m.token_version !== c.tokenVersion) throw new AppError('not_found', 'This member link is not valid');
  if (m.status === 'left' || m.status === 'rejected') throw new AppError('gone', 'This membership has ended');
  return { tenantId: c.tenantId, member: m };
}

/**
 * Public panel routes (the token is the credential; rate-limited per client like every public route): the
 * recruitment page's panel and application, and the member portal — tasks, check-in, photos, submit.
 */
export async function panelPublicRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/public/panels/:token',
    {
      schema: {
        tags,
        summary: 'A panel’s recruitment page: name, description, benefits, screener',
        params: ZToken,
        security: [],
        response: { 200: ZPublicPanel },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      const c = await joinClaims(ctx, req.params.token);
      const p = await getPanel(ctx.db, c.tenantId, c.panelId);
      const s = p.screener_survey_id
        ? await one<{ definition: unknown }>(
            ctx.db,
            sql`SELECT definition FROM surveys WHERE tenant_id = ${c.tenantId} AND id = ${p.screener_survey_id}`,
          )
        : null;
      const full = p.recruit_limit !== null && p.active >= p.recruit_limit;
      return {
        name: p.name,
        description: p.description,
        benefits: p.benefits,
        open: p.status === 'open' && !full,
        questions: s ? screenerQuestions(s.definition) : [],
      };
    },
  );

  r.post(
    '/public/panels/:token/apply',
    {
      schema: {
        tags,
        summary: 'Apply to a panel: contact, consent and screener answers; active at once when the screener passes',
        params: ZToken,
        body: ZPanelApply,
        security: [],
        response: { 201: ZPanelApplied, 200: ZPanelApplied },
      },
    },
    async (req, reply) => {
      const c = await joinClaims(ctx, req.params.token);
      const out = await inTransaction(ctx, (tx) =>
        applyToPanel(tx, ctx.config.secret, c.tenantId, c.panelId, req.body, ctx.clock.now()),
      );
      // Only a new application gets its portal link: an identity applying again learns its status, not the link.
      const url =
        out.created && out.status === 'active' ? portalUrl(ctx, c.tenantId, out.memberId, out.tokenVersion) : null;
      return reply.code(out.created ? 201 : 200).send({ status: out.status, portalUrl: url });
    },
  );

  r.get(
    '/public/panel-members/:token',
    {
      schema: {
        tags,
        summary: 'A member’s portal: points, tier and tasks',
        params: ZToken,
        security: [],
        response: { 200: ZPortal },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      const { tenantId, member } = await portalMember(ctx, req.params.token);
      return portalView(ctx, ctx.db, tenantId, member.id, req.params.token);
    },
  );

  const ZAssignmentParams = ZToken.extend({ assignmentId: z.uuid() });

  r.post(
    '/public/panel-members/:token/assignments/:assignmentId/check-in',
    {
      schema: {
        tags,
        summary: 'Check in at the task’s store (the phone’s position; farther than the task’s radius is refused)',
        params: ZAssignmentParams,
        body: ZPortalCheckIn,
        security: [],
        response: { 200: ZPortal },
      },
    },
    async (req) => {
      const { tenantId, member } = await portalMember(ctx, req.params.token);
      return inTransaction(ctx, async (tx) => {
        const a = await memberAssignment(tx, tenantId, member.id, req.params.assignmentId);
        await checkIn(tx, tenantId, a, req.body, ctx.clock.now());
        return portalView(ctx, tx, tenantId, member.id, req.params.token);
      });
    },
  );

  await photoUploadScope(r, (scope) => {
    scope.post(
      '/public/panel-members/:token/assignments/:assignmentId/photos',
      {
        bodyLimit: PHOTO_BODY_LIMIT,
        config: { uploadTypes: ['multipart/form-data'] },
        schema: {
          tags,
          summary: 'Upload a photo of an offline task (multipart: `file` JPEG/PNG/WebP ≤ 5 MB)',
          params: ZAssignmentParams,
          consumes: ['multipart/form-data'],
          security: [],
          response: { 201: z.object({ id: z.uuid(), url: z.string() }) },
        },
      },
      async (req, reply) => {
        const { token, assignmentId } = req.params as { token: string; assignmentId: string };
        const { tenantId, member } = await portalMember(ctx, token);
        const now = ctx.clock.now();
        await inTransaction(ctx, async (tx) =>
          assertCanAddPhoto(tx, tenantId, await memberAssignment(tx, tenantId, member.id, assignmentId), now),
        );
        const upload = await readPhotoUpload(req.body, req.headers['content-type']);
        const id = randomUUID();
        const local = join(tmpdir(), `loopcx-panel-photo-${id}`);
        await writeFile(local, upload.bytes);
        const ref = await storeFile(ctx, tenantId, `panel-photo-${id}`, local);
        try {
          await inTransaction(ctx, async (tx) => {
            const a = await memberAssignment(tx, tenantId, member.id, assignmentId);
            await assertCanAddPhoto(tx, tenantId, a, now);
            await tx.execute(
              sql`INSERT INTO panel_photos (tenant_id, id, assignment_id, file_ref, content_type, size, created_at)
                  VALUES (${tenantId}, ${id}, ${a.id}, ${ref}, ${upload.contentType}, ${upload.bytes.length}, ${now.toISOString()})`,
            );
          });
        } catch (err) {
          await deleteStoredFile(ctx, tenantId, ref);
          throw err;
        }
        return reply.code(201).send({ id, url: `/api/v1/public/panel-members/${token}/photos/${id}` });
      },
    );
  });

  r.get(
    '/public/panel-members/:token/photos/:photoId',
    {
      schema: {
        tags,
        summary: 'A photo the member uploaded (the image, with the type its bytes were checked as)',
        params: ZToken.extend({ photoId: z.uuid() }),
        security: [],
      },
    },
    async (req, reply) => {
      const { tenantId, member } = await portalMember(ctx, req.params.token);
      const p = await one<{ file_ref: string; content_type: string }>(
        ctx.db,
        sql`SELECT ph.file_ref, ph.content_type FROM panel_photos ph
            JOIN panel_task_assignments a ON a.tenant_id = ph.tenant_id AND a.id = ph.assignment_id
            WHERE ph.tenant_id = ${tenantId} AND ph.id = ${req.params.photoId} AND a.member_id = ${member.id}`,
      );
      const body = p && (await openStoredFile(ctx, tenantId, p.file_ref));
      if (!p || !body) throw new AppError('not_found', 'Photo not found');
      reply.header('cache-control', 'private, max-age=3600').header('referrer-policy', 'no-referrer');
      return reply.type(p.content_type).send(body);
    },
  );

  r.post(
    '/public/panel-members/:token/assignments/:assignmentId/submit',
    {
      schema: {
        tags,
        summary:
          'Submit the task’s report (checked in and enough photos first, when the task asks); reviewers are told',
        params: ZAssignmentParams,
        body: ZPortalSubmit,
        security: [],
        response: { 200: ZPortal },
      },
    },
    async (req) => {
      const { tenantId, member } = await portalMember(ctx, req.params.token);
      let told: Awaited<ReturnType<typeof notifyReviewers>> = [];
      const out = await inTransaction(ctx, async (tx) => {
        const a = await memberAssignment(tx, tenantId, member.id, req.params.assignmentId);
        const id = await submitReport(tx, tenantId, a, req.body, ctx.clock.now());
        told = await notifyReviewers(tx, ctx, tenantId, {
          id,
          taskTitle: a.title,
          memberName: member.display_name,
          unitId: a.org_unit_id,
        });
        return portalView(ctx, tx, tenantId, member.id, req.params.token);
      });
      announce(ctx, told);
      return out;
    },
  );

  r.post(
    '/public/panel-members/:token/redemptions',
    {
      schema: {
        tags,
        summary: 'Redeem points for a reward of the panel (409 when the balance or the stock is short)',
        params: ZToken,
        body: ZPortalRedeem,
        security: [],
        response: { 201: ZPortal },
      },
    },
    async (req, reply) => {
      const { tenantId, member } = await portalMember(ctx, req.params.token);
      const out = await inTransaction(ctx, async (tx) => {
        await redeemReward(tx, tenantId, member, req.body.rewardId, ctx.clock.now());
        return portalView(ctx, tx, tenantId, member.id, req.params.token);
      });
      return reply.code(201).send(out);
    },
  );
}
