import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';
import { unseal } from '../../../platform/seal.ts';
import type { ChannelRecord } from '../channels/adapter.ts';

/** The seal purpose of channel secrets (bound to the tenant by seal's additional data). */
export const CHANNEL_SECRETS_SEAL = 'reach-channel-secrets';

export interface ChannelRow {
  tenant_id: string;
  id: string;
  kind: string;
  name: string;
  url: string | null;
  config: Record<string, unknown>;
  secrets_sealed: string | null;
  enabled: boolean;
  created_at: Date | string;
  updated_at: Date | string;
}

/** The tenant's channels, by name. Channels are tenant-wide configuration (reach.manage). */
export async function listChannels(ex: Executor, actor: Actor): Promise<ChannelRow[]> {
  return rows<ChannelRow>(ex, sql`SELECT * FROM channels WHERE tenant_id = ${actor.tenantId} ORDER BY name, id`);
}

/** One channel of the caller's tenant; another tenant's id is the same 404 as a missing one. */
export async function getChannel(ex: Executor, actor: Actor, id: string): Promise<ChannelRow> {
  const c = await one<ChannelRow>(ex, sql`SELECT * FROM channels WHERE tenant_id = ${actor.tenantId} AND id = ${id}`);
  if (!c) throw notFound('Channel');
  return c;
}

/** A channel as an adapter gets it: secrets opened (they stay undefined when the server secret changed). */
export function channelRecord(secret: string, c: ChannelRow): ChannelRecord {
  const opened = c.secrets_sealed ? unseal(secret, CHANNEL_SECRETS_SEAL, c.tenant_id, c.secrets_sealed) : undefined;
  return {
    id: c.id,
    tenantId: c.tenant_id,
    kind: c.kind,
    name: c.name,
    url: c.url,
    config: c.config ?? {},
    secrets: opened ? (JSON.parse(opened) as Record<string, string>) : {},
  };
}
