import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { audit } from '../../platform/audit.ts';
import { actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { one, rows, sql } from '../../platform/db.ts';
import { conflict, notFound } from '../../platform/errors.ts';
import { inTransaction, type Router, ZIdParams } from '../../platform/routing.ts';
import { loadSla, PRIORITIES } from './sla.ts';

const tags = ['tickets'];

/** Root-cause taxonomy and SLA policies: the tenant's ticket configuration. */
export async function ticketConfigRoutes(r: Router, ctx: AppContext) {
  r.get('/root-causes', { schema: { tags, summary: 'The root-cause taxonomy' } }, async (req) => {
    const actor = actorOf(req);
    const list = await rows(
      ctx.db,
      sql`SELECT id, parent_id AS "parentId", code, name, name_en AS "nameEn", status FROM root_causes WHERE tenant_id = ${actor.tenantId} ORDER BY code`,
    );
    return { items: list };
  });

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
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'alerts.write');
      const id = randomUUID();
      await inTransaction(ctx, async (tx) => {
        if (
          await one(tx, sql`SELECT 1 FROM root_causes WHERE tenant_id = ${actor.tenantId} AND code = ${req.body.code}`)
        )
          throw conflict(`Root cause ${req.body.code} exists`, 'code');
        if (
          req.body.parentId &&
          !(await one(
            tx,
            sql`SELECT 1 FROM root_causes WHERE tenant_id = ${actor.tenantId} AND id = ${req.body.parentId}`,
          ))
        )
          throw notFound('Parent root cause');
        await tx.execute(
          sql`INSERT INTO root_causes (tenant_id, id, parent_id, code, name, name_en) VALUES (${actor.tenantId}, ${id}, ${req.body.parentId ?? null}, ${req.body.code}, ${req.body.name}, ${req.body.nameEn ?? null})`,
        );
        await audit(tx, actor, 'root_cause.create', 'root_cause', id, req.body);
      });
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
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'alerts.write');
      const row = await one(
        ctx.db,
        sql`UPDATE root_causes SET name = coalesce(${req.body.name ?? null}, name), name_en = coalesce(${req.body.nameEn ?? null}, name_en), status = coalesce(${req.body.status ?? null}, status)
          WHERE tenant_id = ${actor.tenantId} AND id = ${req.params.id}
          RETURNING id, parent_id AS "parentId", code, name, name_en AS "nameEn", status`,
      );
      if (!row) throw notFound('Root cause');
      return row;
    },
  );

  r.get('/sla-policies', { schema: { tags, summary: 'SLA per priority (minutes)' } }, async (req) => {
    const actor = actorOf(req);
    const sla = await loadSla(ctx.db, actor.tenantId);
    return {
      items: PRIORITIES.map((p) => ({
        priority: p,
        firstResponseMinutes: sla[p].firstResponse,
        resolutionMinutes: sla[p].resolution,
      })),
    };
  });

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
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'alerts.write');
      const { priority } = req.params;
      const { firstResponseMinutes: fr, resolutionMinutes: res } = req.body;
      const updated = await inTransaction(ctx, async (tx) => {
        await tx.execute(
          sql`INSERT INTO sla_policies (tenant_id, priority, first_response_minutes, resolution_minutes) VALUES (${actor.tenantId}, ${priority}, ${fr}, ${res})
            ON CONFLICT (tenant_id, priority) DO UPDATE SET first_response_minutes = excluded.first_response_minutes, resolution_minutes = excluded.resolution_minutes, updated_at = now()`,
        );
        // Policy changes apply to open tickets too: deadlines are recomputed from each ticket's creation time.
        const r2 = await rows(
          tx,
          sql`UPDATE tickets SET first_response_due_at = created_at + make_interval(mins => ${fr}), resolution_due_at = created_at + make_interval(mins => ${res})
            WHERE tenant_id = ${actor.tenantId} AND priority = ${priority} AND status NOT IN ('resolved','closed') RETURNING id`,
        );
        await audit(tx, actor, 'sla_policy.update', 'sla_policy', priority, req.body);
        return r2.length;
      });
      return { priority, firstResponseMinutes: fr, resolutionMinutes: res, openTicketsUpdated: updated };
    },
  );
}
