import type { AppContext } from '../../../platform/context.ts';
import { sql } from '../../../platform/db.ts';
import { sha256 } from '../../../platform/passwords.ts';
import { discover, newLoginSecrets } from '../oidc.ts';
import { callbackUrl } from '../presenter.ts';
import type { SsoConfigRow } from '../queries/get-sso-config.ts';

const LOGIN_TTL_MS = 10 * 60_000;

/**
 * Begins a sign-in: stores the state (hashed), nonce and PKCE verifier for ten minutes, single use, and returns the
 * provider's authorization URL and the state, which the route also puts in a cookie so that the callback is only
 * accepted from the browser that started it (a stranger's callback link cannot sign a victim into the stranger's
 * account).
 */
export async function startSsoLogin(
  ctx: AppContext,
  config: SsoConfigRow,
  returnTo: string,
): Promise<{ url: string; state: string }> {
  const meta = await discover(ctx, config.issuer);
  const s = newLoginSecrets();
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`DELETE FROM sso_logins WHERE expires_at < ${now.toISOString()}`);
    await tx.execute(
      sql`INSERT INTO sso_logins (state_hash, tenant_id, nonce, code_verifier, return_to, expires_at)
          VALUES (${sha256(s.state)}, ${config.tenant_id}, ${s.nonce}, ${s.verifier}, ${returnTo},
            ${new Date(now.getTime() + LOGIN_TTL_MS).toISOString()})`,
    );
  });
  const url = new URL(meta.authorization_endpoint);
  for (const [k, v] of Object.entries({
    response_type: 'code',
    client_id: config.client_id,
    redirect_uri: callbackUrl(ctx.config),
    scope: config.scopes,
    state: s.state,
    nonce: s.nonce,
    code_challenge: s.challenge,
    code_challenge_method: 'S256',
  })) {
    url.searchParams.set(k, v);
  }
  return { url: url.toString(), state: s.state };
}
