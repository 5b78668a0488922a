import { randomUUID } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { one, sql } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { enqueue, wakeWorkers } from '../../platform/jobs.ts';
import type { Router } from '../../platform/routing.ts';
import { responsesExportJob } from './jobs.ts';
import {
  listResponses,
  presentResponse,
  RESPONSE_SELECT,
  type ResponseRow,
  responseScope,
} from './queries/list-responses.ts';

const tags = ['responses'];

const ZFilters = z
  .object({
    surveyId: z.uuid().optional(),
    orgUnitId: z.uuid().optional(),
    touchpointId: z.uuid().optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    scoreKey: z.string().max(120).optional(),
    minScore: z.coerce.number().min(-1000).max(1000).optional(),
    maxScore: z.coerce.number().min(-1000).max(1000).optional(),
    q: z.string().max(200).optional(),
    customerRef: z.string().max(200).optional(),
  })
  .strict();

/** Responses for the console: list with filters, detail, and CSV/Excel exports of the filtered set. */
export async function responseRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/responses',
    {
      schema: {
        tags,
        summary: 'Responses in your scope, newest first, with filters and keyset pagination',
        querystring: ZFilters.extend({
          cursor: z.string().max(200).optional(),
          limit: z.coerce.number().int().min(1).max(200).optional(),
        }),
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'responses.read');
      return listResponses(ctx.db, actor, req.query);
    },
  );

  r.get('/responses/:id', { schema: { tags, params: z.object({ id: z.uuid() }) } }, async (req) => {
    const actor = actorOf(req);
    authorize(actor, 'responses.read');
    const where = await responseScope(ctx.db, actor, {});
    const row = await one<ResponseRow & { definition: unknown }>(
      ctx.db,
      sql`${RESPONSE_SELECT} WHERE ${where} AND r.id = ${req.params.id}`,
    );
    if (!row) throw notFound('Response');
    const version = await one<{ definition: unknown }>(
      ctx.db,
      sql`SELECT v.definition FROM responses r JOIN survey_versions v ON v.tenant_id = r.tenant_id AND v.id = r.survey_version_id WHERE r.tenant_id = ${actor.tenantId} AND r.id = ${row.id}`,
    );
    return { ...presentResponse(row), definition: version?.definition };
  });

  r.post(
    '/responses/exports',
    {
      schema: {
        tags,
        summary: 'Export the filtered responses to CSV or Excel in the background',
        body: z.object({ format: z.enum(['csv', 'xlsx']), filters: ZFilters.default({}) }).strict(),
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'responses.read');
      await responseScope(ctx.db, actor, req.body.filters); // validates the filters (and scope) now, not in the job
      const id = randomUUID();
      await ctx.db.transaction(async (tx) => {
        await tx.execute(
          sql`INSERT INTO exports (tenant_id, id, format, filters, actor, created_by) VALUES (${actor.tenantId}, ${id}, ${req.body.format}, ${JSON.stringify(req.body.filters)}::jsonb, ${JSON.stringify(actor)}::jsonb, ${actor.id})`,
        );
        await enqueue(tx, responsesExportJob, [{ exportId: id }], { tenantId: actor.tenantId });
      });
      wakeWorkers(ctx);
      return reply.code(202).send({ id, status: 'queued' });
    },
  );

  const getExport = async (tenantId: string, userId: string, id: string) => {
    const e = await one<{
      id: string;
      format: string;
      status: string;
      total: number | null;
      rows_written: number;
      file: string | null;
      error: string | null;
      created_at: Date;
    }>(
      ctx.db,
      sql`SELECT id, format, status, total, rows_written, file, error, created_at FROM exports WHERE tenant_id = ${tenantId} AND id = ${id} AND created_by = ${userId}`,
    );
    if (!e) throw notFound('Export');
    return e;
  };

  r.get('/responses/exports/:id', { schema: { tags, params: z.object({ id: z.uuid() }) } }, async (req) => {
    const actor = actorOf(req);
    const e = await getExport(actor.tenantId, actor.id, req.params.id);
    return {
      id: e.id,
      format: e.format,
      status: e.status,
      total: e.total,
      rows: e.rows_written,
      progress: e.total ? e.rows_written / e.total : e.status === 'done' ? 1 : 0,
      error: e.error,
    };
  });

  r.get(
    '/responses/exports/:id/download',
    { schema: { tags, params: z.object({ id: z.uuid() }) } },
    async (req, reply) => {
      const actor = actorOf(req);
      const e = await getExport(actor.tenantId, actor.id, req.params.id);
      if (e.status !== 'done' || !e.file || !existsSync(e.file))
        throw new AppError('conflict', 'The export is not ready yet');
      const type =
        e.format === 'csv'
          ? 'text/csv; charset=utf-8'
          : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      reply.header(
        'content-disposition',
        `attachment; filename="responses-${e.created_at.toISOString?.().slice(0, 10) ?? 'export'}.${e.format}"`,
      );
      return reply.type(type).send(createReadStream(e.file));
    },
  );
}
