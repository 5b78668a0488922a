import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { audit } from '../../platform/audit.ts';
import { type Actor, actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { type Executor, one, rows, sql } from '../../platform/db.ts';
import { conflict, invalid, notFound } from '../../platform/errors.ts';
import { inTransaction, type Router, ZIdParams } from '../../platform/routing.ts';
import { orgScope } from '../org/scope.ts';

const tags = ['teams'];

const ZTeamInput = z.object({
  name: z.string().trim().min(1).max(200),
  nameEn: z.string().trim().max(200).nullable().optional(),
  description: z.string().trim().max(2000).nullable().optional(),
  memberIds: z.array(z.uuid()).max(1000).optional(),
});

interface TeamRow {
  id: string;
  name: string;
  name_en: string | null;
  description: string | null;
  created_at: Date | string;
  member_ids: string[] | null;
}

const present = (t: TeamRow) => ({
  id: t.id,
  name: t.name,
  nameEn: t.name_en,
  description: t.description,
  memberIds: t.member_ids ?? [],
  createdAt: new Date(t.created_at).toISOString(),
});

/** Teams are functional owners (客服部, 品控部): tenant-wide, members are users. */
async function getTeam(ex: Executor, actor: Actor, id: string) {
  const t = await one<TeamRow>(
    ex,
    sql`SELECT t.id, t.name, t.name_en, t.description, t.created_at,
               coalesce((SELECT array_agg(m.user_id ORDER BY m.user_id) FROM team_members m WHERE m.tenant_id = t.tenant_id AND m.team_id = t.id), '{}') AS member_ids
        FROM teams t WHERE t.tenant_id = ${actor.tenantId} AND t.id = ${id}`,
  );
  if (!t) throw notFound('Team');
  return t;
}

async function setMembers(tx: Executor, actor: Actor, teamId: string, userIds: string[]) {
  const unique = [...new Set(userIds)];
  if (unique.length) {
    // Members must be users of this tenant inside the caller's scope.
    const found = await rows<{ id: string }>(
      tx,
      sql`SELECT u.id FROM users u JOIN org_units o ON o.tenant_id = u.tenant_id AND o.id = u.org_unit_id
          WHERE ${orgScope(actor)} AND u.id IN (${sql.join(
            unique.map((id) => sql`${id}`),
            sql`, `,
          )})`,
    );
    const ok = new Set(found.map((f) => f.id));
    const missing = unique.findIndex((id) => !ok.has(id));
    if (missing >= 0) throw invalid(`memberIds.${userIds.indexOf(unique[missing])}`, 'no such user in your scope');
  }
  await tx.execute(sql`DELETE FROM team_members WHERE tenant_id = ${actor.tenantId} AND team_id = ${teamId}`);
  for (const uid of unique) {
    await tx.execute(
      sql`INSERT INTO team_members (tenant_id, team_id, user_id) VALUES (${actor.tenantId}, ${teamId}, ${uid})`,
    );
  }
}

export async function teamRoutes(r: Router, ctx: AppContext) {
  r.get('/teams', { schema: { tags, summary: 'List teams' } }, async (req) => {
    const actor = actorOf(req);
    authorize(actor, 'teams.read');
    const list = await rows<TeamRow>(
      ctx.db,
      sql`SELECT t.id, t.name, t.name_en, t.description, t.created_at,
                 coalesce((SELECT array_agg(m.user_id ORDER BY m.user_id) FROM team_members m WHERE m.tenant_id = t.tenant_id AND m.team_id = t.id), '{}') AS member_ids
          FROM teams t WHERE t.tenant_id = ${actor.tenantId} ORDER BY t.name`,
    );
    return { items: list.map(present) };
  });

  r.post('/teams', { schema: { tags, summary: 'Create a team', body: ZTeamInput } }, async (req, reply) => {
    const actor = actorOf(req);
    authorize(actor, 'teams.write');
    const team = await inTransaction(ctx, async (tx) => {
      const id = randomUUID();
      const dup = await one(
        tx,
        sql`SELECT 1 FROM teams WHERE tenant_id = ${actor.tenantId} AND name = ${req.body.name}`,
      );
      if (dup) throw conflict(`A team named ${req.body.name} exists`, 'name');
      await tx.execute(
        sql`INSERT INTO teams (tenant_id, id, name, name_en, description)
            VALUES (${actor.tenantId}, ${id}, ${req.body.name}, ${req.body.nameEn ?? null}, ${req.body.description ?? null})`,
      );
      if (req.body.memberIds) await setMembers(tx, actor, id, req.body.memberIds);
      await audit(tx, actor, 'team.create', 'team', id, { name: req.body.name });
      return present(await getTeam(tx, actor, id));
    });
    return reply.code(201).send(team);
  });

  r.get('/teams/:id', { schema: { tags, params: ZIdParams } }, async (req) => {
    const actor = actorOf(req);
    authorize(actor, 'teams.read');
    return present(await getTeam(ctx.db, actor, req.params.id));
  });

  r.patch('/teams/:id', { schema: { tags, params: ZIdParams, body: ZTeamInput.partial().strict() } }, async (req) => {
    const actor = actorOf(req);
    authorize(actor, 'teams.write');
    return inTransaction(ctx, async (tx) => {
      const t = await getTeam(tx, actor, req.params.id);
      if (req.body.name && req.body.name !== t.name) {
        const dup = await one(
          tx,
          sql`SELECT 1 FROM teams WHERE tenant_id = ${actor.tenantId} AND name = ${req.body.name}`,
        );
        if (dup) throw conflict(`A team named ${req.body.name} exists`, 'name');
      }
      await tx.execute(
        sql`UPDATE teams SET name = ${req.body.name ?? t.name},
              name_en = ${req.body.nameEn === undefined ? t.name_en : req.body.nameEn},
              description = ${req.body.description === undefined ? t.description : req.body.description}
            WHERE tenant_id = ${actor.tenantId} AND id = ${t.id}`,
      );
      if (req.body.memberIds) await setMembers(tx, actor, t.id, req.body.memberIds);
      await audit(tx, actor, 'team.update', 'team', t.id, req.body);
      return present(await getTeam(tx, actor, t.id));
    });
  });

  r.delete('/teams/:id', { schema: { tags, params: ZIdParams } }, async (req, reply) => {
    const actor = actorOf(req);
    authorize(actor, 'teams.write');
    await inTransaction(ctx, async (tx) => {
      const t = await getTeam(tx, actor, req.params.id);
      await tx.execute(sql`DELETE FROM teams WHERE tenant_id = ${actor.tenantId} AND id = ${t.id}`);
      await audit(tx, actor, 'team.delete', 'team', t.id, { name: t.name });
    });
    return reply.code(204).send();
  });
}
