import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { sql, type Tx } from '../../../platform/db.ts';
import { conflict } from '../../../platform/errors.ts';
import { getTeam, teamNameTaken } from '../queries/get-team.ts';
import type { TeamInput } from './create-team.ts';
import { setTeamMembers } from './set-team-members.ts';

/** Changes the given fields of a team (absent: kept; null clears nameEn/description; 409 on a taken name). */
export async function updateTeam(tx: Tx, actor: Actor, id: string, input: Partial<TeamInput>): Promise<void> {
  const t = await getTeam(tx, actor, id);
  if (input.name && input.name !== t.name && (await teamNameTaken(tx, actor, input.name)))
    throw conflict(`A team named ${input.name} exists`, 'name');
  await tx.execute(
    sql`UPDATE teams SET name = ${input.name ?? t.name},
          name_en = ${input.nameEn === undefined ? t.name_en : input.nameEn},
          description = ${input.description === undefined ? t.description : input.description}
        WHERE tenant_id = ${actor.tenantId} AND id = ${t.id}`,
  );
  if (input.memberIds) await setTeamMembers(tx, actor, t.id, input.memberIds);
  await audit(tx, actor, 'team.update', 'team', t.id, input);
}
