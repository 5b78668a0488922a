import type { TNewPanelTask } from '@loopcx/shared';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { rows, sql, type Tx } from '../../../platform/db.ts';
import { invalid } from '../../../platform/errors.ts';
import { uuidv7 } from '../../../platform/ids.ts';
import { requireUnitInScope } from '../../org/scope.ts';
import { authorizeManagePanel } from '../policy.ts';
import { getPanel } from '../queries.ts';
import { checkDiarySurvey } from './diary.ts';

/**
 * `POST /panels/{id}/tasks`: a task and its assignments, in one transaction — to every active member, to the
 * active members of some tiers, or to listed members (each must be an active member of this panel). An offline
 * task visits a unit in the caller's scope; a check-in needs the unit's stored position.
 */
export async function createTask(tx: Tx, actor: Actor, panelId: string, b: TNewPanelTask, now: Date) {
  authorizeManagePanel(actor);
  const p = await getPanel(tx, actor.tenantId, panelId);
  const dueAt = new Date(b.dueAt);
  if (dueAt <= now) throw invalid('dueAt', 'give a time in the future');
  if (b.orgUnitId) {
    const unit = await requireUnitInScope(tx, actor, b.orgUnitId);
    if (b.checkInRequired) {
      const [pos] = await rows<{ lat: number | null }>(
        tx,
        sql`SELECT lat FROM org_units WHERE tenant_id = ${actor.tenantId} AND id = ${unit.id}`,
      );
      if (pos?.lat === null) throw invalid('checkInRequired', 'the unit has no stored position to check in against');
    }
  }
  if (b.surveyId) await checkDiarySurvey(tx, actor.tenantId, b.surveyId);
  if (b.assignTo.kind === 'tiers')
    for (const t of b.assignTo.tiers)
      if (!p.tiers.some((x) => x.name === t)) throw invalid('assignTo.tiers', `${t} is not a tier of this panel`);
  const members = await rows<{ id: string }>(
    tx,
    sql`SELECT id FROM panel_members WHERE tenant_id = ${actor.tenantId} AND panel_id = ${panelId} AND status = 'active'
        ${
          b.assignTo.kind === 'tiers'
            ? sql`AND tier IN (SELECT jsonb_array_elements_text(${JSON.stringify(b.assignTo.tiers)}::jsonb))`
            : b.assignTo.kind === 'members'
              ? sql`AND id IN (SELECT jsonb_array_elements_text(${JSON.stringify(b.assignTo.memberIds)}::jsonb)::uuid)`
              : sql``
        } ORDER BY id`,
  );
  if (b.assignTo.kind === 'members') {
    const ok = new Set(members.map((m) => m.id));
    const bad = b.assignTo.memberIds.filter((m) => !ok.has(m));
    if (bad.length) throw invalid('assignTo.memberIds', `not active members of this panel: ${bad.join(', ')}`);
  }
  if (!members.length) throw invalid('assignTo', 'no active member to assign the task to');
  const id = uuidv7(now.getTime());
  await tx.execute(
    sql`INSERT INTO panel_tasks (tenant_id, id, panel_id, title, kind, instructions, org_unit_id, check_in_required, radius_m,
          min_photos, fields, survey_id, entries, min_entries, points, due_at, created_by, created_at)
        VALUES (${actor.tenantId}, ${id}, ${panelId}, ${b.title}, ${b.kind}, ${b.instructions || null}, ${b.orgUnitId ?? null},
          ${b.checkInRequired}, ${b.radiusM}, ${b.minPhotos}, ${JSON.stringify(b.fields)}::jsonb,
          ${b.surveyId ?? null}, ${b.entries}, ${b.minEntries}, ${b.points},
          ${dueAt.toISOString()}, ${actor.kind === 'user' ? actor.id : null}, ${now.toISOString()})`,
  );
  const assigned = await assignMembers(
    tx,
    actor.tenantId,
    id,
    members.map((m) => m.id),
    dueAt,
    now,
  );
  await audit(tx, actor, 'panel.task.create', 'panel_task', id, { ...b, assigned });
  return { id, assigned };
}

/** Assigns a task to members (one assignment per member and task; existing ones stay). Returns how many are new. */
export async function assignMembers(
  tx: Tx,
  tenantId: string,
  taskId: string,
  memberIds: string[],
  dueAt: Date,
  now: Date,
) {
  const list = memberIds.map((m, i) => ({ id: uuidv7(now.getTime() + i), m }));
  const made = await rows<{ id: string }>(
    tx,
    sql`INSERT INTO panel_task_assignments (tenant_id, id, task_id, member_id, due_at, assigned_at)
        SELECT ${tenantId}::uuid, x.id, ${taskId}::uuid, x.m, ${dueAt.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
        FROM jsonb_to_recordset(${JSON.stringify(list)}::jsonb) AS x(id uuid, m uuid)
        ON CONFLICT (tenant_id, task_id, member_id) DO NOTHING RETURNING id`,
  );
  return made.length;
}
