import type { TRole } from '@loopcx/shared';
import type { Actor } from '../platform/auth.ts';
import { type Executor, rows, sql } from '../platform/db.ts';

/**
 * The demo tenant's users as actors, by e-mail, so a demo step can run the API's own commands as the person who
 * would have done the work. Throws for an e-mail the tenant does not have (a demo step out of step with DEMO_USERS).
 */
export async function demoActors(ex: Executor, tenantId: string): Promise<(email: string) => Actor> {
  const users = await rows<{ id: string; email: string; role: TRole; org_unit_id: string; path: string }>(
    ex,
    sql`SELECT u.id, u.email, u.role, u.org_unit_id, o.path FROM users u
        JOIN org_units o ON o.tenant_id = u.tenant_id AND o.id = u.org_unit_id WHERE u.tenant_id = ${tenantId}`,
  );
  return (email) => {
    const u = users.find((x) => x.email === email);
    if (!u) throw new Error(`demo user ${email} missing`);
    return { tenantId, kind: 'user', id: u.id, role: u.role, orgUnitId: u.org_unit_id, orgPath: u.path };
  };
}
