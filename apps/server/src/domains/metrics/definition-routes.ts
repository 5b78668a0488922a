import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { one, sql } from '../../platform/db.ts';
import { AppError, conflict, notFound } from '../../platform/errors.ts';
import { inTransaction, type Router } from '../../platform/routing.ts';
import {
  BUILTIN_METRICS,
  checkFormula,
  findMetricDefinition,
  listMetricDefinitions,
  METRIC_COLUMNS,
  presentMetric,
  ZMetricCreate,
  ZMetricKey,
  ZMetricUpdate,
} from './definitions.ts';

const tags = ['metrics'];
const ZKeyParams = z.object({ key: ZMetricKey });
type Row = Parameters<typeof presentMetric>[0];

/** Metric definitions: the built-in survey metrics (read-only) and the tenant's formula metrics. */
export async function metricDefinitionRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/metrics',
    {
      schema: {
        tags,
        summary:
          'Metric definitions: built-ins (nps, csat, ces, rating:<q>, responses, response_rate) and your formula metrics',
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'metrics.read');
      return { items: await listMetricDefinitions(ctx.db, actor.tenantId) };
    },
  );

  r.get('/metrics/:key', { schema: { tags, params: ZKeyParams } }, async (req) => {
    const actor = actorOf(req);
    authorize(actor, 'metrics.read');
    const m = await findMetricDefinition(ctx.db, actor.tenantId, req.params.key);
    if (!m) throw notFound('Metric');
    return m;
  });

  r.post(
    '/metrics/validate',
    {
      schema: {
        tags,
        summary: 'Check a formula (syntax, event types, dimensions); 422 with the position of the first problem',
        body: z.object({ formula: z.string().max(1000) }).strict(),
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
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'metrics.write');
      const b = req.body;
      const created = await inTransaction(ctx, async (tx) => {
        await checkFormula(tx, actor.tenantId, b.formula);
        const row = await one<Row>(
          tx,
          sql`INSERT INTO metric_definitions (tenant_id, id, key, name, name_en, description, formula, format, decimals, direction, target, min_n, created_by)
            VALUES (${actor.tenantId}, ${randomUUID()}, ${b.key}, ${b.name}, ${b.nameEn ?? null}, ${b.description ?? null}, ${b.formula}, ${b.format}, ${b.decimals},
                    ${b.direction}, ${b.target ?? null}, ${b.minN}, ${actor.kind === 'user' ? actor.id : null})
            ON CONFLICT (tenant_id, key) DO NOTHING
            RETURNING ${METRIC_COLUMNS}`,
        );
        if (!row) throw conflict(`A metric ${b.key} already exists`, 'key');
        return presentMetric(row);
      });
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
      return inTransaction(ctx, async (tx) => {
        const before = await one<Row>(
          tx,
          sql`SELECT ${METRIC_COLUMNS} FROM metric_definitions WHERE tenant_id = ${actor.tenantId} AND key = ${req.params.key} FOR UPDATE`,
        );
        if (!before) throw notFound('Metric');
        if (b.formula) await checkFormula(tx, actor.tenantId, b.formula);
        const row = await one<Row>(
          tx,
          sql`UPDATE metric_definitions SET name = ${b.name ?? before.name}, name_en = ${b.nameEn !== undefined ? b.nameEn : before.name_en},
              description = ${b.description !== undefined ? b.description : before.description}, formula = ${b.formula ?? before.formula},
              format = ${b.format ?? before.format}, decimals = ${b.decimals ?? before.decimals}, direction = ${b.direction ?? before.direction},
              target = ${b.target !== undefined ? b.target : before.target}, min_n = ${b.minN ?? before.min_n}, status = ${b.status ?? before.status}, updated_at = now()
            WHERE tenant_id = ${actor.tenantId} AND key = ${req.params.key} RETURNING ${METRIC_COLUMNS}`,
        );
        return presentMetric(row!);
      });
    },
  );

  r.delete(
    '/metrics/:key',
    {
      schema: {
        tags,
        summary: 'Archive a formula metric (dashboards and rules using it stop resolving it)',
        params: ZKeyParams,
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'metrics.write');
      const row = await one<Row>(
        ctx.db,
        sql`UPDATE metric_definitions SET status = 'archived', updated_at = now() WHERE tenant_id = ${actor.tenantId} AND key = ${req.params.key} RETURNING ${METRIC_COLUMNS}`,
      );
      if (!row)
        throw BUILTIN_METRICS.some((m) => m.key === req.params.key)
          ? new AppError('conflict', 'Built-in metrics are read-only')
          : notFound('Metric');
      return presentMetric(row);
    },
  );
}
