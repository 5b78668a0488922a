import { randomUUID } from 'node:crypto';
import type { JWTPayload } from 'jose';
import { type RequestOrigin, recordAudit } from '../../../platform/audit.ts';
import { SESSION_TTL_MS } from '../../../platform/auth.ts';
import type { AppContext } from '../../../platform/context.ts';
import { one, sql, type Tx } from '../../../platform/db.ts';
import { randomToken, sha256 } from '../../../platform/passwords.ts';
import { mapRole, mapUnit } from '../claims.ts';
import { discover, exchangeCode, normalIssuer, SsoRefused, verifyWithProvider } from '../oidc.ts';
import { callbackUrl } from '../presenter.ts';
import { getSsoConfig, type SsoConfigRow } from '../queries/get-sso-config.ts';
import { open } from '../secret-box.ts';

export interface SsoCallback {
  code?: string;
  state?: string;
  /** The state the browser's cookie holds: must equal `state`. */
  cookieState?: string;
  error?: string;
  /** RFC 9207: the issuer that answered, when the provider says (defeats mix-up between providers). */
  iss?: string;
}

export interface SsoLoginResult {
  token: string;
  tenantId: string;
  userId: string;
  returnTo: string;
}

interface LoginRow {
  tenant_id: string;
  nonce: string;
  code_verifier: string;
  return_to: string;
  expires_at: Date | string;
}

/**
 * Completes a sign-in: the state must be this browser's and unused (the row is deleted whatever happens next),
 * the code is exchanged with the PKCE verifier, the ID token validated (oidc.ts), and the provider account
 * (issuer, subject) resolved to a user of the state's tenant — linked by a verified email the first time, or
 * created just in time with the mapped role and unit. Disabled users are refused. Every outcome is audited in the
 * tenant. Throws `SsoRefused` (with `tenantId` when known) otherwise.
 */
export async function completeSsoLogin(
  ctx: AppContext,
  cb: SsoCallback,
  origin: RequestOrigin,
): Promise<SsoLoginResult> {
  if (!cb.state) throw new SsoRefused('state', 'The sign-in has no state');
  const login = await one<LoginRow>(
    ctx.db,
    sql`DELETE FROM sso_logins WHERE state_hash = ${sha256(cb.state)}
        RETURNING tenant_id, nonce, code_verifier, return_to, expires_at`,
  );
  if (!login || new Date(login.expires_at).getTime() < ctx.clock.now().getTime()) {
    throw new SsoRefused('state', 'This sign-in is unknown, used or expired; start again');
  }
  try {
    if (!cb.cookieState || cb.cookieState !== cb.state) {
      throw new SsoRefused('state', 'This sign-in was started in another browser');
    }
    if (cb.error) throw new SsoRefused('provider', `The provider refused the sign-in (${cb.error.slice(0, 80)})`);
    if (!cb.code) throw new SsoRefused('state', 'The provider sent no code');
    const config = await getSsoConfig(ctx.db, login.tenant_id);
    if (!config?.enabled) throw new SsoRefused('disabled', 'Single sign-on is off for this organisation');
    if (cb.iss !== undefined && normalIssuer(cb.iss) !== config.issuer) {
      throw new SsoRefused('issuer', 'The answer comes from another identity provider than this organisation’s');
    }
    const meta = await discover(ctx, config.issuer);
    const idToken = await exchangeCode(ctx, meta, {
      code: cb.code,
      redirectUri: callbackUrl(ctx.config),
      verifier: login.code_verifier,
      clientId: config.client_id,
      clientSecret: open(ctx.config.secret, config.client_secret_enc),
    });
    const claims = await verifyWithProvider(ctx, meta, idToken, {
      issuer: config.issuer,
      clientId: config.client_id,
      nonce: login.nonce,
      now: ctx.clock.now(),
    });
    const result = await ctx.db.transaction((tx) => signIn(tx, ctx, config, claims, origin));
    return { ...result, returnTo: login.return_to };
  } catch (err) {
    const refusal = err instanceof SsoRefused ? err : new SsoRefused('provider', 'The sign-in failed');
    await recordAudit(
      ctx.db,
      {
        tenantId: login.tenant_id,
        kind: 'anonymous',
        id: refusal.userId ?? null,
        label: refusal.email ?? null,
        ...origin,
      },
      {
        action: 'auth.login_failed',
        targetType: 'user',
        targetId: refusal.userId ?? null,
        outcome: 'failure',
        status: 401,
        after: { method: 'sso', reason: refusal.reason, detail: refusal.message },
      },
    );
    if (refusal !== err) throw Object.assign(refusal, { cause: err });
    throw refusal;
  }
}

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

async function signIn(
  tx: Tx,
  ctx: AppContext,
  config: SsoConfigRow,
  claims: JWTPayload,
  origin: RequestOrigin,
): Promise<Omit<SsoLoginResult, 'returnTo'>> {
  const tenantId = config.tenant_id;
  const subject = claims.sub!;
  const email = str(claims.email)?.toLowerCase();
  const who = { tenantId, kind: 'user' as const, label: email ?? subject, ...origin };
  let user = await one<{ id: string; status: string; email: string }>(
    tx,
    sql`SELECT u.id, u.status, u.email FROM user_identities i JOIN users u ON u.tenant_id = i.tenant_id AND u.id = i.user_id
        WHERE i.tenant_id = ${tenantId} AND i.issuer = ${config.issuer} AND i.subject = ${subject}`,
  );
  let linked = false;
  if (!user && email) {
    const byEmail = await one<{ id: string; status: string; email: string }>(
      tx,
      sql`SELECT id, status, email FROM users WHERE tenant_id = ${tenantId} AND email = ${email}`,
    );
    if (byEmail) {
      // An unverified email could be anyone's: linking on it would hand over the account.
      if (claims.email_verified !== true) {
        throw Object.assign(
          new SsoRefused('email_taken', 'A user with this email exists and the provider has not verified the email'),
          { userId: byEmail.id, email },
        );
      }
      user = byEmail;
      linked = true;
    }
  }
  if (user && user.status !== 'active') {
    throw Object.assign(new SsoRefused('user_disabled', 'This user is disabled'), {
      userId: user.id,
      email: user.email,
    });
  }
  if (!user) {
    if (!config.jit)
      throw Object.assign(new SsoRefused('no_account', 'No user for this account and just-in-time creation is off'), {
        email,
      });
    if (!email) throw new SsoRefused('claims', 'The provider sent no email for a new user (request the email scope)');
    const role = mapRole(config, claims);
    const orgUnitId = await mapUnit(tx, config, claims);
    const id = randomUUID();
    const name = str(claims.name) ?? str(claims.preferred_username) ?? email;
    const locale = str(claims.locale)?.toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
    await tx.execute(
      sql`INSERT INTO users (tenant_id, id, email, name, password_hash, role, org_unit_id, locale)
          VALUES (${tenantId}, ${id}, ${email}, ${name.slice(0, 200)}, NULL, ${role}, ${orgUnitId}, ${locale})`,
    );
    await recordAudit(
      tx,
      { ...who, id },
      {
        action: 'user.create',
        targetType: 'user',
        targetId: id,
        after: { email, name, role, orgUnitId, via: 'sso', issuer: config.issuer, subject },
      },
    );
    user = { id, status: 'active', email };
    linked = true;
  }
  const now = ctx.clock.now();
  if (linked) {
    await tx.execute(
      sql`INSERT INTO user_identities (tenant_id, issuer, subject, user_id) VALUES (${tenantId}, ${config.issuer}, ${subject}, ${user.id})`,
    );
  }
  await tx.execute(
    sql`UPDATE user_identities SET last_login_at = ${now.toISOString()}
        WHERE tenant_id = ${tenantId} AND issuer = ${config.issuer} AND subject = ${subject}`,
  );
  const token = randomToken();
  await tx.execute(
    sql`INSERT INTO sessions (id, tenant_id, user_id, expires_at)
        VALUES (${sha256(token)}, ${tenantId}, ${user.id}, ${new Date(now.getTime() + SESSION_TTL_MS).toISOString()})`,
  );
  await tx.execute(
    sql`UPDATE users SET last_login_at = ${now.toISOString()} WHERE tenant_id = ${tenantId} AND id = ${user.id}`,
  );
  await recordAudit(
    tx,
    { ...who, id: user.id, label: user.email },
    {
      action: 'auth.login',
      targetType: 'user',
      targetId: user.id,
      status: 302,
      after: { method: 'sso', issuer: config.issuer, subject, linked },
    },
  );
  return { token, tenantId, userId: user.id };
}
