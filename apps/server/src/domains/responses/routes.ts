import { createReadStream, existsSync } from 'node:fs';
import {
  ZResponseDetailResponse,
  ZResponseExportOptions,
  ZResponseExportQueuedResponse,
  ZResponseExportResponse,
  ZResponseListResponse,
} from '@loopcx/shared';
import { z } from 'zod';
import { audit } from '../../platform/audit.ts';
import { actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { openStoredFile, STORED_PREFIX } from '../../platform/file-store.ts';
import type { Router } from '../../platform/routing.ts';
import { requestExport } from './commands/request-export.ts';
import { getExport } from './queries/get-export.ts';
import { getResponse } from './queries/get-response.ts';
import { listResponses } from './queries/list-responses.ts';

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
        response: { 200: ZResponseListResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'responses.read');
      return listResponses(ctx.db, actor, req.query);
    },
  );

  r.get(
    '/responses/:id',
    { schema: { tags, params: z.object({ id: z.uuid() }), response: { 200: ZResponseDetailResponse } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'responses.read');
      return getResponse(ctx.db, actor, req.params.id);
    },
  );

  r.post(
    '/responses/exports',
    {
      schema: {
        tags,
        summary: 'Export the filtered responses to CSV or Excel in the background',
        description:
          'One column per question in survey order (header: the title in `options.lang`, default the tenant language; ' +
          'the key in a second header row unless `options.keys` is `header` or `none`), choice labels (`options.values`: ' +
          'labels, values or both), multi-select joined with "; " or one 0/1 column per choice (`options.multi`: join ' +
          'or split), times in the tenant time zone; CSV is UTF-8 with a BOM. Exports spanning several versions of a ' +
          'survey get the union of their questions.',
        body: z
          .object({
            format: z.enum(['csv', 'xlsx']),
            filters: ZFilters.default({}),
            options: ZResponseExportOptions.default({ keys: 'row', values: 'labels', multi: 'join' }),
          })
          .strict(),
        response: { 202: ZResponseExportQueuedResponse },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'responses.read');
      const id = await requestExport(ctx, actor, req.body.format, req.body.filters, req.body.options);
      return reply.code(202).send({ id, status: 'queued' });
    },
  );

  r.get(
    '/responses/exports/:id',
    { schema: { tags, params: z.object({ id: z.uuid() }), response: { 200: ZResponseExportResponse } } },
    async (req) => {
      const actor = actorOf(req);
      const e = await getExport(ctx.db, actor.tenantId, actor.id, req.params.id);
      return {
        id: e.id,
        format: e.format,
        status: e.status,
        total: e.total,
        rows: e.rows_written,
        progress: e.total ? e.rows_written / e.total : e.status === 'done' ? 1 : 0,
        error: e.error,
      };
    },
  );

  r.get(
    '/responses/exports/:id/download',
    { schema: { tags, params: z.object({ id: z.uuid() }) } },
    async (req, reply) => {
      const actor = actorOf(req);
      const e = await getExport(ctx.db, actor.tenantId, actor.id, req.params.id);
      if (e.status === 'expired')
        throw new AppError(
          'gone',
          `The export's file was deleted after ${ctx.config.exportRetentionDays} days (LOOPCX_EXPORT_RETENTION_DAYS): export again`,
        );
      // Stored exports are read from the file store on any node; an older row may still name a local file.
      const body =
        e.status === 'done' && e.file
          ? ((await openStoredFile(ctx, actor.tenantId, e.file)) ??
            (!e.file.startsWith(STORED_PREFIX) && existsSync(e.file) ? createReadStream(e.file) : undefined))
          : undefined;
      if (!body) throw new AppError('conflict', 'The export is not ready yet');
      const type =
        e.format === 'csv'
          ? 'text/csv; charset=utf-8'
          : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      // Data leaving the system is a security event even though it is a GET (the request was audited at POST).
      await audit(ctx.db, actor, 'response_export.download', 'response_export', e.id, {
        format: e.format,
      });
      reply.header(
        'content-disposition',
        `attachment; filename="responses-${e.created_at.toISOString?.().slice(0, 10) ?? 'export'}.${e.format}"`,
      );
      return reply.type(type).send(body);
    },
  );
}
