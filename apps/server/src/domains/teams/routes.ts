import { ZTeamListResponse, ZTeamResponse } from '@loopcx/shared';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { inTransaction, type Router, ZIdParams } from '../../platform/routing.ts';
import { createTeam } from './commands/create-team.ts';
import { deleteTeam } from './commands/delete-team.ts';
import { updateTeam } from './commands/update-team.ts';
import { presentTeam } from './presenter.ts';
import { getTeam } from './queries/get-team.ts';
import { listTeams } from './queries/list-teams.ts';

const tags = ['teams'];

const ZTeamInput = z.object({
  name: z.string().trim().min(1).max(200),
  nameEn: z.string().trim().max(200).nullable().optional(),
  description: z.string().trim().max(2000).nullable().optional(),
  memberIds: z.array(z.uuid()).max(1000).optional(),
});

/** Teams are functional owners (客服部, 品控部): tenant-wide, members are users. */
export async function teamRoutes(r: Router, ctx: AppContext) {
  r.get('/teams', { schema: { tags, summary: 'List teams', response: { 200: ZTeamListResponse } } }, async (req) => {
    const actor = actorOf(req);
    authorize(actor, 'teams.read');
    return { items: (await listTeams(ctx.db, actor)).map(presentTeam) };
  });

  r.post(
    '/teams',
    { schema: { tags, summary: 'Create a team', body: ZTeamInput, response: { 201: ZTeamResponse } } },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'teams.write');
      const team = await inTransaction(ctx, async (tx) =>
        presentTeam(await getTeam(tx, actor, await createTeam(tx, actor, req.body))),
      );
      return reply.code(201).send(team);
    },
  );

  r.get('/teams/:id', { schema: { tags, params: ZIdParams, response: { 200: ZTeamResponse } } }, async (req) => {
    const actor = actorOf(req);
    authorize(actor, 'teams.read');
    return presentTeam(await getTeam(ctx.db, actor, req.params.id));
  });

  r.patch(
    '/teams/:id',
    { schema: { tags, params: ZIdParams, body: ZTeamInput.partial().strict(), response: { 200: ZTeamResponse } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'teams.write');
      return inTransaction(ctx, async (tx) => {
        await updateTeam(tx, actor, req.params.id, req.body);
        return presentTeam(await getTeam(tx, actor, req.params.id));
      });
    },
  );

  r.delete('/teams/:id', { schema: { tags, params: ZIdParams, response: { 204: z.void() } } }, async (req, reply) => {
    const actor = actorOf(req);
    authorize(actor, 'teams.write');
    await inTransaction(ctx, (tx) => deleteTeam(tx, actor, req.params.id));
    return reply.code(204).send();
  });
}
