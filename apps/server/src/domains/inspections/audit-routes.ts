import {
  AUDIT_KINDS,
  AUDIT_STATUSES,
  ZAudit,
  ZAuditCheckIn,
  ZAuditDetail,
  ZAuditList,
  ZAuditPhoto,
  ZAuditSelfGap,
  ZAuditSubmit,
  ZNewAudit,
} from '@loopcx/shared';
import QRCode from 'qrcode';
import { z } from 'zod';
import { type Actor, actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Executor } from '../../platform/db.ts';
import { AppError, conflict } from '../../platform/errors.ts';
import { deleteStoredFile, openStoredFile } from '../../platform/file-store.ts';
import { wakeWorkers } from '../../platform/jobs.ts';
import { inTransaction, type Router, ZIdParams } from '../../platform/routing.ts';
import { auditLinkUrl } from './audit-token.ts';
import { addPhoto, assertCanAddPhoto, storePhoto } from './commands/add-photo.ts';
import { createAudit } from './commands/create-audit.ts';
import { submitAudit } from './commands/submit-audit.ts';
import { cancelAudit, checkIn } from './commands/work-audit.ts';
import { PHOTO_BODY_LIMIT, photoUploadScope, readPhotoUpload } from './photo.ts';
import { authorizeManageQa, canManageQa } from './policy.ts';
import { type AuditRow, photoUrl, presentAudit, presentAuditDetail } from './presenter.ts';
import { auditResults, getAudit, getPhoto, listAudits } from './queries/audits.ts';
import { checklistItems } from './queries/checklists.ts';
import { selfGap } from './queries/self-gap.ts';

const tags = ['inspections'];
const ZWhen = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/**
 * The external inspector's signed link, for those who run the QA programme only: a store manager who could read the
 * link of their own store's mystery shop could also fill it in.
 */
const linkOf = (ctx: AppContext, actor: Actor, a: AuditRow) =>
  a.external && canManageQa(actor) ? auditLinkUrl(ctx, actor.tenantId, a.id) : null;

/** An audit with its items, answers, photos and tickets, read in scope (the tx handle inside a transaction). */
async function detail(ctx: AppContext, ex: Executor, actor: Actor, a: AuditRow) {
  const items = await checklistItems(ex, actor.tenantId, a.checklist_id, a.checklist_version);
  const { results, photos } = await auditResults(ex, actor.tenantId, a.id);
  return presentAuditDetail(a, items, results, photos, linkOf(ctx, actor, a));
}

/** Audits of units: assign, list, read, check in, photograph, submit (fatal → ticket), cancel; self-vs-external gap. */
export async function auditRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/audits',
    {
      schema: {
        tags,
        summary: 'Audits of units in your scope, newest first',
        querystring: z
          .object({
            orgUnitId: z.uuid().optional(),
            kind: z.enum(AUDIT_KINDS).optional(),
            status: z.enum(AUDIT_STATUSES).optional(),
            checklistId: z.uuid().optional(),
            inspectorId: z.uuid().optional(),
            planRunId: z.uuid().optional(),
            from: ZWhen.optional(),
            to: ZWhen.optional(),
            cursor: z.string().max(200).optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
          })
          .strict(),
        response: { 200: ZAuditList },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'inspections.read');
      const page = await listAudits(ctx.db, actor, req.query);
      return { items: page.items.map((a) => presentAudit(a, linkOf(ctx, actor, a))), nextCursor: page.nextCursor };
    },
  );

  r.post(
    '/audits',
    {
      schema: {
        tags,
        summary: 'Assign an audit of a unit against the current version of a checklist (pinned)',
        body: ZNewAudit,
        response: { 201: ZAudit },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'inspections.write');
      const a = await inTransaction(ctx, async (tx) =>
        getAudit(tx, actor, await createAudit(tx, actor, req.body, ctx.clock.now())),
      );
      return reply.code(201).send(presentAudit(a, linkOf(ctx, actor, a)));
    },
  );

  r.get(
    '/audits/self-gap',
    {
      schema: {
        tags,
        summary: 'Per direct child of a unit: self-inspection score vs external audit score (0–100) in a period',
        querystring: z.object({ orgUnitId: z.uuid().optional(), from: z.iso.date(), to: z.iso.date() }).strict(),
        response: { 200: ZAuditSelfGap },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'inspections.read');
      return selfGap(ctx.db, actor, req.query);
    },
  );

  r.get(
    '/audits/:id',
    {
      schema: {
        tags,
        summary: 'An audit with every item of its pinned checklist version, the answers, photos and tickets',
        params: ZIdParams,
        response: { 200: ZAuditDetail },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'inspections.read');
      return detail(ctx, ctx.db, actor, await getAudit(ctx.db, actor, req.params.id));
    },
  );

  r.get(
    '/audits/:id/qr',
    {
      schema: {
        tags,
        summary: 'QR code (PNG) of an external audit’s signed link, for the inspector’s phone (QA staff only)',
        params: ZIdParams,
        querystring: z.object({ size: z.coerce.number().int().min(64).max(1024).default(256) }).strict(),
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorizeManageQa(actor);
      const a = await getAudit(ctx.db, actor, req.params.id);
      const url = linkOf(ctx, actor, a);
      if (!url) throw conflict('The audit has no external inspector, so no link');
      reply.header('cache-control', 'private, no-store');
      return reply
        .type('image/png')
        .send(await QRCode.toBuffer(url, { width: req.query.size, margin: 2, errorCorrectionLevel: 'M' }));
    },
  );

  r.post(
    '/audits/:id/check-in',
    {
      schema: {
        tags,
        summary: 'Check in at the unit (the phone’s position, when given)',
        params: ZIdParams,
        body: ZAuditCheckIn,
        response: { 200: ZAudit },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'inspections.write');
      const a = await inTransaction(ctx, async (tx) => {
        await checkIn(tx, actor, await getAudit(tx, actor, req.params.id, { lock: true }), req.body, ctx.clock.now());
        return getAudit(tx, actor, req.params.id);
      });
      return presentAudit(a, linkOf(ctx, actor, a));
    },
  );

  // A photo comes as multipart/form-data (a phone's file input): the body is read whole (bounded) and parsed by
  // readPhotoUpload after the audit was found in scope, so another tenant's id is a 404 whatever the body.
  await photoUploadScope(r, (scope) => {
    scope.post(
      '/audits/:id/photos',
      {
        bodyLimit: PHOTO_BODY_LIMIT,
        config: { uploadTypes: ['multipart/form-data'] },
        schema: {
          tags,
          summary: 'Upload a photo (multipart: `file` JPEG/PNG/WebP ≤ 5 MB, optional `itemCode`)',
          params: ZIdParams,
          consumes: ['multipart/form-data'],
          response: { 201: ZAuditPhoto },
        },
      },
      async (req, reply) => {
        const actor = actorOf(req);
        authorize(actor, 'inspections.write');
        const { id } = req.params as { id: string };
        const a = await getAudit(ctx.db, actor, id);
        const items = await checklistItems(ctx.db, actor.tenantId, a.checklist_id, a.checklist_version);
        const upload = await readPhotoUpload(req.body, req.headers['content-type']);
        assertCanAddPhoto(actor, a, items, upload.itemCode);
        const stored = await storePhoto(ctx, actor.tenantId, upload.bytes);
        try {
          await inTransaction(ctx, async (tx) => {
            const locked = await getAudit(tx, actor, id, { lock: true });
            assertCanAddPhoto(actor, locked, items, upload.itemCode);
            await addPhoto(tx, actor, locked, { ...upload, ...stored }, ctx.clock.now());
          });
        } catch (err) {
          await deleteStoredFile(ctx, actor.tenantId, stored.ref);
          throw err;
        }
        return reply.code(201).send({ id: stored.id, itemCode: upload.itemCode, url: photoUrl(a.id, stored.id) });
      },
    );
  });

  r.get(
    '/audits/:id/photos/:photoId',
    {
      schema: {
        tags,
        summary: 'A photo of an audit (the image, with the type its bytes were checked as)',
        params: ZIdParams.extend({ photoId: z.uuid() }),
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'inspections.read');
      const a = await getAudit(ctx.db, actor, req.params.id);
      const p = await getPhoto(ctx.db, actor.tenantId, a.id, req.params.photoId);
      const body = await openStoredFile(ctx, actor.tenantId, p.file_ref);
      if (!body) throw new AppError('not_found', 'Photo not found');
      reply.header('cache-control', 'private, max-age=3600');
      return reply.type(p.content_type).send(body);
    },
  );

  r.post(
    '/audits/:id/submit',
    {
      schema: {
        tags,
        summary:
          'Submit the answers (every item once); each failed fatal item opens a ticket for the unit. Resending the idempotency key answers the stored audit',
        params: ZIdParams,
        body: ZAuditSubmit,
        response: { 200: ZAuditDetail },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'inspections.write');
      let enqueued = false;
      const out = await inTransaction(ctx, async (tx) => {
        const a = await getAudit(tx, actor, req.params.id, { lock: true });
        const items = await checklistItems(tx, actor.tenantId, a.checklist_id, a.checklist_version);
        const { replay } = await submitAudit(tx, actor, a, items, req.body, ctx.clock.now());
        const after = await getAudit(tx, actor, req.params.id);
        enqueued = !replay && after.fatal_failures > 0;
        return detail(ctx, tx, actor, after);
      });
      if (enqueued) wakeWorkers(ctx);
      return out;
    },
  );

  r.post(
    '/audits/:id/cancel',
    {
      schema: { tags, summary: 'Cancel an assigned audit', params: ZIdParams, response: { 200: ZAudit } },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'inspections.write');
      const a = await inTransaction(ctx, async (tx) => {
        await cancelAudit(tx, actor, await getAudit(tx, actor, req.params.id, { lock: true }));
        return getAudit(tx, actor, req.params.id);
      });
      return presentAudit(a, linkOf(ctx, actor, a));
    },
  );
}
