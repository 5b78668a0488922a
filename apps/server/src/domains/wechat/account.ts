import type { TWechatAccountResponse } from '@loopcx/shared';
import type { Config } from '../../platform/config.ts';
import { type Executor, one, sql } from '../../platform/db.ts';
import { unseal } from '../../platform/seal.ts';

/** The seal purpose of official-account AppSecrets (platform/seal.ts). */
export const APP_SECRET_SEAL = 'wechat-app-secret';

/** A tenant's official account with its AppSecret opened, for server-side calls only: never presented. */
export interface WechatAccount {
  tenantId: string;
  appId: string;
  appSecret: string;
  oauthEnabled: boolean;
  authorizeBaseUrl: string | null;
  apiBaseUrl: string | null;
}

interface Row {
  app_id: string;
  app_secret_sealed: string;
  oauth_enabled: boolean;
  authorize_base_url: string | null;
  api_base_url: string | null;
  updated_at: Date | string;
}

async function row(ex: Executor, tenantId: string) {
  return one<Row>(
    ex,
    sql`SELECT app_id, app_secret_sealed, oauth_enabled, authorize_base_url, api_base_url, updated_at
        FROM wechat_accounts WHERE tenant_id = ${tenantId}`,
  );
}

/**
 * The tenant's official account, or undefined when none is configured or its secret no longer opens (LOOPCX_SECRET
 * changed: the admin saves the AppSecret again).
 */
export async function wechatAccountOf(
  ex: Executor,
  config: Pick<Config, 'secret'>,
  tenantId: string,
): Promise<WechatAccount | undefined> {
  const r = await row(ex, tenantId);
  if (!r) return undefined;
  const appSecret = unseal(config.secret, APP_SECRET_SEAL, tenantId, r.app_secret_sealed);
  if (!appSecret) return undefined;
  return {
    tenantId,
    appId: r.app_id,
    appSecret,
    oauthEnabled: r.oauth_enabled,
    authorizeBaseUrl: r.authorize_base_url,
    apiBaseUrl: r.api_base_url,
  };
}

/** What the API answers about the account: everything but the secret. */
export async function presentWechatAccount(
  ex: Executor,
  tenantId: string,
): Promise<TWechatAccountResponse | undefined> {
  const r = await row(ex, tenantId);
  if (!r) return undefined;
  return {
    appId: r.app_id,
    hasSecret: true,
    oauthEnabled: r.oauth_enabled,
    authorizeBaseUrl: r.authorize_base_url,
    apiBaseUrl: r.api_base_url,
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}
