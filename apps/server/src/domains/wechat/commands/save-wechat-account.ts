import type { TWechatAccountInput } from '@loopcx/shared';
import { audit } from '../../../platform/audit.ts';
import { type Actor, assertPerson, authorize } from '../../../platform/auth.ts';
import type { Config } from '../../../platform/config.ts';
import { type Executor, one, sql } from '../../../platform/db.ts';
import { invalid } from '../../../platform/errors.ts';
import { seal } from '../../../platform/seal.ts';
import { APP_SECRET_SEAL } from '../account.ts';

/**
 * Creates or replaces the tenant's official account. The AppSecret is required the first time (and when the AppID
 * changes: a secret belongs to one account) and kept when omitted; it is sealed, and the audit entry records only
 * whether it changed.
 */
export async function saveWechatAccount(
  tx: Executor,
  config: Pick<Config, 'secret'>,
  actor: Actor,
  input: TWechatAccountInput,
): Promise<void> {
  authorize(actor, 'security.manage');
  assertPerson(actor, 'change the WeChat official account');
  const before = await one<{ app_id: string; app_secret_sealed: string; oauth_enabled: boolean }>(
    tx,
    sql`SELECT app_id, app_secret_sealed, oauth_enabled FROM wechat_accounts WHERE tenant_id = ${actor.tenantId} FOR UPDATE`,
  );
  if (!input.appSecret && (!before || before.app_id !== input.appId))
    throw invalid('appSecret', 'the AppSecret of this official account (required when the AppID is new)');
  const sealed = input.appSecret
    ? seal(config.secret, APP_SECRET_SEAL, actor.tenantId, input.appSecret)
    : before!.app_secret_sealed;
  const oauth = input.oauthEnabled ?? before?.oauth_enabled ?? true;
  await tx.execute(
    sql`INSERT INTO wechat_accounts (tenant_id, app_id, app_secret_sealed, oauth_enabled, authorize_base_url, api_base_url, updated_by, updated_at)
        VALUES (${actor.tenantId}, ${input.appId}, ${sealed}, ${oauth}, ${input.authorizeBaseUrl ?? null}, ${input.apiBaseUrl ?? null}, ${actor.id}, now())
        ON CONFLICT (tenant_id) DO UPDATE SET app_id = excluded.app_id, app_secret_sealed = excluded.app_secret_sealed,
          oauth_enabled = excluded.oauth_enabled, authorize_base_url = excluded.authorize_base_url,
          api_base_url = excluded.api_base_url, updated_by = excluded.updated_by, updated_at = now()`,
  );
  // A new account or secret makes a cached access token of the old one useless.
  if (input.appSecret || before?.app_id !== input.appId)
    await tx.execute(
      sql`DELETE FROM wechat_access_tokens WHERE tenant_id = ${actor.tenantId} AND app_id = ${input.appId}`,
    );
  await audit(
    tx,
    actor,
    'wechat.account.save',
    'tenant',
    actor.tenantId,
    { appId: input.appId, oauthEnabled: oauth, secretChanged: Boolean(input.appSecret) },
    before ? { appId: before.app_id, oauthEnabled: before.oauth_enabled } : undefined,
  );
}
