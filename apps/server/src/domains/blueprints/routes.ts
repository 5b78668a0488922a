import { ZBlueprint, ZBlueprintList, ZBlueprintPatch, ZBlueprintVersionParams, ZNewBlueprint } from '@loopcx/shared';
import { z } from 'zod';
import type { Actor } from '../../platform/auth.ts';
import { actorOf } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Executor } from '../../platform/db.ts';
import { inTransaction, type Router, ZIdParams, zBool } from '../../platform/routing.ts';
import { createBlueprint, updateBlueprint } from './commands/save-blueprint.ts';
import { authorizeEditBlueprints, authorizeReadBlueprints } from './policy.ts';
import { presentBlueprint, presentBlueprintSummary } from './presenter.ts';
import { getBlueprint, getVersion, listBlueprints, listVersions, namesOf } from './queries/blueprints.ts';
import { nodeChecks } from './queries/node-checks.ts';

// The service-QA API scope: blueprints are read and written under the inspections abilities.
const tags = ['inspections'];

/** A blueprint at a version (default: the current one) with the names and checks its drawing shows. */
async function view(ex: Executor, actor: Actor, id: string, now: Date, version?: number) {
  const row = await getBlueprint(ex, actor, id);
  const v = await getVersion(ex, actor.tenantId, id, version ?? row.version);
  const names = await namesOf(ex, actor.tenantId, v);
  return presentBlueprint({
    row,
    version: v,
    versions: await listVersions(ex, actor.tenantId, id),
    ...names,
    checks: await nodeChecks(ex, actor, id, now),
  });
}

/** Process blueprints of journeys: HQ draws and publishes versions, everyone in the tenant reads them. */
export async function blueprintRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/blueprints',
    {
      schema: {
        tags,
        summary: 'Process blueprints, optionally of one journey (archived ones with archived=true)',
        querystring: z.object({ journeyId: z.uuid().optional(), archived: zBool.optional() }).strict(),
        response: { 200: ZBlueprintList },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorizeReadBlueprints(actor);
      return { items: (await listBlueprints(ctx.db, actor, req.query)).map(presentBlueprintSummary) };
    },
  );

  r.post(
    '/blueprints',
    {
      schema: {
        tags,
        summary: 'Draw a process blueprint of a journey (lanes, nodes, edges); validated, published as version 1',
        body: ZNewBlueprint,
        response: { 201: ZBlueprint },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorizeEditBlueprints(actor);
      const now = ctx.clock.now();
      const b = await inTransaction(ctx, async (tx) =>
        view(tx, actor, await createBlueprint(tx, actor, req.body, now), now),
      );
      return reply.code(201).send(b);
    },
  );

  r.get(
    '/blueprints/:id',
    {
      schema: {
        tags,
        summary: 'A blueprint at its current version, with lanes, RACI parties, touchpoints and linked checks',
        params: ZIdParams,
        response: { 200: ZBlueprint },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorizeReadBlueprints(actor);
      return view(ctx.db, actor, req.params.id, ctx.clock.now());
    },
  );

  r.patch(
    '/blueprints/:id',
    {
      schema: {
        tags,
        summary: 'Rename, re-own or archive a blueprint; a changed drawing publishes the next version',
        params: ZIdParams,
        body: ZBlueprintPatch,
        response: { 200: ZBlueprint },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorizeEditBlueprints(actor);
      const now = ctx.clock.now();
      return inTransaction(ctx, async (tx) => {
        await updateBlueprint(tx, actor, req.params.id, req.body, now);
        return view(tx, actor, req.params.id, now);
      });
    },
  );

  r.get(
    '/blueprints/:id/versions/:version',
    {
      schema: {
        tags,
        summary: 'A blueprint as one of its published versions drew it',
        params: ZBlueprintVersionParams,
        response: { 200: ZBlueprint },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorizeReadBlueprints(actor);
      return view(ctx.db, actor, req.params.id, ctx.clock.now(), req.params.version);
    },
  );
}
