import { randomUUID } from 'node:crypto';
import type { TRole } from '@loopcx/shared';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { one, sql, type Tx } from '../../../platform/db.ts';
import { conflict } from '../../../platform/errors.ts';
import { getOrgUnit } from '../../org/queries/get-org-unit.ts';
import { setUserTeams } from './set-user-teams.ts';

/** A new user; the password is already hashed (hashing runs before the transaction opens). */
export interface CreateUserOptions {
  email: string;
  name: string;
  role: TRole;
  orgUnitId: string;
  passwordHash: string;
  locale?: string;
  teamIds?: string[];
}

/** Creates a user at a unit in the caller's scope (404 otherwise; 409 on a taken email); returns the id. */
export async function createUser(tx: Tx, actor: Actor, opts: CreateUserOptions): Promise<string> {
  await getOrgUnit(tx, actor, opts.orgUnitId);
  const dup = await one(tx, sql`SELECT 1 FROM users WHERE tenant_id = ${actor.tenantId} AND email = ${opts.email}`);
  if (dup) throw conflict(`A user with email ${opts.email} exists`, 'email');
  const id = randomUUID();
  await tx.execute(
    sql`INSERT INTO users (tenant_id, id, email, name, password_hash, role, org_unit_id, locale)
      VALUES (${actor.tenantId}, ${id}, ${opts.email}, ${opts.name}, ${opts.passwordHash}, ${opts.role}, ${opts.orgUnitId}, ${opts.locale ?? 'zh-CN'})`,
  );
  if (opts.teamIds) await setUserTeams(tx, actor, id, opts.teamIds);
  await audit(tx, actor, 'user.create', 'user', id, { email: opts.email, role: opts.role });
  return id;
}
