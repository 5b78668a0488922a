import { ZAuditPageResponse } from '@loopcx/shared';
import { z } from 'zod';
import { actorOf, atTenantRoot, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { forbidden } from '../../platform/errors.ts';
import type { Router } from '../../platform/routing.ts';
import { presentAuditEntry } from './presenter.ts';
import { listAudit } from './queries/list-audit.ts';

const tags = ['audit'];

const ZAuditQuery = z
  .object({
    actorId: z.uuid().optional(),
    actor: z.string().trim().min(1).max(254).optional(),
    action: z.string().trim().min(1).max(200).optional(),
    objectType: z.string().trim().min(1).max(100).optional(),
    objectId: z.string().trim().min(1).max(200).optional(),
    outcome: z.enum(['success', 'failure']).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    cursor: z.string().max(20).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

/** The audit log, for owners and admins of the whole tenant (entries are tenant-wide: they carry no unit). */
export async function auditRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/audit',
    {
      schema: {
        tags,
        summary: 'Audit log: who did what, when and from where, newest first (filters, cursor pagination)',
        querystring: ZAuditQuery,
        response: { 200: ZAuditPageResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'audit.read');
      if (!atTenantRoot(actor)) throw forbidden('The audit log is for owners and admins of the whole organisation');
      const page = await listAudit(ctx.db, actor, req.query);
      return { items: page.items.map(presentAuditEntry), nextCursor: page.nextCursor };
    },
  );
}
