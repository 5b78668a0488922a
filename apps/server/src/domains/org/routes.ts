import {
  ZOrgImportResponse,
  ZOrgKind,
  ZOrgUnitCreate,
  ZOrgUnitListResponse,
  ZOrgUnitResponse,
  ZOrgUnitUpdate,
} from '@loopcx/shared';
import { z } from 'zod';
import { actorOf } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { inTransaction, type Router, ZIdParams, zBool } from '../../platform/routing.ts';
import { createOrgUnit } from './commands/create-org-unit.ts';
import { importOrgUnits } from './commands/import-org-units.ts';
import { updateOrgUnit } from './commands/update-org-unit.ts';
import { presentOrgUnit } from './presenter.ts';
import { getOrgUnit } from './queries/get-org-unit.ts';
import { listOrgUnits } from './queries/list-org-units.ts';

const tags = ['org'];

export async function orgRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/org-units',
    {
      schema: {
        tags,
        summary: 'List org units in your scope (ordered by depth, then code)',
        querystring: z.object({
          includeArchived: zBool.optional(),
          kind: ZOrgKind.optional(),
          parentId: z.uuid().optional(),
          q: z.string().max(200).optional(),
        }),
        response: { 200: ZOrgUnitListResponse },
      },
    },
    async (req) => ({ items: await listOrgUnits(ctx.db, actorOf(req), req.query) }),
  );

  r.post(
    '/org-units',
    { schema: { tags, summary: 'Create an org unit', body: ZOrgUnitCreate, response: { 201: ZOrgUnitResponse } } },
    async (req, reply) => {
      const unit = await inTransaction(ctx, (tx) => createOrgUnit(tx, actorOf(req), req.body));
      return reply.code(201).send(unit);
    },
  );

  r.get('/org-units/:id', { schema: { tags, params: ZIdParams, response: { 200: ZOrgUnitResponse } } }, async (req) =>
    presentOrgUnit(await getOrgUnit(ctx.db, actorOf(req), req.params.id)),
  );

  r.patch(
    '/org-units/:id',
    {
      schema: {
        tags,
        summary: 'Rename, re-code, move (parentId), archive or restore a unit',
        params: ZIdParams,
        body: ZOrgUnitUpdate,
        response: { 200: ZOrgUnitResponse },
      },
    },
    async (req) => inTransaction(ctx, (tx) => updateOrgUnit(tx, actorOf(req), req.params.id, req.body)),
  );

  r.delete(
    '/org-units/:id',
    {
      schema: {
        tags,
        summary: 'Archive a unit and its subtree',
        params: ZIdParams,
        response: { 200: ZOrgUnitResponse },
      },
    },
    async (req) => inTransaction(ctx, (tx) => updateOrgUnit(tx, actorOf(req), req.params.id, { status: 'archived' })),
  );

  r.post(
    '/org-units/import',
    {
      bodyLimit: 10 * 1024 * 1024,
      config: { uploadTypes: ['text/csv'] },
      schema: {
        tags,
        summary: 'Import a hierarchy from CSV (parent-child or level columns); returns a per-row report',
        description:
          'Send JSON `{csv, parentId?, dryRun?}` or the CSV itself as text/csv with `?dryRun=&parentId=`. Layouts: `code,name,kind,parent_code[,name_en]` or `region_code,region_name,city_code,city_name,store_code,store_name` (any kinds in hierarchy order).',
        querystring: z.object({ dryRun: zBool.optional(), parentId: z.uuid().optional() }),
        body: z.union([
          z.string().max(10 * 1024 * 1024),
          z.object({
            csv: z
              .string()
              .min(1)
              .max(10 * 1024 * 1024),
            parentId: z.uuid().optional(),
            dryRun: z.boolean().optional(),
          }),
        ]),
        response: { 200: ZOrgImportResponse },
      },
    },
    async (req) => {
      const body = typeof req.body === 'string' ? { csv: req.body } : req.body;
      if (!body.csv.trim())
        throw new AppError('invalid', 'The CSV is empty', { invalidParams: [{ name: 'csv', reason: 'empty' }] });
      const dryRun = body.dryRun ?? req.query.dryRun ?? false;
      const rootId = body.parentId ?? req.query.parentId;
      return inTransaction(ctx, (tx) => importOrgUnits(tx, actorOf(req), body.csv, { rootId, dryRun }), { dryRun });
    },
  );
}
