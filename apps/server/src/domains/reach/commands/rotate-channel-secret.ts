import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, sql } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import { seal } from '../../../platform/seal.ts';
import { newWebhookSecret } from '../../webhooks/sign.ts';
import { CHANNEL_SECRETS_SEAL, channelRecord, getChannel } from '../queries/channels.ts';

export { signingSecrets } from '../channels/signing-secrets.ts';

/**
 * Rotates a webhook channel's signing secret: a new `whsec_…` (answered once, never again), the old one kept
 * signing beside it for `overlapHours` (0: at once). Rotating again during an overlap drops the older previous one.
 */
export async function rotateChannelSecret(
  tx: Executor,
  actor: Actor,
  serverSecret: string,
  id: string,
  overlapHours: number,
  now: Date,
): Promise<{ secret: string; previousUntil: string | null }> {
  const row = await getChannel(tx, actor, id);
  if (row.kind !== 'webhook') throw new AppError('invalid', 'Only a webhook channel has a signing secret to rotate');
  const old = channelRecord(serverSecret, row).secrets.signingSecret;
  const secret = newWebhookSecret();
  const previousUntil =
    old && overlapHours > 0 ? new Date(now.getTime() + overlapHours * 3600_000).toISOString() : null;
  const secrets: Record<string, string> = { signingSecret: secret };
  if (old && previousUntil) Object.assign(secrets, { previousSecret: old, previousUntil });
  await tx.execute(
    sql`UPDATE channels SET secrets_sealed = ${seal(serverSecret, CHANNEL_SECRETS_SEAL, actor.tenantId, JSON.stringify(secrets))},
          updated_at = now()
        WHERE tenant_id = ${actor.tenantId} AND id = ${id}`,
  );
  await audit(tx, actor, 'channel.rotate_secret', 'channel', id, { overlapHours });
  return { secret, previousUntil };
}
