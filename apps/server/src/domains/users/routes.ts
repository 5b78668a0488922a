import { ZRole, ZUserCreatedResponse, ZUserListResponse, ZUserResponse } from '@loopcx/shared';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { assertPasswordPolicy } from '../../platform/password-policy.ts';
import { generatePassword, hashPassword } from '../../platform/passwords.ts';
import { inTransaction, type Router, ZIdParams } from '../../platform/routing.ts';
import { createUser } from './commands/create-user.ts';
import { disableUser } from './commands/disable-user.ts';
import { updateUser } from './commands/update-user.ts';
import { assertCanGrant, assertPersonManagesAccess } from './policy.ts';
import { presentUser } from './presenter.ts';
import { getUser } from './queries/get-user.ts';
import { listUsers } from './queries/list-users.ts';

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

/** Console users: list and search in scope, create (a generated password shown once), change, disable. */
export async function userRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/users',
    {
      schema: {
        tags,
        summary: 'Users whose unit is in your scope',
        querystring: z.object({ q: z.string().max(200).optional(), role: ZRole.optional() }),
        response: { 200: ZUserListResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'users.read');
      return { items: (await listUsers(ctx.db, actor, req.query)).map(presentUser) };
    },
  );

  r.post(
    '/users',
    {
      schema: {
        tags,
        summary: 'Create a user; returns a generated password once when none is given',
        body: ZUserCreate,
        response: { 201: ZUserCreatedResponse },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'users.write');
      assertCanGrant(actor, req.body.role);
      if (req.body.password) {
        assertPersonManagesAccess(actor, req.body, true);
        assertPasswordPolicy(req.body.password, { email: req.body.email, locale: actor.locale });
      }
      const password = req.body.password ?? generatePassword();
      const passwordHash = await hashPassword(password);
      const user = await inTransaction(ctx, async (tx) => {
        const id = await createUser(tx, actor, { ...req.body, passwordHash });
        return presentUser(await getUser(tx, actor, id));
      });
      return reply.code(201).send({ ...user, ...(req.body.password ? {} : { password }) });
    },
  );

  r.get('/users/:id', { schema: { tags, params: ZIdParams, response: { 200: ZUserResponse } } }, async (req) => {
    const actor = actorOf(req);
    authorize(actor, 'users.read');
    return presentUser(await getUser(ctx.db, actor, req.params.id));
  });

  r.patch(
    '/users/:id',
    {
      schema: {
        tags,
        summary: 'Change role, unit, teams, status or password',
        params: ZIdParams,
        body: ZUserUpdate,
        response: { 200: ZUserResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'users.write');
      if (actor.kind === 'apiKey') {
        const target = await getUser(ctx.db, actor, req.params.id);
        assertPersonManagesAccess(actor, target, req.body.password !== undefined);
        if (req.body.role) assertCanGrant(actor, req.body.role);
      }
      if (req.body.password) {
        const target = await getUser(ctx.db, actor, req.params.id);
        assertPasswordPolicy(req.body.password, { email: target.email, locale: actor.locale });
      }
      const hash = req.body.password ? await hashPassword(req.body.password) : undefined;
      return inTransaction(ctx, async (tx) => {
        await updateUser(tx, actor, req.params.id, req.body, hash);
        return presentUser(await getUser(tx, actor, req.params.id));
      });
    },
  );

  r.delete(
    '/users/:id',
    {
      schema: {
        tags,
        summary: 'Disable a user (history keeps their name)',
        params: ZIdParams,
        response: { 204: z.void() },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'users.write');
      if (actor.kind === 'apiKey') assertPersonManagesAccess(actor, await getUser(ctx.db, actor, req.params.id), false);
      await inTransaction(ctx, (tx) => disableUser(tx, actor, req.params.id));
      return reply.code(204).send();
    },
  );
}
