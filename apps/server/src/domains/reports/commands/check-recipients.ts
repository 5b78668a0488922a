import type { Actor } from '../../../platform/auth.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import { invalid } from '../../../platform/errors.ts';
import { pathUnder } from '../../org/scope.ts';

/**
 * Recipient users must be active people of the caller's tenant whose unit lies in the report's subtree or above it
 * inside the caller's own scope: a manager mails a report only to people who may see that data anyway. Unknown,
 * other tenants' or out-of-scope users are one 422 (which ids fail is not said: that would probe other branches).
 */
export async function checkRecipients(ex: Executor, actor: Actor, userIds: readonly string[]) {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return unique;
  const found = await rows<{ id: string }>(
    ex,
    sql`SELECT u.id FROM users u JOIN org_units o ON o.tenant_id = u.tenant_id AND o.id = u.org_unit_id
        WHERE u.tenant_id = ${actor.tenantId} AND u.status = 'active' AND ${pathUnder('o', actor.orgPath)}
          AND u.id = ANY(${`{${unique.join(',')}}`}::uuid[])`,
  );
  if (found.length !== unique.length)
    throw invalid('recipientUserIds', 'every recipient must be an active user in your scope');
  return unique;
}
