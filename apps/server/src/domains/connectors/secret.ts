import type { Config } from '../../platform/config.ts';
import { seal, unseal } from '../../platform/seal.ts';
import { newWebhookSecret } from '../webhooks/sign.ts';

const PURPOSE = 'inbound-connector-secret';

/** A fresh Standard Webhooks secret (`whsec_` + base64 of 32 random bytes) and its sealed form for the row. */
export function newInboundSecret(config: Pick<Config, 'secret'>, tenantId: string) {
  const secret = newWebhookSecret();
  return { secret, sealed: seal(config.secret, PURPOSE, tenantId, secret) };
}

/** The secret of a connector row; undefined when it does not open (LOOPCX_SECRET changed: rotate it). */
export function openInboundSecret(config: Pick<Config, 'secret'>, tenantId: string, sealed: string | null) {
  return sealed ? unseal(config.secret, PURPOSE, tenantId, sealed) : undefined;
}
