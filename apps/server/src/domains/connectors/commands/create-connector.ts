import { randomUUID } from 'node:crypto';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Config } from '../../../platform/config.ts';
import { sql, type Tx } from '../../../platform/db.ts';
import { getOrgUnit } from '../../org/queries/get-org-unit.ts';
import type { TConnectorCreate } from '../schema.ts';
import { newInboundSecret } from '../secret.ts';

/**
 * Creates a connector at a unit in the caller's scope (404 otherwise). An inbound webhook gets its secret, answered
 * here once; a poller is due at once (the next scheduler tick polls it).
 */
export async function createConnector(
  tx: Tx,
  config: Pick<Config, 'secret'>,
  clock: Clock,
  actor: Actor,
  body: TConnectorCreate,
): Promise<{ id: string; secret: string | null }> {
  const id = randomUUID();
  const unit = await getOrgUnit(tx, actor, body.orgUnitId ?? actor.orgUnitId);
  const inbound = body.kind === 'webhook' ? newInboundSecret(config, actor.tenantId) : null;
  const poller = body.kind === 'webhook' ? null : body;
  const mapping = body.kind === 'rss' ? {} : body.mapping;
  await tx.execute(
    sql`INSERT INTO feedback_connectors (tenant_id, id, name, kind, source, channel, org_unit_id, enabled, url, mapping, items_path,
                                          cursor_param, cursor_path, poll_minutes, next_poll_at, secret_sealed, created_by)
        VALUES (${actor.tenantId}, ${id}, ${body.name}, ${body.kind}, ${body.source}, ${body.channel || null}, ${unit.id}, ${body.enabled},
                ${poller?.url ?? null}, ${JSON.stringify(mapping)}::jsonb, ${body.kind === 'rss' ? null : (body.itemsPath ?? null)},
                ${body.kind === 'json_api' ? (body.cursorParam ?? null) : null}, ${body.kind === 'json_api' ? (body.cursorPath ?? null) : null},
                ${poller?.pollMinutes ?? 15}, ${poller ? clock.now().toISOString() : null}, ${inbound?.sealed ?? null}, ${actor.id})`,
  );
  // The audit entry names a poller's origin only: a feed URL's path or query may carry the source's token.
  await audit(tx, actor, 'connector.create', 'feedback_connector', id, {
    name: body.name,
    kind: body.kind,
    source: body.source,
    ...(poller ? { origin: new URL(poller.url).origin } : {}),
  });
  return { id, secret: inbound?.secret ?? null };
}
