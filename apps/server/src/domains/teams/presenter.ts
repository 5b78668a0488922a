import type { TTeamResponse } from '@loopcx/shared';
import { sql } from '../../platform/db.ts';

/** A `teams` row with its member ids, as the team queries select it. */
export interface TeamRow {
  id: string;
  name: string;
  name_en: string | null;
  description: string | null;
  created_at: Date | string;
  member_ids: string[] | null;
}

/** The columns of a team and its sorted member ids, with `t` the `teams` alias. */
export const TEAM_COLUMNS = sql`t.id, t.name, t.name_en, t.description, t.created_at,
  coalesce((SELECT array_agg(m.user_id ORDER BY m.user_id) FROM team_members m WHERE m.tenant_id = t.tenant_id AND m.team_id = t.id), '{}') AS member_ids`;

/** A team as the API answers it. */
export const presentTeam = (t: TeamRow): TTeamResponse => ({
  id: t.id,
  name: t.name,
  nameEn: t.name_en,
  description: t.description,
  memberIds: t.member_ids ?? [],
  createdAt: new Date(t.created_at).toISOString(),
});
