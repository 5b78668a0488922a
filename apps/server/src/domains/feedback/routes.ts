import { ZFeedbackImportResponse, ZFeedbackItemResponse, ZFeedbackListResponse } from '@loopcx/shared';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { openStoredFile } from '../../platform/file-store.ts';
import { wakeWorkers } from '../../platform/jobs.ts';
import { inTransaction, type Router, ZIdParams, zBool } from '../../platform/routing.ts';
import { createFeedback } from './commands/create-feedback.ts';
import { deleteFeedback } from './commands/delete-feedback.ts';
import { importFeedback } from './commands/import-feedback.ts';
import { getFeedback, listFeedback, presentFeedback } from './queries/list-feedback.ts';
import { ZFeedbackCreate, ZFeedbackFilters } from './schema.ts';

const tags = ['feedback'];
const MAX_CSV = 10 * 1024 * 1024;

/** Feedback items: social and forum posts, app-store reviews, call transcripts. */
export async function feedbackRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/feedback',
    {
      schema: {
        tags,
        summary: 'Feedback items in your scope, newest first, with filters and keyset pagination',
        querystring: ZFeedbackFilters,
        response: { 200: ZFeedbackListResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'responses.read');
      return listFeedback(ctx.db, actor, req.query);
    },
  );

  r.post(
    '/feedback',
    {
      schema: {
        tags,
        summary: 'Store one feedback item; its text is analysed in the background',
        body: ZFeedbackCreate,
        response: { 201: ZFeedbackItemResponse },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'responses.write');
      const item = await inTransaction(ctx, async (tx) =>
        getFeedback(tx, actor, await createFeedback(tx, ctx.clock, actor, req.body)),
      );
      wakeWorkers(ctx);
      ctx.bus.publish({ tenantId: actor.tenantId, type: 'feedback.created', data: { id: item.id } });
      return reply.code(201).send(presentFeedback(item));
    },
  );

  r.post(
    '/feedback/import',
    {
      bodyLimit: MAX_CSV,
      config: { uploadTypes: ['text/csv'] },
      schema: {
        tags,
        summary: 'Import feedback items from CSV with a per-row report (dry run supported)',
        description:
          'Send JSON `{csv, dryRun?}` or the CSV itself as text/csv with `?dryRun=true`. Columns: source, channel, url, author, text, rating, org_unit (code), touchpoint (code or name), customer_ref, external_id, occurred_at; Chinese headers (来源, 渠道, 链接, 作者, 内容, 评分, 门店, 触点, 会员号, 编号, 时间) work too. Bad rows are reported and skipped; good rows are kept.',
        querystring: z.object({ dryRun: zBool.optional() }).strict(),
        body: z.union([
          z.string().max(MAX_CSV),
          z.object({ csv: z.string().max(MAX_CSV), dryRun: z.boolean().optional() }).strict(),
        ]),
        response: { 200: ZFeedbackImportResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'responses.write');
      const body = typeof req.body === 'string' ? { csv: req.body } : req.body;
      if (!body.csv.trim())
        throw new AppError('invalid', 'The CSV is empty', { invalidParams: [{ name: 'csv', reason: 'empty' }] });
      const dryRun = body.dryRun ?? req.query.dryRun ?? false;
      const report = await inTransaction(ctx, (tx) => importFeedback(tx, ctx.clock, actor, body.csv, { dryRun }), {
        dryRun,
      });
      if (!dryRun && report.imported) wakeWorkers(ctx);
      return report;
    },
  );

  r.get(
    '/feedback/:id',
    { schema: { tags, params: ZIdParams, response: { 200: ZFeedbackItemResponse } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'responses.read');
      return presentFeedback(await getFeedback(ctx.db, actor, req.params.id));
    },
  );

  r.get(
    '/feedback/:id/screenshot',
    {
      schema: {
        tags,
        summary: 'The screenshot an in-app complainant attached (PNG, JPEG or WebP as checked on upload)',
        params: ZIdParams,
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'responses.read');
      const item = await getFeedback(ctx.db, actor, req.params.id);
      const body =
        item.screenshot_ref && item.screenshot_type
          ? await openStoredFile(ctx, actor.tenantId, item.screenshot_ref)
          : undefined;
      if (!body) throw notFound('Screenshot');
      // Shown inline in the console; nosniff and a sandboxing CSP keep an image from ever running as a page.
      reply.header('cache-control', 'private, no-store');
      reply.header('x-content-type-options', 'nosniff');
      reply.header('content-security-policy', "default-src 'none'; sandbox");
      reply.header(
        'content-disposition',
        `inline; filename="feedback-${item.id}.${item.screenshot_type!.split('/')[1]}"`,
      );
      return reply.type(item.screenshot_type!).send(body);
    },
  );

  r.delete(
    '/feedback/:id',
    {
      schema: {
        tags,
        summary: 'Delete an item and its text analysis',
        params: ZIdParams,
        response: { 204: z.void().describe('No content') },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'responses.write');
      await inTransaction(ctx, (tx) => deleteFeedback(tx, actor, req.params.id));
      return reply.code(204).send();
    },
  );
}
