import { SESSION_TTL_MS } from '../../../platform/auth.ts';
import type { Clock } from '../../../platform/clock.ts';
import { type Db, rows, sql } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import { randomToken, sha256, verifyPassword } from '../../../platform/passwords.ts';

/** A refused login; `account` names the account that was tried, when one exists, for the audit log. */
export class LoginRefused extends AppError {
  constructor(
    code: 'unauthenticated' | 'forbidden',
    detail: string,
    readonly account?: { tenantId: string; userId: string },
  ) {
    super(code, detail);
  }
}

export interface LoginOptions {
  email: string;
  password: string;
  tenant?: string;
}

/**
 * Checks credentials and opens a session. Emails are unique per tenant; when one address has accounts in
 * several tenants the caller must name the tenant (slug). Returns the cookie token (stored only as a hash).
 */
export async function login(
  db: Db,
  clock: Clock,
  opts: LoginOptions,
): Promise<{ token: string; tenantId: string; userId: string }> {
  const email = opts.email.trim().toLowerCase();
  const candidates = await rows<{
    tenant_id: string;
    id: string;
    password_hash: string | null;
    slug: string;
    role: string;
    sso_only: boolean | null;
  }>(
    db,
    sql`SELECT u.tenant_id, u.id, u.password_hash, t.slug, u.role, c.enabled AND c.sso_only AS sso_only
        FROM users u JOIN tenants t ON t.id = u.tenant_id LEFT JOIN sso_configs c ON c.tenant_id = u.tenant_id
        WHERE u.email = ${email} AND u.status = 'active' ${opts.tenant ? sql`AND t.slug = ${opts.tenant}` : sql``}`,
  );
  if (candidates.length > 1) {
    throw new AppError('invalid', 'This email belongs to several organisations; choose one', {
      invalidParams: [{ name: 'tenant', reason: `one of: ${candidates.map((c) => c.slug).join(', ')}` }],
    });
  }
  const user = candidates[0];
  // verifyPassword spends the same time for unknown accounts, so timing does not reveal which emails exist.
  const ok = await verifyPassword(opts.password, user?.password_hash);
  const account = user ? { tenantId: user.tenant_id, userId: user.id } : undefined;
  if (!user || !ok) throw new LoginRefused('unauthenticated', 'Wrong email or password', account);
  // Checked after the password, so the answer tells only someone who knows it that the tenant uses SSO. Owners
  // keep their password: the way back in when the identity provider is down or misconfigured.
  if (user.sso_only && user.role !== 'owner') {
    throw new LoginRefused('forbidden', 'Your organisation signs in with single sign-on; use its button', account);
  }
  const token = randomToken();
  const now = clock.now();
  await db.transaction(async (tx) => {
    await tx.execute(
      sql`INSERT INTO sessions (id, tenant_id, user_id, expires_at)
          VALUES (${sha256(token)}, ${user.tenant_id}, ${user.id}, ${new Date(now.getTime() + SESSION_TTL_MS).toISOString()})`,
    );
    await tx.execute(
      sql`UPDATE users SET last_login_at = ${now.toISOString()} WHERE tenant_id = ${user.tenant_id} AND id = ${user.id}`,
    );
    await tx.execute(sql`DELETE FROM sessions WHERE user_id = ${user.id} AND expires_at < ${now.toISOString()}`);
  });
  return { token, tenantId: user.tenant_id, userId: user.id };
}
