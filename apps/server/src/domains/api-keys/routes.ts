import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { audit } from '../../platform/audit.ts';
import { actorOf, authorize, forgetApiKey } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { one, rows, sql } from '../../platform/db.ts';
import { forbidden, notFound } from '../../platform/errors.ts';
import { randomToken, sha256 } from '../../platform/passwords.ts';
import { inTransaction, type Router, ZIdParams } from '../../platform/routing.ts';
import { getOrgUnit } from '../org/queries/get-org-unit.ts';
import { likePrefix } from '../org/scope.ts';

const tags = ['api-keys'];
const KEY_ROLES = ['admin', 'analyst', 'manager', 'agent', 'viewer'] as const;

interface KeyRow {
  id: string;
  name: string;
  prefix: string;
  role: string;
  org_unit_id: string;
  created_at: Date | string;
  last_used_at: Date | string | null;
  revoked_at: Date | string | null;
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
const present = (k: KeyRow) => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  role: k.role,
  orgUnitId: k.org_unit_id,
  createdAt: iso(k.created_at),
  lastUsedAt: iso(k.last_used_at),
  revokedAt: iso(k.revoked_at),
});

/** API keys for systems (POS, CRM, ETL). The key is shown once; only its sha256 is stored. */
export async function apiKeyRoutes(r: Router, ctx: AppContext) {
  r.get('/api-keys', { schema: { tags, summary: 'List API keys (never the keys themselves)' } }, async (req) => {
    const actor = actorOf(req);
    authorize(actor, 'apiKeys.manage');
    const list = await rows<KeyRow>(
      ctx.db,
      sql`SELECT k.id, k.name, k.prefix, k.role, k.org_unit_id, k.created_at, k.last_used_at, k.revoked_at
          FROM api_keys k JOIN org_units o ON o.tenant_id = k.tenant_id AND o.id = k.org_unit_id
          WHERE k.tenant_id = ${actor.tenantId} AND o.path LIKE ${likePrefix(actor.orgPath)}
          ORDER BY k.created_at DESC`,
    );
    return { items: list.map(present) };
  });

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
        }),
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'apiKeys.manage');
      if (actor.kind === 'apiKey') throw forbidden('API keys cannot create API keys; use the console');
      const role = req.body.role ?? 'admin';
      const id = randomUUID();
      const key = `lcx_${randomToken(30)}`;
      const created = await inTransaction(ctx, async (tx) => {
        const unit = await getOrgUnit(tx, actor, req.body.orgUnitId ?? actor.orgUnitId);
        const row = await one<KeyRow>(
          tx,
          sql`INSERT INTO api_keys (tenant_id, id, name, prefix, key_hash, role, org_unit_id, created_by)
            VALUES (${actor.tenantId}, ${id}, ${req.body.name}, ${key.slice(0, 10)}, ${sha256(key)}, ${role}, ${unit.id}, ${actor.id})
            RETURNING id, name, prefix, role, org_unit_id, created_at, last_used_at, revoked_at`,
        );
        await audit(tx, actor, 'api_key.create', 'api_key', id, { name: req.body.name, role });
        return present(row!);
      });
      return reply.code(201).send({ ...created, key });
    },
  );

  r.delete(
    '/api-keys/:id',
    { schema: { tags, summary: 'Revoke an API key', params: ZIdParams } },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'apiKeys.manage');
      await inTransaction(ctx, async (tx) => {
        const k = await one<{ key_hash: string }>(
          tx,
          sql`UPDATE api_keys k SET revoked_at = coalesce(k.revoked_at, now())
            FROM org_units o WHERE o.tenant_id = k.tenant_id AND o.id = k.org_unit_id
              AND k.tenant_id = ${actor.tenantId} AND k.id = ${req.params.id} AND o.path LIKE ${likePrefix(actor.orgPath)}
            RETURNING k.key_hash`,
        );
        if (!k) throw notFound('API key');
        forgetApiKey(k.key_hash);
        await audit(tx, actor, 'api_key.revoke', 'api_key', req.params.id);
      });
      return reply.code(204).send();
    },
  );
}
