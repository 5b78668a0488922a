import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Config } from '../../../platform/config.ts';
import { sql, type Tx } from '../../../platform/db.ts';
import { invalid } from '../../../platform/errors.ts';
import { getConnector } from '../queries/get-connector.ts';
import type { TConnectorUpdate } from '../schema.ts';
import { newInboundSecret } from '../secret.ts';

/** Changes a connector in the caller's scope; fields that do not apply to its kind are refused (422). */
export async function updateConnector(tx: Tx, clock: Clock, actor: Actor, id: string, b: TConnectorUpdate) {
  const c = await getConnector(tx, actor, id);
  if (c.kind === 'webhook') {
    for (const f of ['url', 'pollMinutes', 'cursorParam', 'cursorPath', 'resetCursor'] as const)
      if (b[f] !== undefined) throw invalid(f, 'does not apply to an inbound webhook');
  }
  if (c.kind === 'rss') {
    for (const f of ['mapping', 'itemsPath', 'cursorParam', 'cursorPath'] as const)
      if (b[f] !== undefined) throw invalid(f, 'does not apply to an RSS/Atom feed (its fields are fixed)');
  }
  const mapping = b.mapping ?? c.mapping;
  if (b.mapping && !mapping.text) throw invalid('mapping.text', 'map the text field');
  if (b.mapping && c.kind === 'json_api' && !mapping.externalId)
    throw invalid('mapping.externalId', 'map the externalId field');
  const pick = <T>(v: T | undefined, old: T) => (v === undefined ? old : v);
  // Re-enabling a poller makes it due at once.
  const due = b.enabled === true && !c.enabled && c.kind !== 'webhook' ? clock.now().toISOString() : null;
  await tx.execute(
    sql`UPDATE feedback_connectors SET
          name = ${pick(b.name, c.name)}, channel = ${pick(b.channel, c.channel)}, enabled = ${pick(b.enabled, c.enabled)},
          url = ${pick(b.url, c.url)}, poll_minutes = ${pick(b.pollMinutes, c.poll_minutes)}, mapping = ${JSON.stringify(mapping)}::jsonb,
          items_path = ${pick(b.itemsPath, c.items_path)}, cursor_param = ${pick(b.cursorParam, c.cursor_param)},
          cursor_path = ${pick(b.cursorPath, c.cursor_path)}, cursor = ${b.resetCursor ? null : c.cursor},
          next_poll_at = coalesce(${due}::timestamptz, next_poll_at), updated_at = ${clock.now().toISOString()}
        WHERE tenant_id = ${actor.tenantId} AND id = ${id}`,
  );
  const { url, ...rest } = b;
  await audit(tx, actor, 'connector.update', 'feedback_connector', id, {
    ...rest,
    ...(url ? { origin: new URL(url).origin } : {}),
  });
}

/** Deletes a connector and its run history; the items it brought stay (they are feedback like any other). */
export async function deleteConnector(tx: Tx, actor: Actor, id: string) {
  const c = await getConnector(tx, actor, id);
  await tx.execute(sql`DELETE FROM feedback_connectors WHERE tenant_id = ${actor.tenantId} AND id = ${id}`);
  await audit(tx, actor, 'connector.delete', 'feedback_connector', id, undefined, { name: c.name, kind: c.kind });
}

/**
 * Replaces an inbound webhook's secret and answers the new one once. The old one stops verifying at once: the
 * source is reconfigured by the same person, and a leaked secret must not keep working through an overlap.
 */
export async function rotateConnectorSecret(tx: Tx, config: Pick<Config, 'secret'>, actor: Actor, id: string) {
  const c = await getConnector(tx, actor, id);
  if (c.kind !== 'webhook') throw invalid('kind', 'only inbound webhooks have a secret');
  const next = newInboundSecret(config, actor.tenantId);
  await tx.execute(
    sql`UPDATE feedback_connectors SET secret_sealed = ${next.sealed} WHERE tenant_id = ${actor.tenantId} AND id = ${id}`,
  );
  await audit(tx, actor, 'connector.rotate_secret', 'feedback_connector', id);
  return next.secret;
}
