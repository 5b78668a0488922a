import { randomUUID } from 'node:crypto';
import { grantableRoles, ZRole } from '@loopcx/shared';
import { z } from 'zod';
import { audit } from '../../platform/audit.ts';
import { type Actor, actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { type Executor, one, rows, sql } from '../../platform/db.ts';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors.ts';
import { generatePassword, hashPassword } from '../../platform/passwords.ts';
import { inTransaction, type Router, ZIdParams } from '../../platform/routing.ts';
import { getOrgUnit } from '../org/queries/get-org-unit.ts';
import { likeContains, orgScope } from '../org/scope.ts';

const tags = ['users'];

const ZUserCreate = z.object({
  email: z.string().trim().toLowerCase().max(254).email(),
  name: z.string().trim().min(1).max(200),
  role: ZRole,
  orgUnitId: z.uuid(),
  password: z.string().min(10).max(1024).optional(),
  locale: z.enum(['zh-CN', 'en']).optional(),
  teamIds: z.array(z.uuid()).max(100).optional(),
});

const ZUserUpdate = z
  .object({
    name: z.string().trim().min(1).max(200),
    role: ZRole,
    orgUnitId: z.uuid(),
    locale: z.enum(['zh-CN', 'en']),
    status: z.enum(['active', 'disabled']),
    password: z.string().min(10).max(1024),
    teamIds: z.array(z.uuid()).max(100),
  })
  .partial()
  .strict();

interface UserRow {
  id: string;
  email: string;
  name: string;
  role: z.infer<typeof ZRole>;
  org_unit_id: string;
  org_unit_code: string;
  org_unit_name: string;
  locale: string;
  status: string;
  created_at: Date | string;
  last_login_at: Date | string | null;
  team_ids: string[] | null;
}

const SELECT = sql`SELECT u.id, u.email, u.name, u.role, u.org_unit_id, o.code AS org_unit_code, o.name AS org_unit_name,
  u.locale, u.status, u.created_at, u.last_login_at,
  coalesce((SELECT array_agg(m.team_id ORDER BY m.team_id) FROM team_members m WHERE m.tenant_id = u.tenant_id AND m.user_id = u.id), '{}') AS team_ids
  FROM users u JOIN org_units o ON o.tenant_id = u.tenant_id AND o.id = u.org_unit_id`;

const present = (u: UserRow) => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  orgUnitId: u.org_unit_id,
  orgUnit: { id: u.org_unit_id, code: u.org_unit_code, name: u.org_unit_name },
  locale: u.locale,
  status: u.status,
  teamIds: u.team_ids ?? [],
  createdAt: new Date(u.created_at).toISOString(),
  lastLoginAt: u.last_login_at ? new Date(u.last_login_at).toISOString() : null,
});

/** A user is visible when their unit lies in the caller's subtree (the query enforces it). */
async function getUser(ex: Executor, actor: Actor, id: string) {
  const u = await one<UserRow>(ex, sql`${SELECT} WHERE ${orgScope(actor)} AND u.id = ${id}`);
  if (!u) throw notFound('User');
  return u;
}

function assertCanGrant(actor: Actor, role: z.infer<typeof ZRole>) {
  if (!grantableRoles(actor.role).includes(role)) throw forbidden(`Your role (${actor.role}) may not grant ${role}`);
}

async function setTeams(tx: Executor, actor: Actor, userId: string, teamIds: string[]) {
  const unique = [...new Set(teamIds)];
  if (unique.length) {
    const found = await rows<{ id: string }>(
      tx,
      sql`SELECT id FROM teams WHERE tenant_id = ${actor.tenantId} AND id IN (${sql.join(
        unique.map((id) => sql`${id}`),
        sql`, `,
      )})`,
    );
    const ok = new Set(found.map((f) => f.id));
    const bad = teamIds.findIndex((id) => !ok.has(id));
    if (bad >= 0)
      throw new AppError('invalid', 'No such team', {
        invalidParams: [{ name: `teamIds.${bad}`, reason: 'no such team' }],
      });
  }
  await tx.execute(sql`DELETE FROM team_members WHERE tenant_id = ${actor.tenantId} AND user_id = ${userId}`);
  for (const tid of unique) {
    await tx.execute(
      sql`INSERT INTO team_members (tenant_id, team_id, user_id) VALUES (${actor.tenantId}, ${tid}, ${userId})`,
    );
  }
}

/** The tenant must keep at least one active owner. */
async function assertOwnerRemains(tx: Executor, actor: Actor, exceptUserId: string) {
  const other = await one(
    tx,
    sql`SELECT 1 FROM users WHERE tenant_id = ${actor.tenantId} AND role = 'owner' AND status = 'active' AND id <> ${exceptUserId}`,
  );
  if (!other) throw conflict('The organisation must keep at least one active owner');
}

export async function userRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/users',
    {
      schema: {
        tags,
        summary: 'Users whose unit is in your scope',
        querystring: z.object({ q: z.string().max(200).optional(), role: ZRole.optional() }),
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'users.read');
      const filters = [orgScope(actor)];
      if (req.query.role) filters.push(sql`u.role = ${req.query.role}`);
      if (req.query.q) {
        const like = likeContains(req.query.q);
        filters.push(sql`(u.email ILIKE ${like} OR u.name ILIKE ${like})`);
      }
      const list = await rows<UserRow>(ctx.db, sql`${SELECT} WHERE ${sql.join(filters, sql` AND `)} ORDER BY u.email`);
      return { items: list.map(present) };
    },
  );

  r.post(
    '/users',
    {
      schema: {
        tags,
        summary: 'Create a user; returns a generated password once when none is given',
        body: ZUserCreate,
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'users.write');
      assertCanGrant(actor, req.body.role);
      const password = req.body.password ?? generatePassword();
      const hash = await hashPassword(password);
      const user = await inTransaction(ctx, async (tx) => {
        await getOrgUnit(tx, actor, req.body.orgUnitId);
        const dup = await one(
          tx,
          sql`SELECT 1 FROM users WHERE tenant_id = ${actor.tenantId} AND email = ${req.body.email}`,
        );
        if (dup) throw conflict(`A user with email ${req.body.email} exists`, 'email');
        const id = randomUUID();
        await tx.execute(
          sql`INSERT INTO users (tenant_id, id, email, name, password_hash, role, org_unit_id, locale)
            VALUES (${actor.tenantId}, ${id}, ${req.body.email}, ${req.body.name}, ${hash}, ${req.body.role}, ${req.body.orgUnitId}, ${req.body.locale ?? 'zh-CN'})`,
        );
        if (req.body.teamIds) await setTeams(tx, actor, id, req.body.teamIds);
        await audit(tx, actor, 'user.create', 'user', id, { email: req.body.email, role: req.body.role });
        return present(await getUser(tx, actor, id));
      });
      return reply.code(201).send({ ...user, ...(req.body.password ? {} : { password }) });
    },
  );

  r.get('/users/:id', { schema: { tags, params: ZIdParams } }, async (req) => {
    const actor = actorOf(req);
    authorize(actor, 'users.read');
    return present(await getUser(ctx.db, actor, req.params.id));
  });

  r.patch(
    '/users/:id',
    { schema: { tags, summary: 'Change role, unit, teams, status or password', params: ZIdParams, body: ZUserUpdate } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'users.write');
      const b = req.body;
      const hash = b.password ? await hashPassword(b.password) : undefined;
      return inTransaction(ctx, async (tx) => {
        const u = await getUser(tx, actor, req.params.id);
        if (u.role === 'owner' && actor.role !== 'owner') throw forbidden('Only an owner may change an owner');
        if (b.role) assertCanGrant(actor, b.role);
        if (b.orgUnitId) await getOrgUnit(tx, actor, b.orgUnitId);
        if (u.role === 'owner' && ((b.role && b.role !== 'owner') || b.status === 'disabled'))
          await assertOwnerRemains(tx, actor, u.id);
        if (u.id === actor.id && b.status === 'disabled') throw conflict('You cannot disable yourself');
        await tx.execute(
          sql`UPDATE users SET name = ${b.name ?? u.name}, role = ${b.role ?? u.role}, org_unit_id = ${b.orgUnitId ?? u.org_unit_id},
              locale = ${b.locale ?? u.locale}, status = ${b.status ?? u.status}
              ${hash ? sql`, password_hash = ${hash}` : sql``}
            WHERE tenant_id = ${actor.tenantId} AND id = ${u.id}`,
        );
        // A role, scope, status or password change ends the user's sessions so the new rights apply at once.
        if (b.role || b.orgUnitId || b.status === 'disabled' || hash) {
          await tx.execute(sql`DELETE FROM sessions WHERE tenant_id = ${actor.tenantId} AND user_id = ${u.id}`);
        }
        if (b.teamIds) await setTeams(tx, actor, u.id, b.teamIds);
        await audit(tx, actor, 'user.update', 'user', u.id, { ...b, password: b.password ? '***' : undefined });
        return present(await getUser(tx, actor, u.id));
      });
    },
  );

  r.delete(
    '/users/:id',
    { schema: { tags, summary: 'Disable a user (history keeps their name)', params: ZIdParams } },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'users.write');
      await inTransaction(ctx, async (tx) => {
        const u = await getUser(tx, actor, req.params.id);
        if (u.role === 'owner' && actor.role !== 'owner') throw forbidden('Only an owner may disable an owner');
        if (u.id === actor.id) throw conflict('You cannot disable yourself');
        if (u.role === 'owner') await assertOwnerRemains(tx, actor, u.id);
        await tx.execute(
          sql`UPDATE users SET status = 'disabled' WHERE tenant_id = ${actor.tenantId} AND id = ${u.id}`,
        );
        await tx.execute(sql`DELETE FROM sessions WHERE tenant_id = ${actor.tenantId} AND user_id = ${u.id}`);
        await audit(tx, actor, 'user.disable', 'user', u.id);
      });
      return reply.code(204).send();
    },
  );
}
