import { randomUUID } from 'node:crypto';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { sql, type Tx } from '../../../platform/db.ts';
import { conflict } from '../../../platform/errors.ts';
import { teamNameTaken } from '../queries/get-team.ts';
import { setTeamMembers } from './set-team-members.ts';

/** A team's fields as the API takes them. */
export interface TeamInput {
  name: string;
  nameEn?: string | null;
  description?: string | null;
  memberIds?: string[];
}

/** Creates a team (409 when the name is taken) with its members; returns its id. */
export async function createTeam(tx: Tx, actor: Actor, input: TeamInput): Promise<string> {
  const id = randomUUID();
  if (await teamNameTaken(tx, actor, input.name)) throw conflict(`A team named ${input.name} exists`, 'name');
  await tx.execute(
    sql`INSERT INTO teams (tenant_id, id, name, name_en, description)
        VALUES (${actor.tenantId}, ${id}, ${input.name}, ${input.nameEn ?? null}, ${input.description ?? null})`,
  );
  if (input.memberIds) await setTeamMembers(tx, actor, id, input.memberIds);
  await audit(tx, actor, 'team.create', 'team', id, { name: input.name });
  return id;
}
