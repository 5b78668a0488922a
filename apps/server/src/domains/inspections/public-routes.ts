import { ZAuditCheckIn, ZAuditSubmit, ZPublicAudit, ZPublicAuditPhoto } from '@loopcx/shared';
import { z } from 'zod';
import { type Actor, originOf } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Executor } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { deleteStoredFile, openStoredFile } from '../../platform/file-store.ts';
import { wakeWorkers } from '../../platform/jobs.ts';
import { inTransaction, type Router } from '../../platform/routing.ts';
import { addPhoto, assertCanAddPhoto, storePhoto } from './commands/add-photo.ts';
import { submitAudit } from './commands/submit-audit.ts';
import { checkIn } from './commands/work-audit.ts';
import { PHOTO_BODY_LIMIT, photoUploadScope, readPhotoUpload } from './photo.ts';
import { presentPublicAudit } from './presenter.ts';
import { auditResults, getAudit, getPhoto } from './queries/audits.ts';
import { checklistItems } from './queries/checklists.ts';
import { externalActor } from './resolve-link.ts';

const tags = ['inspections'];
const ZToken = z.object({ token: z.string().min(1).max(300) });

/** The audit as the link shows it, read as the external inspector (the unit's scope, the tx inside a transaction). */
async function view(ex: Executor, actor: Actor, token: string) {
  const a = await getAudit(ex, actor, actor.id);
  const items = await checklistItems(ex, actor.tenantId, a.checklist_id, a.checklist_version);
  const { results, photos } = await auditResults(ex, actor.tenantId, a.id);
  return presentPublicAudit(a, token, items, results, photos);
}

/**
 * An external inspector's signed link (public: the token is the credential, rate-limited per client like every
 * public route): read the audit, check in, upload photos, submit — through the same commands as the internal
 * routes, with an actor that is the inspector of this one audit.
 */
export async function auditPublicRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/public/audits/:token',
    {
      schema: {
        tags,
        summary: 'An external audit through its signed link: items, unit, due date, status and what was sent',
        params: ZToken,
        security: [],
        response: { 200: ZPublicAudit },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      const actor = await externalActor(ctx, req.params.token, originOf(req));
      return view(ctx.db, actor, req.params.token);
    },
  );

  r.post(
    '/public/audits/:token/check-in',
    {
      schema: {
        tags,
        summary: 'The external inspector checks in at the unit (the phone’s position, when the browser gives it)',
        params: ZToken,
        body: ZAuditCheckIn,
        security: [],
        response: { 200: ZPublicAudit },
      },
    },
    async (req) => {
      const actor = await externalActor(ctx, req.params.token, originOf(req));
      return inTransaction(ctx, async (tx) => {
        await checkIn(tx, actor, await getAudit(tx, actor, actor.id, { lock: true }), req.body, ctx.clock.now());
        return view(tx, actor, req.params.token);
      });
    },
  );

  // Multipart like the internal upload: the body is read whole (bounded) and parsed only after the link resolved.
  await photoUploadScope(r, (scope) => {
    scope.post(
      '/public/audits/:token/photos',
      {
        bodyLimit: PHOTO_BODY_LIMIT,
        config: { uploadTypes: ['multipart/form-data'] },
        schema: {
          tags,
          summary:
            'The external inspector uploads a photo (multipart: `file` JPEG/PNG/WebP ≤ 5 MB, optional `itemCode`)',
          params: ZToken,
          consumes: ['multipart/form-data'],
          security: [],
          response: { 201: ZPublicAuditPhoto },
        },
      },
      async (req, reply) => {
        const { token } = req.params as { token: string };
        const actor = await externalActor(ctx, token, originOf(req));
        const a = await getAudit(ctx.db, actor, actor.id);
        const items = await checklistItems(ctx.db, actor.tenantId, a.checklist_id, a.checklist_version);
        const upload = await readPhotoUpload(req.body, req.headers['content-type']);
        assertCanAddPhoto(actor, a, items, upload.itemCode);
        const stored = await storePhoto(ctx, actor.tenantId, upload.bytes);
        try {
          await inTransaction(ctx, async (tx) => {
            const locked = await getAudit(tx, actor, actor.id, { lock: true });
            assertCanAddPhoto(actor, locked, items, upload.itemCode);
            await addPhoto(tx, actor, locked, { ...upload, ...stored }, ctx.clock.now());
          });
        } catch (err) {
          await deleteStoredFile(ctx, actor.tenantId, stored.ref);
          throw err;
        }
        const url = `/api/v1/public/audits/${token}/photos/${stored.id}`;
        return reply.code(201).send({ id: stored.id, itemCode: upload.itemCode, url });
      },
    );
  });

  r.get(
    '/public/audits/:token/photos/:photoId',
    {
      schema: {
        tags,
        summary: 'A photo of the linked audit (the image, with the type its bytes were checked as)',
        params: ZToken.extend({ photoId: z.uuid() }),
        security: [],
      },
    },
    async (req, reply) => {
      const actor = await externalActor(ctx, req.params.token, originOf(req));
      const p = await getPhoto(ctx.db, actor.tenantId, actor.id, req.params.photoId);
      const body = await openStoredFile(ctx, actor.tenantId, p.file_ref);
      if (!body) throw new AppError('not_found', 'Photo not found');
      reply.header('cache-control', 'private, max-age=3600').header('referrer-policy', 'no-referrer');
      return reply.type(p.content_type).send(body);
    },
  );

  r.post(
    '/public/audits/:token/submit',
    {
      schema: {
        tags,
        summary:
          'The external inspector submits the answers (same rules as the internal submit; a failed fatal item opens a ticket). Resending the idempotency key answers the stored audit',
        params: ZToken,
        body: ZAuditSubmit,
        security: [],
        response: { 200: ZPublicAudit },
      },
    },
    async (req) => {
      const actor = await externalActor(ctx, req.params.token, originOf(req));
      let enqueued = false;
      const out = await inTransaction(ctx, async (tx) => {
        const a = await getAudit(tx, actor, actor.id, { lock: true });
        const items = await checklistItems(tx, actor.tenantId, a.checklist_id, a.checklist_version);
        const { replay } = await submitAudit(tx, actor, a, items, req.body, ctx.clock.now());
        enqueued = !replay && (await getAudit(tx, actor, actor.id)).fatal_failures > 0;
        return view(tx, actor, req.params.token);
      });
      if (enqueued) wakeWorkers(ctx);
      return out;
    },
  );
}
