import type { TRole } from '@loopcx/shared';
import type { JWTPayload } from 'jose';
import { one, sql, type Tx } from '../../platform/db.ts';
import type { SsoConfigRow } from './queries/get-sso-config.ts';

/**
 * The values of a claim as strings: a string, a number, or a list of them (groups), found by a dotted path so
 * nested claims such as Keycloak's `realm_access.roles` work.
 */
export function claimValues(claims: JWTPayload, path: string | null): string[] {
  if (!path) return [];
  let v: unknown = claims;
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return [];
    v = (v as Record<string, unknown>)[part];
  }
  const list = Array.isArray(v) ? v : [v];
  return list.filter((x) => typeof x === 'string' || typeof x === 'number').map(String);
}

/** The role of a new user: the first rule whose value the role claim holds, else the default. Never owner. */
export function mapRole(config: SsoConfigRow, claims: JWTPayload): Exclude<TRole, 'owner'> {
  const values = new Set(claimValues(claims, config.role_claim));
  const rule = config.role_rules.find((r) => values.has(r.value));
  const role = (rule?.role ?? config.default_role) as TRole;
  return role === 'owner' ? 'viewer' : role;
}

/**
 * The unit of a new user: the first unit rule whose value the unit claim holds; else a claim value that is one of
 * the tenant's org unit codes (a store code such as `SH-01`); else the configured default; else the root.
 */
export async function mapUnit(tx: Tx, config: SsoConfigRow, claims: JWTPayload): Promise<string> {
  const values = claimValues(claims, config.unit_claim);
  const rule = config.unit_rules.find((r) => values.includes(r.value));
  if (rule) return rule.orgUnitId;
  if (values.length) {
    const byCode = await one<{ id: string }>(
      tx,
      sql`SELECT id FROM org_units WHERE tenant_id = ${config.tenant_id} AND code IN (SELECT jsonb_array_elements_text(${JSON.stringify(values)}::jsonb)) ORDER BY depth DESC LIMIT 1`,
    );
    if (byCode) return byCode.id;
  }
  if (config.default_org_unit_id) return config.default_org_unit_id;
  const root = await one<{ id: string }>(
    tx,
    sql`SELECT id FROM org_units WHERE tenant_id = ${config.tenant_id} AND parent_id IS NULL ORDER BY created_at LIMIT 1`,
  );
  return root!.id;
}
