import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { audit } from '../../platform/audit.ts';
import { type Actor, actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { type Executor, one, rows, sql } from '../../platform/db.ts';
import { invalid, notFound } from '../../platform/errors.ts';
import { inTransaction, type Router, ZIdParams } from '../../platform/routing.ts';
import { getOrgUnit } from '../org/queries/get-org-unit.ts';
import { likePrefix } from '../org/scope.ts';
import { getTicket } from '../tickets/queries/get-ticket.ts';
import { measureEffect } from './measure-effect.ts';

const tags = ['actions'];
const METRICS = ['nps', 'csat', 'ces'] as const;

const ZActionCreate = z.object({
  title: z.string().trim().min(1).max(300),
  description: z.string().max(10_000).optional(),
  ownerId: z.uuid().optional(),
  rootCauseId: z.uuid().optional(),
  ticketIds: z.array(z.uuid()).max(500).default([]),
  orgUnitIds: z.array(z.uuid()).min(1).max(500),
  metric: z.enum(METRICS),
  startDate: z.iso.date(),
  status: z.enum(['planned', 'active', 'done', 'cancelled']).default('active'),
});

interface ActionRow {
  id: string;
  title: string;
  description: string | null;
  owner_id: string | null;
  root_cause_id: string | null;
  ticket_ids: string[];
  org_unit_ids: string[];
  metric: string;
  start_date: string | Date;
  status: string;
  created_at: string | Date;
}

const dateOnly = (d: string | Date) => (d instanceof Date ? d.toISOString().slice(0, 10) : String(d).slice(0, 10));
const present = (a: ActionRow) => ({
  id: a.id,
  title: a.title,
  description: a.description,
  ownerId: a.owner_id,
  rootCauseId: a.root_cause_id,
  ticketIds: a.ticket_ids,
  orgUnitIds: a.org_unit_ids,
  metric: a.metric,
  startDate: dateOnly(a.start_date),
  status: a.status,
  createdAt: new Date(a.created_at).toISOString(),
});

/** Actions are visible when at least one of their units lies in the caller's subtree. */
async function getAction(ex: Executor, actor: Actor, id: string) {
  const a = await one<ActionRow>(
    ex,
    sql`SELECT a.* FROM improvement_actions a WHERE a.tenant_id = ${actor.tenantId} AND a.id = ${id}
          AND EXISTS (SELECT 1 FROM org_units o WHERE o.tenant_id = a.tenant_id AND o.id = ANY(a.org_unit_ids) AND o.path LIKE ${likePrefix(actor.orgPath)})`,
  );
  if (!a) throw notFound('Improvement action');
  return a;
}

export async function actionRoutes(r: Router, ctx: AppContext) {
  r.get('/actions', { schema: { tags, summary: 'Improvement actions in your scope' } }, async (req) => {
    const actor = actorOf(req);
    authorize(actor, 'tickets.read');
    const list = await rows<ActionRow>(
      ctx.db,
      sql`SELECT a.* FROM improvement_actions a WHERE a.tenant_id = ${actor.tenantId}
            AND EXISTS (SELECT 1 FROM org_units o WHERE o.tenant_id = a.tenant_id AND o.id = ANY(a.org_unit_ids) AND o.path LIKE ${likePrefix(actor.orgPath)})
          ORDER BY a.start_date DESC, a.created_at DESC LIMIT 500`,
    );
    return { items: list.map(present) };
  });

  r.post(
    '/actions',
    {
      schema: {
        tags,
        summary: 'Create an improvement action from a root cause or a set of tickets',
        body: ZActionCreate,
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'actions.write');
      const b = req.body;
      const id = randomUUID();
      const created = await inTransaction(ctx, async (tx) => {
        for (const unitId of b.orgUnitIds) await getOrgUnit(tx, actor, unitId);
        for (const ticketId of b.ticketIds) await getTicket(tx, actor, ticketId);
        if (
          b.ownerId &&
          !(await one(tx, sql`SELECT 1 FROM users WHERE tenant_id = ${actor.tenantId} AND id = ${b.ownerId}`))
        )
          throw invalid('ownerId', 'no such user');
        if (
          b.rootCauseId &&
          !(await one(tx, sql`SELECT 1 FROM root_causes WHERE tenant_id = ${actor.tenantId} AND id = ${b.rootCauseId}`))
        )
          throw invalid('rootCauseId', 'no such root cause');
        const ids = (xs: string[]) =>
          sql`ARRAY[${sql.join(
            xs.map((x) => sql`${x}::uuid`),
            sql`, `,
          )}]::uuid[]`;
        await tx.execute(
          sql`INSERT INTO improvement_actions (tenant_id, id, title, description, owner_id, root_cause_id, ticket_ids, org_unit_ids, metric, start_date, status)
            VALUES (${actor.tenantId}, ${id}, ${b.title}, ${b.description ?? null}, ${b.ownerId ?? actor.id}, ${b.rootCauseId ?? null},
                    ${b.ticketIds.length ? ids(b.ticketIds) : sql`'{}'::uuid[]`}, ${ids(b.orgUnitIds)}, ${b.metric}, ${b.startDate}, ${b.status})`,
        );
        await audit(tx, actor, 'action.create', 'improvement_action', id, { title: b.title });
        return getAction(tx, actor, id);
      });
      return reply.code(201).send(present(created));
    },
  );

  r.get(
    '/actions/:id',
    {
      schema: {
        tags,
        summary: 'An action with its measured effect (difference-in-differences against comparable units, 95 % CI)',
        params: ZIdParams,
        querystring: z.object({ windowDays: z.coerce.number().int().min(7).max(180).default(28) }),
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'tickets.read');
      const a = await getAction(ctx.db, actor, req.params.id);
      const effect = await measureEffect(
        ctx.db,
        actor.tenantId,
        { metric: a.metric, orgUnitIds: a.org_unit_ids, startDate: dateOnly(a.start_date) },
        ctx.clock.now(),
        req.query.windowDays,
      );
      return { ...present(a), effect };
    },
  );

  r.patch(
    '/actions/:id',
    {
      schema: {
        tags,
        params: ZIdParams,
        body: z
          .object({
            title: z.string().trim().min(1).max(300).optional(),
            description: z.string().max(10_000).optional(),
            status: z.enum(['planned', 'active', 'done', 'cancelled']).optional(),
          })
          .strict(),
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'actions.write');
      return inTransaction(ctx, async (tx) => {
        const a = await getAction(tx, actor, req.params.id);
        await tx.execute(
          sql`UPDATE improvement_actions SET title = ${req.body.title ?? a.title}, description = ${req.body.description ?? a.description}, status = ${req.body.status ?? a.status}
            WHERE tenant_id = ${actor.tenantId} AND id = ${a.id}`,
        );
        return present(await getAction(tx, actor, a.id));
      });
    },
  );
}
