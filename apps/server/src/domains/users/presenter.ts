import type { TRole, TUserResponse } from '@loopcx/shared';
import { sql } from '../../platform/db.ts';

/** A user as the user queries select it, with their unit's code and name and their team ids. */
export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: TRole;
  org_unit_id: string;
  org_unit_code: string;
  org_unit_name: string;
  locale: string;
  status: string;
  created_at: Date | string;
  last_login_at: Date | string | null;
  team_ids: string[] | null;
}

/** The user SELECT: `u` users, `o` their unit (so callers add `orgScope(actor)` to the WHERE clause). */
export const USER_SELECT = sql`SELECT u.id, u.email, u.name, u.role, u.org_unit_id, o.code AS org_unit_code, o.name AS org_unit_name,
  u.locale, u.status, u.created_at, u.last_login_at,
  coalesce((SELECT array_agg(m.team_id ORDER BY m.team_id) FROM team_members m WHERE m.tenant_id = u.tenant_id AND m.user_id = u.id), '{}') AS team_ids
  FROM users u JOIN org_units o ON o.tenant_id = u.tenant_id AND o.id = u.org_unit_id`;

/** A user as the API answers it. */
export const presentUser = (u: UserRow): TUserResponse => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  orgUnitId: u.org_unit_id,
  orgUnit: { id: u.org_unit_id, code: u.org_unit_code, name: u.org_unit_name },
  locale: u.locale,
  status: u.status,
  teamIds: u.team_ids ?? [],
  createdAt: new Date(u.created_at).toISOString(),
  lastLoginAt: u.last_login_at ? new Date(u.last_login_at).toISOString() : null,
});
