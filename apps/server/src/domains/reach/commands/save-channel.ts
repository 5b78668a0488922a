import { randomUUID } from 'node:crypto';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, sql } from '../../../platform/db.ts';
import { AppError, invalid } from '../../../platform/errors.ts';
import { seal } from '../../../platform/seal.ts';
import { newWebhookSecret } from '../../webhooks/sign.ts';
import type { ChannelAdapter } from '../channels/adapter.ts';
import { adapterFor } from '../channels/registry.ts';
import { CHANNEL_SECRETS_SEAL, getChannel } from '../queries/channels.ts';
import type { TChannelCreate, TChannelUpdate } from '../schema.ts';

function availableAdapter(kind: string): ChannelAdapter {
  const adapter = adapterFor(kind);
  if (!adapter)
    throw new AppError('invalid', 'channel kind not available', {
      invalidParams: [{ name: 'kind', reason: 'channel kind not available' }],
    });
  return adapter;
}

function checkConfig(adapter: ChannelAdapter, config: Record<string, unknown> | undefined) {
  if (!config) return {};
  if (!adapter.configSchema) {
    if (Object.keys(config).length) throw invalid('config', `a ${adapter.kind} channel takes no settings`);
    return {};
  }
  const parsed = adapter.configSchema.safeParse(config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(['config', ...issue.path.map(String)].join('.'), issue.message);
  }
  return parsed.data;
}

function checkSecrets(adapter: ChannelAdapter, secrets: Record<string, string> | undefined) {
  if (!secrets) return undefined;
  if (!adapter.secretsSchema) throw invalid('secrets', `a ${adapter.kind} channel takes no secrets`);
  const parsed = adapter.secretsSchema.safeParse(secrets);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(['secrets', ...issue.path.map(String)].join('.'), issue.message);
  }
  return parsed.data;
}

/**
 * Creates a channel. The kind needs an adapter in this build (422 "channel kind not available" otherwise); a
 * webhook channel needs a URL and gets a Standard Webhooks signing secret, answered here once; other kinds
 * validate their `config` and `secrets` with the adapter's schemas. Secrets are stored sealed.
 */
export async function createChannel(
  tx: Executor,
  actor: Actor,
  serverSecret: string,
  body: TChannelCreate,
): Promise<{ id: string; secret?: string }> {
  const adapter = availableAdapter(body.kind);
  // A new channel of a kind with settings must carry the required ones (an SMS channel without its account would
  // only fail at the first send).
  const config = checkConfig(adapter, body.config ?? (adapter.configSchema ? {} : undefined));
  let secrets = checkSecrets(adapter, body.secrets ?? (adapter.secretsSchema ? {} : undefined));
  let shown: string | undefined;
  if (body.kind === 'webhook') {
    if (!body.url) throw invalid('url', 'a webhook channel needs the gateway URL');
    shown = newWebhookSecret();
    secrets = { signingSecret: shown };
  }
  const id = randomUUID();
  const sealed = secrets ? seal(serverSecret, CHANNEL_SECRETS_SEAL, actor.tenantId, JSON.stringify(secrets)) : null;
  await tx.execute(
    sql`INSERT INTO channels (tenant_id, id, kind, name, url, config, secrets_sealed, enabled, created_by)
        VALUES (${actor.tenantId}, ${id}, ${body.kind}, ${body.name}, ${body.url ?? null}, ${JSON.stringify(config)}::jsonb,
                ${sealed}, ${body.enabled}, ${actor.id})`,
  );
  await audit(tx, actor, 'channel.create', 'channel', id, {
    kind: body.kind,
    name: body.name,
    ...(body.url ? { origin: new URL(body.url).origin } : {}),
  });
  return shown ? { id, secret: shown } : { id };
}

/** Changes a channel's name, URL, settings, secrets (replaced whole) or switch. */
export async function updateChannel(
  tx: Executor,
  actor: Actor,
  serverSecret: string,
  id: string,
  body: TChannelUpdate,
): Promise<void> {
  const before = await getChannel(tx, actor, id);
  const adapter = availableAdapter(before.kind);
  const config = body.config !== undefined ? checkConfig(adapter, body.config) : undefined;
  if (before.kind === 'webhook' && body.secrets)
    throw invalid('secrets', 'a webhook channel signs with its own secret');
  const secrets = checkSecrets(adapter, body.secrets);
  const sealed = secrets
    ? seal(serverSecret, CHANNEL_SECRETS_SEAL, actor.tenantId, JSON.stringify(secrets))
    : undefined;
  await tx.execute(
    sql`UPDATE channels SET
          name = coalesce(${body.name ?? null}, name),
          url = coalesce(${body.url ?? null}, url),
          config = coalesce(${config === undefined ? null : JSON.stringify(config)}::jsonb, config),
          secrets_sealed = coalesce(${sealed ?? null}, secrets_sealed),
          enabled = coalesce(${body.enabled ?? null}::boolean, enabled),
          updated_at = now()
        WHERE tenant_id = ${actor.tenantId} AND id = ${id}`,
  );
  await audit(tx, actor, 'channel.update', 'channel', id, {
    fields: Object.keys(body).filter((k) => k !== 'secrets'),
    ...(body.secrets ? { secrets: 'replaced' } : {}),
  });
}

/** Deletes a channel no trigger uses (409 naming how many do); its invitations keep their history. */
export async function deleteChannel(tx: Executor, actor: Actor, id: string): Promise<void> {
  await getChannel(tx, actor, id);
  const used = await one<{ n: number }>(
    tx,
    sql`SELECT count(*)::int AS n FROM reach_triggers WHERE tenant_id = ${actor.tenantId} AND channel_id = ${id}`,
  );
  const n = Number(used?.n ?? 0);
  if (n > 0) throw new AppError('conflict', `${n} trigger(s) send through this channel; change or delete them first`);
  await tx.execute(sql`DELETE FROM channels WHERE tenant_id = ${actor.tenantId} AND id = ${id}`);
  await audit(tx, actor, 'channel.delete', 'channel', id, {});
}
