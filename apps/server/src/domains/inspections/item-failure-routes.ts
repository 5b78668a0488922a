import { ZItemFailures, ZItemFailuresQuery } from '@loopcx/shared';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Router } from '../../platform/routing.ts';
import { photoUrl, presentAudit } from './presenter.ts';
import { itemFailures } from './queries/item-failures.ts';

const ZParams = z
  .object({ id: z.uuid(), code: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/, 'an item code') })
  .strict();

/** One checklist item's failing audits with their evidence: the drill-down below an item's error rate. */
export async function itemFailureRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/checklists/:id/items/:code/failures',
    {
      schema: {
        tags: ['inspections'],
        summary: 'Submitted audits in your scope that failed one checklist item, newest first, with their evidence',
        params: ZParams,
        querystring: ZItemFailuresQuery,
        response: { 200: ZItemFailures },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'inspections.read');
      const { item, page, photos, nextCursor } = await itemFailures(ctx.db, actor, {
        ...req.query,
        checklistId: req.params.id,
        code: req.params.code,
      });
      return {
        item,
        items: page.map((a) => ({
          audit: presentAudit(a),
          note: a.failed_note,
          ticketId: a.failed_ticket_id,
          photos: photos
            .filter((p) => p.audit_id === a.id)
            .map((p) => ({ id: p.id, itemCode: p.item_code, url: photoUrl(a.id, p.id) })),
        })),
        nextCursor,
      };
    },
  );
}
