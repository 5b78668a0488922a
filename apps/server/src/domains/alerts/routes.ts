import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { audit } from '../../platform/audit.ts';
import { type Actor, actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { type Executor, one, rows, sql } from '../../platform/db.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import { inTransaction, type Router, ZIdParams } from '../../platform/routing.ts';
import { getOrgUnit } from '../org/queries/get-org-unit.ts';
import { checkCondition } from './condition.ts';
import { ZAlertRuleCreate, ZAlertRuleUpdate, ZMetricCondition, ZResponseCondition } from './schema.ts';

const tags = ['alerts'];

interface RuleRow {
  id: string;
  name: string;
  kind: 'response' | 'metric';
  enabled: boolean;
  scope: Record<string, unknown>;
  condition: Record<string, unknown>;
  actions: Record<string, unknown>;
  created_at: Date | string;
  updated_at: Date | string;
}

const present = (r: RuleRow) => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  enabled: r.enabled,
  scope: r.scope,
  condition: r.condition,
  actions: r.actions,
  createdAt: new Date(r.created_at).toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
});

/** Scope references must exist in the tenant (and the unit inside the caller's scope). */
async function checkScope(
  tx: Executor,
  actor: Actor,
  scope: { orgUnitId?: string; surveyIds?: string[]; touchpointIds?: string[] },
) {
  if (scope.orgUnitId) await getOrgUnit(tx, actor, scope.orgUnitId);
  for (const [field, table, ids] of [
    ['surveyIds', 'surveys', scope.surveyIds],
    ['touchpointIds', 'touchpoints', scope.touchpointIds],
  ] as const) {
    for (const [i, id] of (ids ?? []).entries()) {
      const found = await one(
        tx,
        sql`SELECT 1 FROM ${sql.raw(table)} WHERE tenant_id = ${actor.tenantId} AND id = ${id}`,
      );
      if (!found) throw invalid(`scope.${field}.${i}`, 'not found in this organisation');
    }
  }
}

async function getRule(ex: Executor, actor: Actor, id: string) {
  const r = await one<RuleRow>(
    ex,
    sql`SELECT id, name, kind, enabled, scope, condition, actions, created_at, updated_at FROM alert_rules WHERE tenant_id = ${actor.tenantId} AND id = ${id}`,
  );
  if (!r) throw notFound('Alert rule');
  return r;
}

export async function alertRoutes(r: Router, ctx: AppContext) {
  r.get('/alert-rules', { schema: { tags, summary: 'Alert rules' } }, async (req) => {
    const actor = actorOf(req);
    authorize(actor, 'tickets.read');
    const list = await rows<RuleRow>(
      ctx.db,
      sql`SELECT id, name, kind, enabled, scope, condition, actions, created_at, updated_at FROM alert_rules WHERE tenant_id = ${actor.tenantId} ORDER BY created_at`,
    );
    return { items: list.map(present) };
  });

  r.post(
    '/alert-rules',
    {
      schema: {
        tags,
        summary: 'Create a response rule (`{nps} <= 6 or {csat} <= 2`) or a metric rule (threshold or anomaly)',
        body: ZAlertRuleCreate,
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'alerts.write');
      const body = req.body;
      if (body.kind === 'response') checkCondition(body.condition.expression);
      const id = randomUUID();
      const rule = await inTransaction(ctx, async (tx) => {
        await checkScope(tx, actor, body.scope);
        await tx.execute(
          sql`INSERT INTO alert_rules (tenant_id, id, name, kind, enabled, scope, condition, actions, created_by)
            VALUES (${actor.tenantId}, ${id}, ${body.name}, ${body.kind}, ${body.enabled}, ${JSON.stringify(body.scope)}::jsonb,
                    ${JSON.stringify(body.condition)}::jsonb, ${JSON.stringify(body.actions)}::jsonb, ${actor.id})`,
        );
        await audit(tx, actor, 'alert_rule.create', 'alert_rule', id, { name: body.name });
        return getRule(tx, actor, id);
      });
      return reply.code(201).send(present(rule));
    },
  );

  r.get('/alert-rules/:id', { schema: { tags, params: ZIdParams } }, async (req) => {
    const actor = actorOf(req);
    authorize(actor, 'tickets.read');
    return present(await getRule(ctx.db, actor, req.params.id));
  });

  r.patch('/alert-rules/:id', { schema: { tags, params: ZIdParams, body: ZAlertRuleUpdate } }, async (req) => {
    const actor = actorOf(req);
    authorize(actor, 'alerts.write');
    return inTransaction(ctx, async (tx) => {
      const rule = await getRule(tx, actor, req.params.id);
      let condition = rule.condition;
      if (req.body.condition) {
        const parsed = (rule.kind === 'response' ? ZResponseCondition : ZMetricCondition).safeParse(req.body.condition);
        if (!parsed.success) {
          throw new AppError('invalid', 'The condition is not valid', {
            invalidParams: parsed.error.issues.map((i) => ({
              name: ['condition', ...i.path].join('.'),
              reason: i.message,
            })),
          });
        }
        condition = parsed.data as Record<string, unknown>;
        if (rule.kind === 'response') checkCondition((condition as { expression: string }).expression);
      }
      if (req.body.scope) await checkScope(tx, actor, req.body.scope);
      await tx.execute(
        sql`UPDATE alert_rules SET name = ${req.body.name ?? rule.name}, enabled = ${req.body.enabled ?? rule.enabled},
              scope = ${JSON.stringify(req.body.scope ?? rule.scope)}::jsonb, condition = ${JSON.stringify(condition)}::jsonb,
              actions = ${JSON.stringify(req.body.actions ?? rule.actions)}::jsonb, updated_at = now()
            WHERE tenant_id = ${actor.tenantId} AND id = ${rule.id}`,
      );
      await audit(tx, actor, 'alert_rule.update', 'alert_rule', rule.id, req.body);
      return present(await getRule(tx, actor, rule.id));
    });
  });

  r.delete('/alert-rules/:id', { schema: { tags, params: ZIdParams } }, async (req, reply) => {
    const actor = actorOf(req);
    authorize(actor, 'alerts.write');
    await inTransaction(ctx, async (tx) => {
      await getRule(tx, actor, req.params.id);
      await tx.execute(sql`DELETE FROM alert_rules WHERE tenant_id = ${actor.tenantId} AND id = ${req.params.id}`);
      await audit(tx, actor, 'alert_rule.delete', 'alert_rule', req.params.id);
    });
    return reply.code(204).send();
  });

  r.get(
    '/notifications',
    {
      schema: {
        tags,
        summary: 'Your in-app notifications; admins also see the email outbox',
        querystring: z.object({
          channel: z.enum(['in_app', 'email', 'webhook']).optional(),
          unread: z.enum(['true', 'false']).optional(),
        }),
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const channel = req.query.channel ?? 'in_app';
      if (channel !== 'in_app') authorize(actor, 'alerts.write');
      const list = await rows(
        ctx.db,
        sql`SELECT id, channel, recipient, subject, body, data, status, read_at AS "readAt", created_at AS "createdAt" FROM notifications
          WHERE tenant_id = ${actor.tenantId} AND channel = ${channel} ${channel === 'in_app' ? sql`AND recipient = ${actor.id}` : sql``}
          ${req.query.unread === 'true' ? sql`AND read_at IS NULL` : sql``}
          ORDER BY created_at DESC LIMIT 200`,
      );
      return { items: list };
    },
  );

  r.post('/notifications/:id/read', { schema: { tags, params: ZIdParams } }, async (req, reply) => {
    const actor = actorOf(req);
    await ctx.db.execute(
      sql`UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE tenant_id = ${actor.tenantId} AND id = ${req.params.id} AND recipient = ${actor.id}`,
    );
    return reply.code(204).send();
  });
}
