import { ZRootCauseListResponse, ZRootCauseResponse, ZSlaPolicyListResponse, ZSlaPolicyResponse } from '@loopcx/shared';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { inTransaction, type Router, ZIdParams } from '../../platform/routing.ts';
import { createRootCause } from './commands/create-root-cause.ts';
import { setSlaPolicy } from './commands/set-sla-policy.ts';
import { updateRootCause } from './commands/update-root-cause.ts';
import { listRootCauses } from './queries/list-root-causes.ts';
import { loadSla, PRIORITIES } from './sla.ts';

const tags = ['tickets'];

/** Root-cause taxonomy and SLA policies: the tenant's ticket configuration. */
export async function ticketConfigRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/root-causes',
    { schema: { tags, summary: 'The root-cause taxonomy', response: { 200: ZRootCauseListResponse } } },
    async (req) => {
      const actor = actorOf(req);
      return { items: await listRootCauses(ctx.db, actor.tenantId) };
    },
  );

  r.post(
    '/root-causes',
    {
      schema: {
        tags,
        body: z.object({
          code: z
            .string()
            .trim()
            .min(1)
            .max(64)
            .regex(/^[\w.-]+$/),
          name: z.string().trim().min(1).max(200),
          nameEn: z.string().trim().max(200).optional(),
          parentId: z.uuid().optional(),
        }),
        response: { 201: ZRootCauseResponse },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'alerts.write');
      const id = await inTransaction(ctx, (tx) => createRootCause(tx, actor, req.body));
      return reply.code(201).send({ id, ...req.body, status: 'active' });
    },
  );

  r.patch(
    '/root-causes/:id',
    {
      schema: {
        tags,
        params: ZIdParams,
        body: z
          .object({
            name: z.string().trim().min(1).max(200).optional(),
            nameEn: z.string().trim().max(200).optional(),
            status: z.enum(['active', 'archived']).optional(),
          })
          .strict(),
        response: { 200: ZRootCauseResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'alerts.write');
      return updateRootCause(ctx.db, actor.tenantId, req.params.id, req.body);
    },
  );

  r.get(
    '/sla-policies',
    { schema: { tags, summary: 'SLA per priority (minutes)', response: { 200: ZSlaPolicyListResponse } } },
    async (req) => {
      const actor = actorOf(req);
      const sla = await loadSla(ctx.db, actor.tenantId);
      return {
        items: PRIORITIES.map((p) => ({
          priority: p,
          firstResponseMinutes: sla[p].firstResponse,
          resolutionMinutes: sla[p].resolution,
        })),
      };
    },
  );

  r.put(
    '/sla-policies/:priority',
    {
      schema: {
        tags,
        summary: 'Set the SLA for a priority; open tickets of that priority get new deadlines',
        params: z.object({ priority: z.enum(PRIORITIES) }),
        body: z.object({
          firstResponseMinutes: z.number().int().min(1).max(525_600),
          resolutionMinutes: z.number().int().min(1).max(525_600),
        }),
        response: { 200: ZSlaPolicyResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'alerts.write');
      const { priority } = req.params;
      const { firstResponseMinutes: fr, resolutionMinutes: res } = req.body;
      const updated = await inTransaction(ctx, (tx) => setSlaPolicy(tx, actor, priority, req.body));
      return { priority, firstResponseMinutes: fr, resolutionMinutes: res, openTicketsUpdated: updated };
    },
  );
}
