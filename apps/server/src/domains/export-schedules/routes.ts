import {
  ZExportRunListResponse,
  ZExportScheduleListResponse,
  ZExportScheduleResponse,
  ZExportScheduleWithSecretResponse,
} from '@loopcx/shared';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { wakeWorkers } from '../../platform/jobs.ts';
import { inTransaction, type Router, ZIdParams } from '../../platform/routing.ts';
import { createSchedule } from './commands/create-schedule.ts';
import { deleteSchedule } from './commands/delete-schedule.ts';
import { requestRun } from './commands/request-run.ts';
import { updateSchedule } from './commands/update-schedule.ts';
import { presentRun, presentSchedule } from './presenter.ts';
import { getSchedule, listRuns, listSchedules } from './queries/get-schedule.ts';
import { ZExportScheduleCreate, ZExportScheduleUpdate } from './schema.ts';

const tags = ['export-schedules'];

/**
 * Scheduled exports to the data platform: incremental files (every committed row exactly once) of a dataset, hourly
 * or daily, to a folder under LOOPCX_EXPORT_DIR or an HTTPS endpoint, with a run history and "run now".
 */
export async function exportScheduleRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/export-schedules',
    { schema: { tags, summary: 'Export schedules in your scope', response: { 200: ZExportScheduleListResponse } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'exports.schedule');
      return { items: (await listSchedules(ctx.db, actor)).map(presentSchedule) };
    },
  );

  r.post(
    '/export-schedules',
    {
      schema: {
        tags,
        summary: 'Create a schedule; the answer holds the secret that signs its HTTPS uploads (whsec_…) once',
        body: ZExportScheduleCreate,
        response: { 201: ZExportScheduleWithSecretResponse },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'exports.schedule');
      const out = await inTransaction(ctx, async (tx) => {
        const { id, secret } = await createSchedule(tx, ctx.config, actor, req.body);
        return { ...presentSchedule(await getSchedule(tx, actor, id)), secret };
      });
      return reply.code(201).send(out);
    },
  );

  r.get(
    '/export-schedules/:id',
    { schema: { tags, params: ZIdParams, response: { 200: ZExportScheduleResponse } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'exports.schedule');
      return presentSchedule(await getSchedule(ctx.db, actor, req.params.id));
    },
  );

  r.patch(
    '/export-schedules/:id',
    { schema: { tags, params: ZIdParams, body: ZExportScheduleUpdate, response: { 200: ZExportScheduleResponse } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'exports.schedule');
      return inTransaction(ctx, async (tx) => {
        await updateSchedule(tx, ctx.config, actor, req.params.id, req.body);
        return presentSchedule(await getSchedule(tx, actor, req.params.id));
      });
    },
  );

  r.delete(
    '/export-schedules/:id',
    {
      schema: {
        tags,
        summary: 'Delete a schedule and its run history',
        params: ZIdParams,
        response: { 204: z.void() },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'exports.schedule');
      await inTransaction(ctx, (tx) => deleteSchedule(tx, actor, req.params.id));
      return reply.code(204).send();
    },
  );

  r.post(
    '/export-schedules/:id/run',
    {
      schema: {
        tags,
        summary: 'Run now: a worker exports what was committed since the last run (202; see GET …/runs)',
        params: ZIdParams,
        response: { 202: ZExportScheduleResponse },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'exports.schedule');
      const out = await inTransaction(ctx, async (tx) => {
        await requestRun(tx, actor, req.params.id);
        return presentSchedule(await getSchedule(tx, actor, req.params.id));
      });
      wakeWorkers(ctx);
      return reply.code(202).send(out);
    },
  );

  r.get(
    '/export-schedules/:id/runs',
    {
      schema: {
        tags,
        summary: 'Run history, newest first',
        params: ZIdParams,
        response: { 200: ZExportRunListResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'exports.schedule');
      const s = await getSchedule(ctx.db, actor, req.params.id);
      return { items: (await listRuns(ctx.db, actor.tenantId, s.id)).map(presentRun) };
    },
  );
}
