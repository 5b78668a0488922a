import type { Readable } from 'node:stream';
import {
  isReasonCode,
  reasonText,
  ZImportMapping,
  ZImportPreview,
  ZResponseImport,
  ZResponseImportList,
} from '@loopcx/shared';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Router } from '../../platform/routing.ts';
import { previewImport, setMapping } from './commands/set-mapping.ts';
import { startImport } from './commands/start-import.ts';
import { importSurvey, uploadImport } from './commands/upload-import.ts';
import { presentImport } from './presenter.ts';
import { getImport, listImports, rejectPage } from './queries/get-import.ts';

const tags = ['responses'];
/** What an upload may be sent as: the file's own bytes, whatever its encoding. */
export const UPLOAD_TYPES = [
  'text/csv',
  'application/octet-stream',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
] as const;
const ZSurveyParams = z.object({ id: z.uuid() });
const ZImportParams = z.object({ id: z.uuid(), importId: z.uuid() });
/** Upper bound of an upload (`LOOPCX_IMPORT_MAX_BYTES`, default 2 GB). */
const maxBytes = () => Number(process.env.LOOPCX_IMPORT_MAX_BYTES ?? 2 * 1024 ** 3);

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/**
 * Historical response imports: upload (streamed into the database), mapping with a preview, a background job with
 * progress, and a reject report. Owners and admins (`responses.write`) of the import's unit subtree.
 */
export async function importRoutes(r: Router, ctx: AppContext) {
  // The body is the file itself, streamed: this plugin's own parsers hand the raw stream to the route (the global
  // text/csv parser would buffer it and insist on UTF-8; GB18030 files are CSV too).
  await r.register(async (sub) => {
    sub.removeContentTypeParser(['text/csv']);
    sub.addContentTypeParser([...UPLOAD_TYPES], (_req, payload, done) => done(null, payload));
    const s = sub.withTypeProvider<import('fastify-type-provider-zod').ZodTypeProvider>();
    s.post(
      '/surveys/:id/response-imports',
      {
        config: { uploadTypes: UPLOAD_TYPES },
        schema: {
          tags,
          summary:
            'Upload a CSV (UTF-8, UTF-8 with BOM, GB18030/GBK) or .xlsx of historical responses as the request body; answers the detected header, encoding and a suggested mapping',
          params: ZSurveyParams,
          querystring: z.object({
            fileName: z.string().trim().min(1).max(300).optional(),
            encoding: z.enum(['utf-8', 'utf-8-bom', 'gb18030']).optional(),
          }),
          response: { 201: ZResponseImport },
        },
      },
      async (req, reply) => {
        const actor = actorOf(req);
        authorize(actor, 'responses.write');
        const body = req.body as unknown as Readable | undefined;
        const id = await uploadImport(ctx, actor, req.params.id, body, {
          fileName: req.query.fileName ?? 'upload.csv',
          encoding: req.query.encoding,
          maxBytes: maxBytes(),
        });
        return reply.code(201).send(presentImport(await getImport(ctx.db, actor, req.params.id, id)));
      },
    );
  });

  r.get(
    '/surveys/:id/response-imports',
    {
      schema: {
        tags,
        summary: 'Imports of a survey, newest first',
        params: ZSurveyParams,
        response: { 200: ZResponseImportList },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'responses.write');
      await importSurvey(ctx.db, actor.tenantId, req.params.id);
      return { items: (await listImports(ctx.db, actor, req.params.id)).map(presentImport) };
    },
  );

  r.get(
    '/surveys/:id/response-imports/:importId',
    {
      schema: {
        tags,
        summary: 'An import: status, progress (percent), counts of imported, duplicate and rejected rows',
        params: ZImportParams,
        response: { 200: ZResponseImport },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'responses.write');
      return presentImport(await getImport(ctx.db, actor, req.params.id, req.params.importId));
    },
  );

  r.get(
    '/surveys/:id/response-imports/:importId/preview',
    {
      schema: {
        tags,
        summary: 'The first 20 rows as the current mapping imports them, with each row’s problems',
        params: ZImportParams,
        response: { 200: ZImportPreview },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'responses.write');
      const imp = await getImport(ctx.db, actor, req.params.id, req.params.importId);
      return previewImport(ctx, actor, imp, imp.mapping);
    },
  );

  r.post(
    '/surveys/:id/response-imports/:importId/mapping',
    {
      schema: {
        tags,
        summary:
          'Set the column → question mapping (and encoding, default unit); answers the preview of the first rows',
        params: ZImportParams,
        body: ZImportMapping,
        response: { 200: ZImportPreview },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'responses.write');
      const imp = await getImport(ctx.db, actor, req.params.id, req.params.importId);
      const mapped = await setMapping(ctx, actor, imp, req.body);
      return previewImport(ctx, actor, mapped, mapped.mapping);
    },
  );

  r.post(
    '/surveys/:id/response-imports/:importId/start',
    {
      schema: {
        tags,
        summary: 'Start importing in the background; poll the import for progress',
        params: ZImportParams,
        response: { 202: ZResponseImport },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'responses.write');
      const imp = await getImport(ctx.db, actor, req.params.id, req.params.importId);
      await startImport(ctx, actor, imp);
      return reply.code(202).send(presentImport(await getImport(ctx.db, actor, req.params.id, imp.id)));
    },
  );

  r.get(
    '/surveys/:id/response-imports/:importId/rejects.csv',
    {
      schema: {
        tags,
        summary: 'The reject report: row, column and reason per problem (CSV, UTF-8 with BOM)',
        params: ZImportParams,
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'responses.write');
      const imp = await getImport(ctx.db, actor, req.params.id, req.params.importId);
      const zh = (actor.locale ?? 'zh-CN').startsWith('zh');
      const head = zh ? ['行号', '列号', '列名', '原因'] : ['row', 'column', 'column name', 'reason'];
      const tenantId = actor.tenantId;
      async function* lines() {
        yield `\uFEFF${head.join(',')}\r\n`;
        let after: [number, number] = [0, -1];
        for (;;) {
          const page = await rejectPage(ctx.db, tenantId, imp.id, after, 5000);
          if (!page.length) return;
          yield page
            .map((p) => {
              // Said in the reader's language where the reject has a code (rejects stored before have only English).
              const reason = isReasonCode(p.code)
                ? reasonText({ code: p.code, params: p.params ?? undefined }, zh ? 'zh-CN' : 'en')
                : p.reason;
              return [p.row_number, p.col || '', p.column_name, reason].map(csvCell).join(',');
            })
            .join('\r\n') + '\r\n';
          const last = page[page.length - 1];
          after = [last.row_number, last.col];
        }
      }
      const { Readable } = await import('node:stream');
      const name = `rejects-${imp.file_name.replace(/\.[^.]+$/, '').replace(/[^\w.-]+/g, '_') || 'import'}.csv`;
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(Readable.from(lines()));
    },
  );
}
