import { ZSurveyInvitationLinkResponse, ZSurveyLinkResponse, ZSurveyUnitLinksResponse } from '@loopcx/shared';
import QRCode from 'qrcode';
import { z } from 'zod';
import { type Actor, actorOf, authorize } from '../../platform/auth.ts';
import { isLocalUrl } from '../../platform/config.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { inTransaction, type Router, ZIdParams } from '../../platform/routing.ts';
import { getOrgUnit } from '../org/queries/get-org-unit.ts';
import { createInvitation } from './commands/create-invitation.ts';
import { getSurvey } from './queries/get-survey.ts';
import { listLinkUnits } from './queries/link-units.ts';
import { checkTouchpoint } from './queries/touchpoint.ts';
import { signSurveyToken } from './tokens.ts';

const tags = ['surveys'];

function linkFor(ctx: AppContext, actor: Actor, surveyId: string, orgUnitId?: string, touchpointId?: string) {
  const token = signSurveyToken(ctx.config.secret, { tenantId: actor.tenantId, surveyId, orgUnitId, touchpointId });
  return { token, url: `${ctx.config.publicUrl}/s/${token}` };
}

const ZPersonal = z
  .object({
    customer: z
      .object({
        externalId: z.string().max(200).optional(),
        name: z.string().max(200).optional(),
        phone: z.string().max(40).optional(),
        email: z.email().optional(),
      })
      .strict()
      .optional(),
    orgUnitId: z.uuid().optional(),
    orgUnitCode: z.string().max(64).optional(),
    touchpointId: z.uuid().optional(),
    context: z.record(z.string(), z.unknown()).optional(),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

/** Survey links: anonymous, per store × touchpoint with QR codes, and personalised signed links (invitations). */
export async function linkRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/surveys/:id/link',
    {
      schema: {
        tags,
        summary: 'The anonymous link of a survey',
        params: ZIdParams,
        response: { 200: ZSurveyLinkResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'surveys.read');
      await getSurvey(ctx.db, actor, req.params.id);
      return { ...linkFor(ctx, actor, req.params.id), publicUrlLocal: isLocalUrl(ctx.config.publicUrl) };
    },
  );

  r.get(
    '/surveys/:id/qr',
    {
      schema: {
        tags,
        summary: 'QR code (PNG or SVG) of the link for an org unit × touchpoint (table tents, receipts)',
        params: ZIdParams,
        querystring: z.object({
          orgUnitId: z.uuid().optional(),
          touchpointId: z.uuid().optional(),
          format: z.enum(['png', 'svg']).default('png'),
          size: z.coerce.number().int().min(64).max(2048).default(512),
        }),
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'surveys.read');
      await getSurvey(ctx.db, actor, req.params.id);
      const unit = req.query.orgUnitId ? await getOrgUnit(ctx.db, actor, req.query.orgUnitId) : undefined;
      await checkTouchpoint(ctx.db, actor.tenantId, req.query.touchpointId);
      const { url } = linkFor(ctx, actor, req.params.id, req.query.orgUnitId, req.query.touchpointId);
      const filename = `survey-${unit?.code ?? 'link'}.${req.query.format}`;
      reply.header('content-disposition', `inline; filename="${filename}"`);
      if (req.query.format === 'svg')
        return reply
          .type('image/svg+xml')
          .send(
            await QRCode.toString(url, { type: 'svg', width: req.query.size, margin: 2, errorCorrectionLevel: 'M' }),
          );
      return reply
        .type('image/png')
        .send(await QRCode.toBuffer(url, { width: req.query.size, margin: 2, errorCorrectionLevel: 'M' }));
    },
  );

  r.get(
    '/surveys/:id/unit-links',
    {
      schema: {
        tags,
        summary: 'Links for every store (or unit kind) in your scope × a touchpoint, for printing',
        params: ZIdParams,
        querystring: z.object({
          touchpointId: z.uuid().optional(),
          kind: z.enum(['hq', 'region', 'city', 'store', 'department']).default('store'),
        }),
        response: { 200: ZSurveyUnitLinksResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'surveys.read');
      await getSurvey(ctx.db, actor, req.params.id);
      await checkTouchpoint(ctx.db, actor.tenantId, req.query.touchpointId);
      const units = await listLinkUnits(ctx.db, actor, req.query.kind);
      return {
        items: units.map((u) => ({
          orgUnit: u,
          touchpointId: req.query.touchpointId ?? null,
          ...linkFor(ctx, actor, req.params.id, u.id, req.query.touchpointId),
        })),
      };
    },
  );

  r.post(
    '/surveys/:id/links',
    {
      schema: {
        tags,
        summary: 'A personalised signed link carrying customer and transaction context (千人千面)',
        params: ZIdParams,
        body: ZPersonal,
        response: { 201: ZSurveyInvitationLinkResponse },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'surveys.read');
      const b = req.body;
      if (b.context && Buffer.byteLength(JSON.stringify(b.context)) > 16 * 1024)
        throw invalid('context', 'larger than 16 KB');
      const expiresAt = b.expiresAt ? new Date(b.expiresAt) : undefined;
      if (expiresAt && expiresAt.getTime() <= ctx.clock.now().getTime())
        throw invalid('expiresAt', 'must be in the future');
      const created = await inTransaction(ctx, (tx) => createInvitation(tx, actor, req.params.id, { ...b, expiresAt }));
      const token = signSurveyToken(ctx.config.secret, {
        tenantId: actor.tenantId,
        surveyId: req.params.id,
        invitationId: created,
        expiresAt,
      });
      if (token.length > 200) throw new AppError('internal', 'token too long');
      return reply.code(201).send({
        invitationId: created,
        token,
        url: `${ctx.config.publicUrl}/s/${token}`,
        expiresAt: expiresAt?.toISOString() ?? null,
      });
    },
  );
}
