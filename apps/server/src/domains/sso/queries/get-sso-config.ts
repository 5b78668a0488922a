import type { TRole } from '@loopcx/shared';
import { type Executor, one, sql } from '../../../platform/db.ts';

export interface SsoConfigRow {
  tenant_id: string;
  enabled: boolean;
  provider_name: string;
  issuer: string;
  client_id: string;
  client_secret_enc: string;
  scopes: string;
  role_claim: string | null;
  role_rules: Array<{ value: string; role: TRole }>;
  default_role: TRole;
  unit_claim: string | null;
  unit_rules: Array<{ value: string; orgUnitId: string }>;
  default_org_unit_id: string | null;
  jit: boolean;
  sso_only: boolean;
  updated_at: Date | string;
}

/** A tenant's provider configuration (undefined when none was saved). */
export function getSsoConfig(ex: Executor, tenantId: string): Promise<SsoConfigRow | undefined> {
  return one<SsoConfigRow>(ex, sql`SELECT * FROM sso_configs WHERE tenant_id = ${tenantId}`);
}

/** A tenant by its slug with its provider configuration, for the login page (public: it answers no secret). */
export function tenantForLogin(
  ex: Executor,
  slug: string,
): Promise<(Partial<SsoConfigRow> & { id: string; slug: string; name: string }) | undefined> {
  return one(
    ex,
    sql`SELECT t.id, t.slug, t.name, c.* FROM tenants t LEFT JOIN sso_configs c ON c.tenant_id = t.id WHERE t.slug = ${slug}`,
  );
}
