import { ZChecklist, ZChecklistList, ZChecklistPatch, ZNewChecklist } from '@loopcx/shared';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { inTransaction, type Router, ZIdParams, zBool } from '../../platform/routing.ts';
import { createChecklist, updateChecklist } from './commands/save-checklist.ts';
import { authorizeManageQa } from './policy.ts';
import { presentChecklist } from './presenter.ts';
import { getChecklist, listChecklists } from './queries/checklists.ts';

const tags = ['inspections'];

/** Checklists of fatal and general items: list, read, write (HQ quality staff), versioned on item changes. */
export async function checklistRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/checklists',
    {
      schema: {
        tags,
        summary: 'Checklists, active first (archived ones with archived=true)',
        querystring: z.object({ archived: zBool.optional() }).strict(),
        response: { 200: ZChecklistList },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'inspections.read');
      return { items: (await listChecklists(ctx.db, actor, req.query.archived ?? false)).map(presentChecklist) };
    },
  );

  r.post(
    '/checklists',
    {
      schema: {
        tags,
        summary: 'Write a checklist (items with severity fatal/general, weight, required evidence, section)',
        body: ZNewChecklist,
        response: { 201: ZChecklist },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorizeManageQa(actor);
      const c = await inTransaction(ctx, async (tx) =>
        getChecklist(tx, actor, await createChecklist(tx, actor, req.body, ctx.clock.now())),
      );
      return reply.code(201).send(presentChecklist(c));
    },
  );

  r.get(
    '/checklists/:id',
    {
      schema: {
        tags,
        summary: 'A checklist with the items of its current version',
        params: ZIdParams,
        response: { 200: ZChecklist },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'inspections.read');
      return presentChecklist(await getChecklist(ctx.db, actor, req.params.id));
    },
  );

  r.patch(
    '/checklists/:id',
    {
      schema: {
        tags,
        summary: 'Change a checklist; new items make a new version (audits keep the version they were made with)',
        params: ZIdParams,
        body: ZChecklistPatch,
        response: { 200: ZChecklist },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorizeManageQa(actor);
      const c = await inTransaction(ctx, async (tx) => {
        await updateChecklist(tx, actor, req.params.id, req.body, ctx.clock.now());
        return getChecklist(tx, actor, req.params.id);
      });
      return presentChecklist(c);
    },
  );
}
