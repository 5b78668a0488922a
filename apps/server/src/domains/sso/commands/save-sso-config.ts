import type { TRole } from '@loopcx/shared';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { sql, type Tx } from '../../../platform/db.ts';
import { invalid } from '../../../platform/errors.ts';
import { getOrgUnit } from '../../org/queries/get-org-unit.ts';
import { normalIssuer } from '../oidc.ts';
import { getSsoConfig, type SsoConfigRow } from '../queries/get-sso-config.ts';
import { seal } from '../secret-box.ts';

export interface SaveSsoConfigOptions {
  enabled: boolean;
  providerName: string;
  issuer: string;
  clientId: string;
  /** Omitted: keep the stored one (a first save must give it). */
  clientSecret?: string;
  scopes: string;
  roleClaim: string | null;
  roleRules: Array<{ value: string; role: Exclude<TRole, 'owner'> }>;
  defaultRole: Exclude<TRole, 'owner'>;
  unitClaim: string | null;
  unitRules: Array<{ value: string; orgUnitId: string }>;
  defaultOrgUnitId: string | null;
  jit: boolean;
  ssoOnly: boolean;
}

/** What the audit log keeps of a configuration: everything but the secret, which shows only as changed or not. */
const auditView = (r: SsoConfigRow | undefined) =>
  r && {
    enabled: r.enabled,
    providerName: r.provider_name,
    issuer: r.issuer,
    clientId: r.client_id,
    scopes: r.scopes,
    roleClaim: r.role_claim,
    roleRules: r.role_rules,
    defaultRole: r.default_role,
    unitClaim: r.unit_claim,
    unitRules: r.unit_rules,
    defaultOrgUnitId: r.default_org_unit_id,
    jit: r.jit,
    ssoOnly: r.sso_only,
  };

/**
 * Creates or replaces the tenant's provider. Units named by the mapping must be the tenant's (404 otherwise); the
 * client secret is sealed with LOOPCX_SECRET before it is stored. Audited with before/after, the secret never.
 */
export async function saveSsoConfig(tx: Tx, actor: Actor, secret: string, o: SaveSsoConfigOptions): Promise<void> {
  const before = await getSsoConfig(tx, actor.tenantId);
  if (!o.clientSecret && !before) throw invalid('clientSecret', 'is required the first time');
  if (!o.scopes.split(/\s+/).includes('openid')) throw invalid('scopes', 'must include openid');
  for (const id of new Set([
    ...o.unitRules.map((r) => r.orgUnitId),
    ...(o.defaultOrgUnitId ? [o.defaultOrgUnitId] : []),
  ])) {
    await getOrgUnit(tx, actor, id);
  }
  const sealed = o.clientSecret ? seal(secret, o.clientSecret) : before!.client_secret_enc;
  await tx.execute(
    sql`INSERT INTO sso_configs (tenant_id, enabled, provider_name, issuer, client_id, client_secret_enc, scopes,
          role_claim, role_rules, default_role, unit_claim, unit_rules, default_org_unit_id, jit, sso_only, updated_at)
        VALUES (${actor.tenantId}, ${o.enabled}, ${o.providerName}, ${normalIssuer(o.issuer)}, ${o.clientId}, ${sealed},
          ${o.scopes}, ${o.roleClaim}, ${JSON.stringify(o.roleRules)}::jsonb, ${o.defaultRole}, ${o.unitClaim},
          ${JSON.stringify(o.unitRules)}::jsonb, ${o.defaultOrgUnitId}, ${o.jit}, ${o.ssoOnly}, now())
        ON CONFLICT (tenant_id) DO UPDATE SET enabled = excluded.enabled, provider_name = excluded.provider_name,
          issuer = excluded.issuer, client_id = excluded.client_id, client_secret_enc = excluded.client_secret_enc,
          scopes = excluded.scopes, role_claim = excluded.role_claim, role_rules = excluded.role_rules,
          default_role = excluded.default_role, unit_claim = excluded.unit_claim, unit_rules = excluded.unit_rules,
          default_org_unit_id = excluded.default_org_unit_id, jit = excluded.jit, sso_only = excluded.sso_only,
          updated_at = now()`,
  );
  const after = await getSsoConfig(tx, actor.tenantId);
  await audit(
    tx,
    actor,
    'sso.update',
    'sso_config',
    actor.tenantId,
    { ...auditView(after), clientSecretChanged: !!o.clientSecret },
    auditView(before) ?? null,
  );
}

/** Removes the provider: SSO buttons disappear and password login applies to everyone again. */
export async function deleteSsoConfig(tx: Tx, actor: Actor): Promise<void> {
  const before = await getSsoConfig(tx, actor.tenantId);
  await tx.execute(sql`DELETE FROM sso_configs WHERE tenant_id = ${actor.tenantId}`);
  await audit(tx, actor, 'sso.delete', 'sso_config', actor.tenantId, null, auditView(before) ?? null);
}
