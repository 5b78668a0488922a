import type { SQL } from 'drizzle-orm';
import type { Actor } from '../../platform/auth.ts';
import { sql } from '../../platform/db.ts';
import { pathUnder } from '../org/scope.ts';

/** The caller's teams, as a sub-select of team ids (teams are tenant-wide; membership is the boundary). */
export function actorTeams(actor: Actor): SQL {
  return sql`SELECT tm.team_id FROM team_members tm WHERE tm.tenant_id = ${actor.tenantId} AND tm.user_id = ${actor.id}`;
}

/**
 * The problems a caller may see, as a condition on `problems <alias>`. A problem id alone is not a boundary: the
 * caller's tenant, and either the problem's unit lies in the caller's subtree (HQ analysts see what they opened,
 * regional managers their region's), or the caller owns it, or one of its tasks is the caller's (a task for a unit
 * in the caller's subtree, or for one of the caller's teams).
 */
export function problemScope(actor: Actor, alias = 'p'): SQL {
  const p = sql.raw(alias);
  return sql`${p}.tenant_id = ${actor.tenantId} AND (
    ${p}.owner_id = ${actor.id}
    OR EXISTS (SELECT 1 FROM org_units po WHERE po.tenant_id = ${p}.tenant_id AND po.id = ${p}.org_unit_id AND ${pathUnder('po', actor.orgPath)})
    OR EXISTS (SELECT 1 FROM problem_tasks pk LEFT JOIN org_units pko ON pko.tenant_id = pk.tenant_id AND pko.id = pk.org_unit_id
               WHERE pk.tenant_id = ${p}.tenant_id AND pk.problem_id = ${p}.id
                 AND (pk.team_id IN (${actorTeams(actor)}) OR (pk.org_unit_id IS NOT NULL AND ${pathUnder('pko', actor.orgPath)}))))`;
}

/**
 * Which tasks of a visible problem the caller sees, as a condition on `problem_tasks k` with its unit `ko` and its
 * problem's unit `po`: all of them when the problem's unit is in the caller's subtree (the HQ side of the loop);
 * otherwise team tasks (teams are tenant-wide) and tasks for units in the caller's subtree, never another
 * region's unit task.
 */
export function taskVisible(actor: Actor): SQL {
  return sql`(${pathUnder('po', actor.orgPath)} OR k.team_id IS NOT NULL OR ${pathUnder('ko', actor.orgPath)})`;
}

/**
 * Whether the caller works on task `k` (reports progress, adds evidence, submits), as an SQL boolean: a member of
 * the task's team, or for a unit task a manager (or owner/admin) whose subtree holds the unit.
 */
export function taskWorker(actor: Actor): SQL {
  const unitRole = ['manager', 'admin', 'owner'].includes(actor.role);
  return sql`(k.team_id IN (${actorTeams(actor)}) OR ${
    unitRole ? sql`(k.org_unit_id IS NOT NULL AND ${pathUnder('ko', actor.orgPath)})` : sql`false`
  })`;
}

/** Tasks (`k`) with their unit (`ko`), team (`kt`) and problem (`p`, its unit `po`). */
export const TASK_FROM = sql`problem_tasks k
  JOIN problems p ON p.tenant_id = k.tenant_id AND p.id = k.problem_id
  JOIN org_units po ON po.tenant_id = p.tenant_id AND po.id = p.org_unit_id
  LEFT JOIN org_units ko ON ko.tenant_id = k.tenant_id AND ko.id = k.org_unit_id
  LEFT JOIN teams kt ON kt.tenant_id = k.tenant_id AND kt.id = k.team_id`;
