import type { TRole } from '@loopcx/shared';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { sql, type Tx } from '../../../platform/db.ts';
import { conflict, forbidden } from '../../../platform/errors.ts';
import { getOrgUnit } from '../../org/queries/get-org-unit.ts';
import { assertCanGrant } from '../policy.ts';
import { getUser } from '../queries/get-user.ts';
import { assertOwnerRemains } from './assert-owner-remains.ts';
import { setUserTeams } from './set-user-teams.ts';

/** The fields a PATCH may change; `password` is the plain one, audited as *** (its hash is passed apart). */
export interface UpdateUserOptions {
  name?: string;
  role?: TRole;
  orgUnitId?: string;
  locale?: string;
  status?: 'active' | 'disabled';
  password?: string;
  teamIds?: string[];
}

/**
 * Changes a user in the caller's scope. Only an owner changes an owner, nobody disables themselves, the tenant keeps
 * an active owner, and a role, scope, status or password change ends the user's sessions so the new rights apply
 * at once.
 */
export async function updateUser(
  tx: Tx,
  actor: Actor,
  id: string,
  b: UpdateUserOptions,
  passwordHash: string | undefined,
): Promise<void> {
  const u = await getUser(tx, actor, id);
  if (u.role === 'owner' && actor.role !== 'owner') throw forbidden('Only an owner may change an owner');
  if (b.role) assertCanGrant(actor, b.role);
  if (b.orgUnitId) await getOrgUnit(tx, actor, b.orgUnitId);
  if (u.role === 'owner' && ((b.role && b.role !== 'owner') || b.status === 'disabled'))
    await assertOwnerRemains(tx, actor, u.id);
  if (u.id === actor.id && b.status === 'disabled') throw conflict('You cannot disable yourself');
  await tx.execute(
    sql`UPDATE users SET name = ${b.name ?? u.name}, role = ${b.role ?? u.role}, org_unit_id = ${b.orgUnitId ?? u.org_unit_id},
        locale = ${b.locale ?? u.locale}, status = ${b.status ?? u.status}
        ${passwordHash ? sql`, password_hash = ${passwordHash}` : sql``}
      WHERE tenant_id = ${actor.tenantId} AND id = ${u.id}`,
  );
  // A role, scope, status or password change ends the user's sessions so the new rights apply at once.
  if (b.role || b.orgUnitId || b.status === 'disabled' || passwordHash) {
    await tx.execute(sql`DELETE FROM sessions WHERE tenant_id = ${actor.tenantId} AND user_id = ${u.id}`);
  }
  if (b.teamIds) await setUserTeams(tx, actor, u.id, b.teamIds);
  const before = { name: u.name, role: u.role, orgUnitId: u.org_unit_id, locale: u.locale, status: u.status };
  const after = Object.fromEntries(
    Object.keys(before).map((k) => [k, b[k as keyof typeof b] ?? before[k as keyof typeof before]]),
  );
  await audit(tx, actor, 'user.update', 'user', u.id, { ...after, password: b.password, teamIds: b.teamIds }, before);
}
