import {
  ZTicketBulkAssignResponse,
  ZTicketCommentResponse,
  ZTicketContactPhoneResponse,
  ZTicketDetailResponse,
  ZTicketListResponse,
  ZTicketResponse,
  ZTicketSummaryResponse,
} from '@loopcx/shared';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { invalid } from '../../platform/errors.ts';
import { inTransaction, type Router, ZIdParams } from '../../platform/routing.ts';
import { announce, type NotifyResult } from '../notifications/commands/notify.ts';
import { getOrgUnit } from '../org/queries/get-org-unit.ts';
import { assignTicket } from './commands/assign-ticket.ts';
import { commentTicket } from './commands/comment-ticket.ts';
import { createTicket } from './commands/create-ticket.ts';
import { FOLLOWUP_OUTCOMES, followUpTicket } from './commands/follow-up-ticket.ts';
import { notifyTicketAssigned } from './commands/notify-ticket.ts';
import { revealContactPhone } from './commands/reveal-contact-phone.ts';
import { STATUSES, transitionTicket } from './commands/transition-ticket.ts';
import { presentTicket } from './presenter.ts';
import { getTicket, ticketHistory } from './queries/get-ticket.ts';
import { listTickets } from './queries/list-tickets.ts';
import { ticketSummary } from './queries/ticket-summary.ts';
import { PRIORITIES } from './sla.ts';

const tags = ['tickets'];
const csv = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? v.split(',') : undefined);

export async function ticketRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/tickets',
    {
      schema: {
        tags,
        summary: 'Tickets in your scope (agents: assigned to you or your team), newest first',
        querystring: z.object({
          view: z.enum(['mine', 'units', 'overdue', 'breached', 'all']).optional(),
          status: z.string().max(200).optional(),
          orgUnitId: z.uuid().optional(),
          responseId: z.uuid().optional(),
          customerRef: z.string().max(200).optional(),
          priority: z.enum(PRIORITIES).optional(),
          ruleId: z.uuid().optional(),
          since: z.iso.datetime({ offset: true }).optional(),
          q: z.string().max(200).optional(),
          limit: z.coerce.number().int().min(1).max(200).optional(),
          cursor: z.string().max(40).optional(),
        }),
        response: { 200: ZTicketListResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'tickets.read');
      const status = csv(req.query.status);
      const bad = status?.findIndex((s) => !(STATUSES as readonly string[]).includes(s)) ?? -1;
      if (status && bad >= 0) throw invalid('status', `unknown status ${status[bad]}`);
      return listTickets(ctx.db, actor, ctx.clock.now(), { ...req.query, status });
    },
  );

  r.post(
    '/tickets',
    {
      schema: {
        tags,
        summary: 'Open a ticket by hand',
        body: z.object({
          title: z.string().trim().min(1).max(300),
          description: z.string().max(10_000).optional(),
          priority: z.enum(PRIORITIES).default('normal'),
          orgUnitId: z.uuid(),
          touchpointId: z.uuid().optional(),
          teamId: z.uuid().optional(),
          assigneeId: z.uuid().optional(),
        }),
        response: { 201: ZTicketResponse },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'tickets.work');
      const notified: NotifyResult[] = [];
      const ticket = await inTransaction(ctx, async (tx) => {
        await getOrgUnit(tx, actor, req.body.orgUnitId);
        const created = await createTicket(tx, ctx.clock, {
          ...req.body,
          tenantId: actor.tenantId,
          source: 'manual',
          assign: 'unit_manager',
          actorId: actor.id,
        });
        const { id } = created;
        // Routed to the unit's manager: they are told, unless they opened it themselves (a different explicit
        // assignee is told by assignTicket below).
        const routed = 'assigneeId' in created ? created.assigneeId : null;
        if (routed && (!req.body.assigneeId || req.body.assigneeId === routed)) {
          const t = await getTicket(tx, actor, id);
          notified.push(
            ...(await notifyTicketAssigned(
              tx,
              ctx,
              { tenantId: actor.tenantId, id, number: t.number, title: t.title, orgUnitId: t.org_unit_id },
              routed,
              actor.id,
            )),
          );
        }
        if (req.body.assigneeId || req.body.teamId)
          await assignTicket(
            tx,
            ctx,
            actor,
            id,
            { assigneeId: req.body.assigneeId, teamId: req.body.teamId },
            notified,
          );
        return getTicket(tx, actor, id);
      });
      announce(ctx, notified);
      ctx.bus.publish({
        tenantId: actor.tenantId,
        type: 'tickets.created',
        orgPath: ticket.org_path,
        data: { id: ticket.id },
      });
      return reply.code(201).send(presentTicket(ticket, ctx.clock.now()));
    },
  );

  r.get(
    '/tickets/:id',
    {
      schema: {
        tags,
        summary: 'A ticket with its history and time in each status',
        params: ZIdParams,
        response: { 200: ZTicketDetailResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'tickets.read');
      const t = await getTicket(ctx.db, actor, req.params.id);
      const history = await ticketHistory(ctx.db, actor.tenantId, t.id, ctx.clock.now());
      return { ...presentTicket(t, ctx.clock.now()), ...history };
    },
  );

  r.post(
    '/tickets/:id/transitions',
    {
      schema: {
        tags,
        summary: 'Move a ticket: acknowledged, in_progress, resolved (needs rootCause), reopened',
        params: ZIdParams,
        body: z.object({
          to: z.enum(STATUSES),
          rootCause: z.string().trim().min(1).max(100).optional(),
          resolution: z.string().max(10_000).optional(),
          comment: z.string().max(10_000).optional(),
        }),
        response: { 200: ZTicketResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'tickets.work');
      const t = await inTransaction(ctx, (tx) => transitionTicket(tx, ctx.clock, actor, req.params.id, req.body));
      ctx.bus.publish({
        tenantId: actor.tenantId,
        type: 'tickets.updated',
        orgPath: t.org_path,
        data: { id: t.id, status: t.status },
      });
      return presentTicket(t, ctx.clock.now());
    },
  );

  r.post(
    '/tickets/:id/followup',
    {
      schema: {
        tags,
        summary: 'Record the customer follow-up: confirmed closes, not_confirmed reopens with raised priority',
        params: ZIdParams,
        body: z.object({ outcome: z.enum(FOLLOWUP_OUTCOMES), note: z.string().max(10_000).optional() }),
        response: { 200: ZTicketResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'tickets.work');
      const t = await inTransaction(ctx, (tx) => followUpTicket(tx, ctx.clock, actor, req.params.id, req.body));
      ctx.bus.publish({
        tenantId: actor.tenantId,
        type: 'tickets.updated',
        orgPath: t.org_path,
        data: { id: t.id, status: t.status },
      });
      return presentTicket(t, ctx.clock.now());
    },
  );

  r.post(
    '/tickets/:id/comments',
    {
      schema: {
        tags,
        params: ZIdParams,
        body: z.object({ body: z.string().trim().min(1).max(10_000) }),
        response: { 201: ZTicketCommentResponse },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'tickets.work');
      await inTransaction(ctx, (tx) => commentTicket(tx, ctx.clock, actor, req.params.id, req.body.body));
      return reply.code(201).send({ ok: true });
    },
  );

  r.post(
    '/tickets/:id/assign',
    {
      schema: {
        tags,
        params: ZIdParams,
        body: z.object({ assigneeId: z.uuid().nullable().optional(), teamId: z.uuid().nullable().optional() }),
        response: { 200: ZTicketResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'tickets.work');
      const notified: NotifyResult[] = [];
      const ticket = await inTransaction(ctx, (tx) => assignTicket(tx, ctx, actor, req.params.id, req.body, notified));
      announce(ctx, notified);
      return presentTicket(ticket, ctx.clock.now());
    },
  );

  r.post(
    '/tickets/:id/contact-phone',
    {
      schema: {
        tags,
        summary: 'The full call-back number the respondent left (masked everywhere else); audited',
        params: ZIdParams,
        response: { 200: ZTicketContactPhoneResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'tickets.work');
      const phone = await inTransaction(ctx, (tx) =>
        revealContactPhone(tx, ctx.clock, ctx.config.secret, actor, req.params.id),
      );
      return { phone };
    },
  );

  r.post(
    '/tickets/bulk-assign',
    {
      schema: {
        tags,
        summary: 'Assign many tickets at once (all or nothing)',
        body: z.object({
          ids: z.array(z.uuid()).min(1).max(500),
          assigneeId: z.uuid().nullable().optional(),
          teamId: z.uuid().nullable().optional(),
        }),
        response: { 200: ZTicketBulkAssignResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'tickets.work');
      const notified: NotifyResult[] = [];
      const updated = await inTransaction(ctx, async (tx) => {
        const out = [];
        for (const id of req.body.ids)
          out.push(
            await assignTicket(
              tx,
              ctx,
              actor,
              id,
              { assigneeId: req.body.assigneeId, teamId: req.body.teamId },
              notified,
            ),
          );
        return out;
      });
      announce(ctx, notified);
      return { items: updated.map((t) => presentTicket(t, ctx.clock.now())) };
    },
  );

  r.get(
    '/tickets/reports/summary',
    {
      schema: {
        tags,
        summary: 'Volume, SLA compliance, mean time to close by unit, root-cause Pareto, reopen rate',
        querystring: z.object({ from: z.iso.datetime().optional(), to: z.iso.datetime().optional() }),
        response: { 200: ZTicketSummaryResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'tickets.read');
      const from = req.query.from ?? new Date(ctx.clock.now().getTime() - 90 * 86400_000).toISOString();
      const to = req.query.to ?? ctx.clock.now().toISOString();
      return ticketSummary(ctx.db, actor, from, to);
    },
  );
}
