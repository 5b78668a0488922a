import type { AppContext } from '../../../platform/context.ts';
import { seal, unseal } from '../../../platform/seal.ts';

const URL_PURPOSE = 'robot-webhook';
const SECRET_PURPOSE = 'robot-secret';

/** Seals a robot's webhook URL (it carries the robot's key) and signing secret, bound to the tenant. */
export const sealRobot = (
  ctx: Pick<AppContext, 'config'>,
  tenantId: string,
  v: { url: string; secret?: string | null },
) => ({
  webhook: seal(ctx.config.secret, URL_PURPOSE, tenantId, v.url),
  secret: v.secret ? seal(ctx.config.secret, SECRET_PURPOSE, tenantId, v.secret) : null,
});

/** Opens what `sealRobot` sealed; undefined URL when it does not open (another LOOPCX_SECRET). */
export const openRobot = (
  ctx: Pick<AppContext, 'config'>,
  tenantId: string,
  v: { webhook_sealed: string; secret_sealed: string | null },
) => ({
  url: unseal(ctx.config.secret, URL_PURPOSE, tenantId, v.webhook_sealed),
  secret: v.secret_sealed ? (unseal(ctx.config.secret, SECRET_PURPOSE, tenantId, v.secret_sealed) ?? null) : null,
});
