import type { AppContext } from '../../platform/context.ts';
import { one, sql } from '../../platform/db.ts';
import type { DemoTenant } from '../../seed/demo.ts';
import { seal } from './secret-box.ts';

/**
 * The demo chain is preparing single sign-on with its Keycloak: the settings page shows a complete configuration
 * (groups → roles, a store-code claim → units) that is switched off, so the demo login page keeps its password form
 * and no button leads to a provider that does not exist.
 */
export async function seedSso(ctx: AppContext, demo: DemoTenant): Promise<void> {
  if (await one(ctx.db, sql`SELECT 1 FROM sso_configs WHERE tenant_id = ${demo.tenantId}`)) return;
  const east = demo.units.get('EAST')?.id;
  await ctx.db.execute(
    sql`INSERT INTO sso_configs (tenant_id, enabled, provider_name, issuer, client_id, client_secret_enc, scopes,
          role_claim, role_rules, default_role, unit_claim, unit_rules, jit, sso_only)
        VALUES (${demo.tenantId}, false, 'Savor Keycloak', 'https://sso.savor.example/realms/savor', 'loopcx',
          ${seal(ctx.config.secret, `demo-${demo.seed}-not-a-real-secret`)}, 'openid email profile groups',
          'groups', ${JSON.stringify([
            { value: 'cx-admins', role: 'admin' },
            { value: 'cx-analysts', role: 'analyst' },
            { value: 'store-managers', role: 'manager' },
            { value: 'service-desk', role: 'agent' },
          ])}::jsonb, 'viewer', 'store_code',
          ${JSON.stringify(east ? [{ value: 'east-office', orgUnitId: east }] : [])}::jsonb, true, false)`,
  );
}
