import { ZApiKeyCreatedResponse, ZApiKeyListResponse, ZApiKeyScope } from '@loopcx/shared';
import { z } from 'zod';
import { actorOf, assertPerson, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { forbidden } from '../../platform/errors.ts';
import { inTransaction, type Router, ZIdParams } from '../../platform/routing.ts';
import { createApiKey } from './commands/create-api-key.ts';
import { revokeApiKey } from './commands/revoke-api-key.ts';
import { presentApiKey } from './presenter.ts';
import { listApiKeys } from './queries/list-api-keys.ts';

const tags = ['api-keys'];
const KEY_ROLES = ['admin', 'analyst', 'manager', 'agent', 'viewer'] as const;

/** API keys for systems (POS, CRM, ETL). The key is shown once; only its sha256 is stored. */
export async function apiKeyRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/api-keys',
    { schema: { tags, summary: 'List API keys (never the keys themselves)', response: { 200: ZApiKeyListResponse } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'apiKeys.manage');
      return { items: (await listApiKeys(ctx.db, actor)).map(presentApiKey) };
    },
  );

  r.post(
    '/api-keys',
    {
      schema: {
        tags,
        summary: 'Create an API key; the response holds the key once',
        body: z.object({
          name: z.string().trim().min(1).max(200),
          role: z.enum(KEY_ROLES).optional(),
          orgUnitId: z.uuid().optional(),
          /** `<domain>:read|write` (or `*:read|write`); omitted: every domain the role reaches. */
          scopes: z.array(ZApiKeyScope).max(100).optional(),
        }),
        response: { 201: ZApiKeyCreatedResponse },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'apiKeys.manage');
      assertPerson(actor, 'manage API keys');
      if (actor.kind === 'apiKey') throw forbidden('API keys cannot create API keys; use the console');
      const { row, key } = await inTransaction(ctx, (tx) =>
        createApiKey(tx, actor, {
          name: req.body.name,
          role: req.body.role ?? 'admin',
          orgUnitId: req.body.orgUnitId,
          scopes: req.body.scopes,
        }),
      );
      return reply.code(201).send({ ...presentApiKey(row), key });
    },
  );

  r.delete(
    '/api-keys/:id',
    { schema: { tags, summary: 'Revoke an API key', params: ZIdParams, response: { 204: z.void() } } },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'apiKeys.manage');
      assertPerson(actor, 'manage API keys');
      await inTransaction(ctx, (tx) => revokeApiKey(tx, actor, req.params.id));
      return reply.code(204).send();
    },
  );
}
