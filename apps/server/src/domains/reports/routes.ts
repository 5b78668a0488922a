import {
  parseReportPeriod,
  ZReportModel,
  ZReportRunListResponse,
  ZReportScheduleListResponse,
  ZReportScheduleResponse,
} from '@loopcx/shared';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { openStoredFile } from '../../platform/file-store.ts';
import { inTransaction, type Router, ZIdParams } from '../../platform/routing.ts';
import { createSchedule } from './commands/create-schedule.ts';
import { deleteSchedule } from './commands/delete-schedule.ts';
import { updateSchedule } from './commands/update-schedule.ts';
import { presentRun, presentSchedule } from './presenter.ts';
import { buildReport } from './queries/build-report.ts';
import { getRunInScope, getSchedule, listRuns, listSchedules } from './queries/schedules.ts';
import { periodFileName } from './render/labels.ts';
import { renderReportPdf } from './render/pdf.ts';
import { ZReportQuery, ZReportScheduleCreate, ZReportScheduleUpdate, ZRunFileQuery } from './schema.ts';
import type { ReportLocale } from './strings.ts';

const tags = ['reports'];
const localeOf = (asked: ReportLocale | undefined, actorLocale: string | undefined): ReportLocale =>
  asked ?? (actorLocale === 'en' ? 'en' : 'zh-CN');

/**
 * Manager reports (issue 19): a unit subtree's period report as data (the printable page), as a PDF rendered on the
 * spot, weekly/monthly schedules that mail it, and the history of sent reports with their stored PDFs.
 */
export async function reportRoutes(r: Router, ctx: AppContext) {
  const load = async (actor: ReturnType<typeof actorOf>, q: z.infer<typeof ZReportQuery>) => {
    const period = parseReportPeriod(q.period)!;
    // A period that has not begun yet has nothing to report.
    if (period.from > ctx.clock.now().toISOString().slice(0, 10))
      throw new AppError('invalid', 'period: has not begun yet', {
        invalidParams: [{ name: 'period', reason: 'has not begun yet' }],
      });
    return buildReport(ctx.db, actor, {
      orgUnitId: q.orgUnitId,
      period,
      locale: localeOf(q.locale, actor.locale),
      now: ctx.clock.now(),
    });
  };

  r.get(
    '/reports/view',
    {
      schema: {
        tags,
        summary: 'The report of a unit subtree for a week (2026-W49), month (2026-12) or quarter (2026-Q4)',
        querystring: ZReportQuery,
        response: { 200: ZReportModel },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'reports.read');
      return load(actor, req.query);
    },
  );

  r.get(
    '/reports/preview.pdf',
    { schema: { tags, summary: 'The same report rendered now as a PDF (A4)', querystring: ZReportQuery } },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'reports.read');
      const model = await load(actor, req.query);
      const pdf = await renderReportPdf(model);
      reply.header('content-disposition', `inline; filename="${periodFileName(model.orgUnit.code, model.period.key)}"`);
      reply.header('cache-control', 'private, no-store');
      return reply.type('application/pdf').send(pdf);
    },
  );

  r.get(
    '/report-schedules',
    { schema: { tags, summary: 'Report schedules in your scope', response: { 200: ZReportScheduleListResponse } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'reports.read');
      return { items: (await listSchedules(ctx.db, actor)).map(presentSchedule) };
    },
  );

  r.post(
    '/report-schedules',
    {
      schema: {
        tags,
        summary: 'Mail the report of a unit subtree weekly, monthly or quarterly',
        body: ZReportScheduleCreate,
        response: { 201: ZReportScheduleResponse },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'reports.schedule');
      const out = await inTransaction(ctx, async (tx) =>
        presentSchedule(await getSchedule(tx, actor, await createSchedule(tx, actor, req.body))),
      );
      return reply.code(201).send(out);
    },
  );

  r.get(
    '/report-schedules/:id',
    { schema: { tags, params: ZIdParams, response: { 200: ZReportScheduleResponse } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'reports.read');
      return presentSchedule(await getSchedule(ctx.db, actor, req.params.id));
    },
  );

  r.patch(
    '/report-schedules/:id',
    { schema: { tags, params: ZIdParams, body: ZReportScheduleUpdate, response: { 200: ZReportScheduleResponse } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'reports.schedule');
      return inTransaction(ctx, async (tx) => {
        await updateSchedule(tx, actor, req.params.id, req.body);
        return presentSchedule(await getSchedule(tx, actor, req.params.id));
      });
    },
  );

  r.delete(
    '/report-schedules/:id',
    { schema: { tags, summary: 'Delete a schedule and its history', params: ZIdParams, response: { 204: z.void() } } },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'reports.schedule');
      await inTransaction(ctx, (tx) => deleteSchedule(tx, actor, req.params.id));
      return reply.code(204).send();
    },
  );

  r.get(
    '/report-schedules/:id/runs',
    {
      schema: {
        tags,
        summary: 'Sent reports of a schedule, newest period first',
        params: ZIdParams,
        response: { 200: ZReportRunListResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'reports.read');
      const s = await getSchedule(ctx.db, actor, req.params.id);
      return { items: (await listRuns(ctx.db, actor.tenantId, s.id)).map(presentRun) };
    },
  );

  r.get(
    '/reports/runs/:id/pdf',
    {
      schema: {
        tags,
        summary: 'The stored PDF of a sent report (the locale asked for, else the first stored)',
        params: ZIdParams,
        querystring: ZRunFileQuery,
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'reports.read');
      const run = await getRunInScope(ctx.db, actor, req.params.id);
      const locale = req.query.locale ?? (Object.keys(run.files).sort()[0] as ReportLocale | undefined);
      const ref = locale ? run.files[locale] : undefined;
      const body = ref ? await openStoredFile(ctx, actor.tenantId, ref) : undefined;
      if (!body) throw notFound('Report file');
      // Not audited, unlike a responses export: a report holds aggregates and a few verbatims its readers were mailed.
      reply.header('content-disposition', `attachment; filename="${periodFileName(run.unit_code, run.period)}"`);
      return reply.type('application/pdf').send(body);
    },
  );
}
