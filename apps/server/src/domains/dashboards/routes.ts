import { ZDashboardCreate, ZDashboardListResponse, ZDashboardUpdate, ZSavedDashboardResponse } from '@loopcx/shared';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { inTransaction, type Router, ZIdParams } from '../../platform/routing.ts';
import { createDashboard, deleteDashboard, updateDashboard } from './commands/save-dashboard.ts';
import { getDashboard, listDashboards } from './queries/get-dashboard.ts';

const tags = ['dashboards'];

/**
 * Saved dashboards: per-user views, optionally shared (read-only) with the whole tenant. Saving needs
 * `dashboards.write`; reading needs `metrics.read`. The data behind a dashboard always comes from the metrics
 * engine under the viewer's own scope.
 */
export async function dashboardRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/dashboards',
    {
      schema: {
        tags,
        summary: 'Your saved dashboards and those shared in the tenant',
        response: { 200: ZDashboardListResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'metrics.read');
      return { items: await listDashboards(ctx.db, actor) };
    },
  );

  r.post(
    '/dashboards',
    {
      schema: {
        tags,
        summary: 'Save a dashboard (metrics, unit, period, touchpoint, sections); shared: visible to the tenant',
        body: ZDashboardCreate,
        response: { 201: ZSavedDashboardResponse },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'dashboards.write');
      const d = await inTransaction(ctx, async (tx) =>
        getDashboard(tx, actor, await createDashboard(tx, ctx.clock, actor, req.body)),
      );
      return reply.code(201).send(d);
    },
  );

  r.get(
    '/dashboards/:id',
    {
      schema: {
        tags,
        summary: 'A saved dashboard (yours or shared), with the unit it shows for you',
        params: ZIdParams,
        response: { 200: ZSavedDashboardResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'metrics.read');
      return getDashboard(ctx.db, actor, req.params.id);
    },
  );

  r.patch(
    '/dashboards/:id',
    {
      schema: {
        tags,
        summary: 'Rename, re-configure, share or unshare your dashboard',
        params: ZIdParams,
        body: ZDashboardUpdate,
        response: { 200: ZSavedDashboardResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'dashboards.write');
      return inTransaction(ctx, async (tx) => {
        await updateDashboard(tx, ctx.clock, actor, req.params.id, req.body);
        return getDashboard(tx, actor, req.params.id);
      });
    },
  );

  r.delete(
    '/dashboards/:id',
    {
      schema: {
        tags,
        summary: 'Delete your dashboard (admins: also shared ones)',
        params: ZIdParams,
        response: { 204: z.void().describe('No content') },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'dashboards.write');
      await inTransaction(ctx, (tx) => deleteDashboard(tx, actor, req.params.id));
      return reply.code(204).send();
    },
  );
}
