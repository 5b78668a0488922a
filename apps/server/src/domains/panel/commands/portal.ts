import type { TPanelField, ZPortalCheckIn, ZPortalSubmit } from '@loopcx/shared';
import type { z } from 'zod';
import { one, rows, sql, type Tx } from '../../../platform/db.ts';
import { AppError, conflict, invalid, notFound } from '../../../platform/errors.ts';
import { uuidv7 } from '../../../platform/ids.ts';
import { distanceOrNull } from '../../inspections/geo.ts';
import { assertDiaryComplete } from './diary.ts';

/** Photos one assignment takes at most. */
export const MAX_PHOTOS = 10;

export interface PortalAssignment {
  id: string;
  member_id: string;
  status: 'assigned' | 'submitted' | 'approved' | 'rejected' | 'overdue';
  due_at: string | Date;
  checked_in_at: string | Date | null;
  task_id: string;
  kind: 'online' | 'offline';
  title: string;
  org_unit_id: string | null;
  unit_lat: number | null;
  unit_lng: number | null;
  check_in_required: boolean;
  radius_m: number;
  min_photos: number;
  fields: TPanelField[];
  panel_id: string;
  /** The diary survey of a survey-backed online task (commands/diary.ts), else null. */
  survey_id: string | null;
  entries: 'once' | 'daily';
  min_entries: number;
}

/** One of the member's own assignments (404 for any other), locked for the change. */
export async function memberAssignment(tx: Tx, tenantId: string, memberId: string, id: string) {
  const a = await one<PortalAssignment>(
    tx,
    sql`SELECT a.id, a.member_id, a.status, a.due_at, a.checked_in_at, t.id AS task_id, t.kind, t.title, t.org_unit_id,
          ou.lat AS unit_lat, ou.lng AS unit_lng, t.check_in_required, t.radius_m, t.min_photos, t.fields, t.panel_id,
          t.survey_id, t.entries, t.min_entries
        FROM panel_task_assignments a JOIN panel_tasks t ON t.tenant_id = a.tenant_id AND t.id = a.task_id
        LEFT JOIN org_units ou ON ou.tenant_id = t.tenant_id AND ou.id = t.org_unit_id
        WHERE a.tenant_id = ${tenantId} AND a.member_id = ${memberId} AND a.id = ${id}
        FOR UPDATE OF a`,
  );
  if (!a) throw notFound('Task');
  return a;
}

/** 409 unless the assignment is still open for work, 410 once past its due time. */
export function assertOpen(a: PortalAssignment, now: Date) {
  if (a.status === 'overdue' || (a.status === 'assigned' && new Date(a.due_at) < now))
    throw new AppError('gone', 'This task is overdue');
  if (a.status !== 'assigned') throw conflict(`This task is ${a.status}`);
}

/**
 * The member checks in at the task's unit (the phone's position): the distance to the unit's stored position is
 * computed here (inspections' haversine); farther than the task's radius is a 422 naming the distance, so a
 * member cannot check in from home. Checking in again replaces the position.
 */
export async function checkIn(
  tx: Tx,
  tenantId: string,
  a: PortalAssignment,
  b: z.infer<typeof ZPortalCheckIn>,
  now: Date,
) {
  assertOpen(a, now);
  if (a.kind !== 'offline') throw conflict('An online task has no check-in');
  const distance = distanceOrNull(b, { lat: a.unit_lat, lng: a.unit_lng });
  if (distance !== null && distance > a.radius_m)
    throw new AppError('invalid', `You are ${distance} m from the store; check in within ${a.radius_m} m`, {
      invalidParams: [{ name: 'lat', reason: `${distance} m away (at most ${a.radius_m} m)` }],
      extra: { distanceM: distance },
    });
  await tx.execute(
    sql`UPDATE panel_task_assignments SET checkin_lat = ${b.lat}, checkin_lng = ${b.lng}, checkin_distance_m = ${distance},
          checked_in_at = ${now.toISOString()}
        WHERE tenant_id = ${tenantId} AND id = ${a.id}`,
  );
  return distance;
}

/** 409/422 before a photo is stored: the task is open, offline, and has room for one more. */
export async function assertCanAddPhoto(tx: Tx, tenantId: string, a: PortalAssignment, now: Date) {
  assertOpen(a, now);
  if (a.kind !== 'offline') throw conflict('An online task takes no photos');
  const n = await one<{ n: number }>(
    tx,
    sql`SELECT count(*)::int AS n FROM panel_photos WHERE tenant_id = ${tenantId} AND assignment_id = ${a.id}`,
  );
  if ((n?.n ?? 0) >= MAX_PHOTOS) throw conflict(`A task takes at most ${MAX_PHOTOS} photos`);
}

/** Checks the report against the task's fields: required ones answered, each value of its field's type. */
export function checkReport(fields: TPanelField[], answers: Record<string, string | number | boolean>) {
  const out: Record<string, string | number | boolean> = {};
  for (const code of Object.keys(answers))
    if (!fields.some((f) => f.code === code)) throw invalid(`answers.${code}`, 'not a field of this task');
  for (const f of fields) {
    let v = answers[f.code];
    if (typeof v === 'string') v = v.trim();
    if (v === undefined || v === '') {
      if (f.required) throw invalid(`answers.${f.code}`, 'required');
      continue;
    }
    if (f.type === 'text' && typeof v !== 'string') throw invalid(`answers.${f.code}`, 'text');
    if (f.type === 'number' && typeof v !== 'number') throw invalid(`answers.${f.code}`, 'a number');
    if (f.type === 'rating' && (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 5))
      throw invalid(`answers.${f.code}`, 'a whole number from 1 to 5');
    if (f.type === 'yesno' && typeof v !== 'boolean') throw invalid(`answers.${f.code}`, 'true or false');
    out[f.code] = v;
  }
  return out;
}

/**
 * The member submits: open, checked in when the task requires it, enough photos, a valid report. Stores the
 * submission (its text fields joined as the report text) and marks the assignment submitted. Returns its id.
 */
export async function submitReport(
  tx: Tx,
  tenantId: string,
  a: PortalAssignment,
  b: z.infer<typeof ZPortalSubmit>,
  now: Date,
): Promise<string> {
  assertOpen(a, now);
  if (a.check_in_required && !a.checked_in_at) throw invalid('checkIn', 'check in at the store before submitting');
  const [photos] = await rows<{ n: number }>(
    tx,
    sql`SELECT count(*)::int AS n FROM panel_photos WHERE tenant_id = ${tenantId} AND assignment_id = ${a.id}`,
  );
  if ((photos?.n ?? 0) < a.min_photos) throw invalid('photos', `upload at least ${a.min_photos} photo(s)`);
  // A diary's report is its entries (responses of its survey, already in text analytics): no fields, no text.
  if (a.survey_id) {
    if (Object.keys(b.answers).length) throw invalid('answers', 'a diary task is answered with its survey entries');
    await assertDiaryComplete(tx, tenantId, a);
  }
  const answers = checkReport(a.fields, b.answers);
  const text = a.fields
    .filter((f) => f.type === 'text' && typeof answers[f.code] === 'string')
    .map((f) => `${f.label}：${answers[f.code]}`)
    .join('\n');
  const id = uuidv7(now.getTime());
  await tx.execute(
    sql`INSERT INTO panel_submissions (tenant_id, id, assignment_id, answers, report_text, submitted_at)
        VALUES (${tenantId}, ${id}, ${a.id}, ${JSON.stringify(answers)}::jsonb, ${text || null}, ${now.toISOString()})`,
  );
  await tx.execute(
    sql`UPDATE panel_task_assignments SET status = 'submitted' WHERE tenant_id = ${tenantId} AND id = ${a.id}`,
  );
  return id;
}
