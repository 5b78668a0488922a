import { ZMetricDefinitionListResponse, ZMetricDefinitionResponse, ZMetricValidateResponse } from '@loopcx/shared';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { inTransaction, type Router } from '../../platform/routing.ts';
import { archiveMetricDefinition } from './commands/archive-metric-definition.ts';
import { createMetricDefinition } from './commands/create-metric-definition.ts';
import { updateMetricDefinition } from './commands/update-metric-definition.ts';
import {
  BUILTIN_METRICS,
  checkFormula,
  findMetricDefinition,
  listMetricDefinitions,
  ZMetricCreate,
  ZMetricKey,
  ZMetricUpdate,
} from './definitions.ts';

const tags = ['metrics'];
const ZKeyParams = z.object({ key: ZMetricKey });

/** Metric definitions: the built-in survey metrics (read-only) and the tenant's formula metrics. */
export async function metricDefinitionRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/metrics',
    {
      schema: {
        tags,
        summary:
          'Metric definitions: built-ins (nps, csat, ces, rating:<q>, responses, response_rate) and your formula metrics',
        response: { 200: ZMetricDefinitionListResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'metrics.read');
      return { items: await listMetricDefinitions(ctx.db, actor.tenantId) };
    },
  );

  r.get(
    '/metrics/:key',
    { schema: { tags, params: ZKeyParams, response: { 200: ZMetricDefinitionResponse } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'metrics.read');
      const m = await findMetricDefinition(ctx.db, actor.tenantId, req.params.key);
      if (!m) throw notFound('Metric');
      return m;
    },
  );

  r.post(
    '/metrics/validate',
    {
      schema: {
        tags,
        summary: 'Check a formula (syntax, event types, dimensions); 422 with the position of the first problem',
        body: z.object({ formula: z.string().max(1000) }).strict(),
        response: { 200: ZMetricValidateResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'metrics.read');
      await checkFormula(ctx.db, actor.tenantId, req.body.formula);
      return { ok: true };
    },
  );

  r.post(
    '/metrics',
    {
      schema: {
        tags,
        summary:
          "Define a formula metric, e.g. cpo = count('call.inbound') / count('order.completed' where properties.valid = true)",
        description:
          "Formulas combine count/sum/distinct_customers over event types (optionally `where properties.<dimension> = <value>`), the survey metrics nps, csat, ces, responses, rating('q'), invitations, invited_responses, numbers, + − × ÷ and parentheses.",
        body: ZMetricCreate,
        response: { 201: ZMetricDefinitionResponse },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'metrics.write');
      const b = req.body;
      const created = await inTransaction(ctx, (tx) => createMetricDefinition(tx, actor, b));
      return reply.code(201).send(created);
    },
  );

  r.patch(
    '/metrics/:key',
    {
      schema: {
        tags,
        summary: 'Change a formula metric (formula, target, direction, min n, archive)',
        params: ZKeyParams,
        body: ZMetricUpdate,
        response: { 200: ZMetricDefinitionResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'metrics.write');
      if (BUILTIN_METRICS.some((m) => m.key === req.params.key))
        throw new AppError('conflict', 'Built-in metrics are read-only', {
          invalidParams: [{ name: 'key', reason: 'built-in' }],
        });
      const b = req.body;
      return inTransaction(ctx, (tx) => updateMetricDefinition(tx, actor.tenantId, req.params.key, b));
    },
  );

  r.delete(
    '/metrics/:key',
    {
      schema: {
        tags,
        summary: 'Archive a formula metric (dashboards and rules using it stop resolving it)',
        params: ZKeyParams,
        response: { 200: ZMetricDefinitionResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'metrics.write');
      return archiveMetricDefinition(ctx.db, actor.tenantId, req.params.key);
    },
  );
}
