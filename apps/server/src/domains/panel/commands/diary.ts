import { answerLines, type TPanelDiaryEntry, type TUiLang, type ZPortalDiaryEntry } from '@loopcx/shared';
import type { z } from 'zod';
import type { AppContext } from '../../../platform/context.ts';
import { type Executor, one, rows, sql, type Tx } from '../../../platform/db.ts';
import { AppError, conflict, invalid } from '../../../platform/errors.ts';
import { uuidv7 } from '../../../platform/ids.ts';
import { prepareWith } from '../../responses/prepare.ts';
import { compiledVersion } from '../../responses/survey-cache.ts';
import { writeResponses } from '../../responses/writer.ts';
import type { PortalAssignment } from './portal.ts';
import { assertOpen } from './portal.ts';

/**
 * Survey-backed diary tasks (decision 81, amended): an online task names a live survey of the tenant, the member
 * answers it on the portal (the respondent app's SurveyJS renderer, fed the definition by the portal), and each
 * answer is a real response of that survey — `prepareResponse` + `writeResponses`, the public submit's validation
 * and write path, listeners included — so it enters the survey's metrics, text analytics, alert rules and the
 * member's customer timeline like any response. `panel_diary_entries` ties each response to the assignment.
 */

/** 422 on `surveyId` unless it names a live survey of the tenant (drafts, paused, closed, archived are refused). */
export async function checkDiarySurvey(tx: Tx, tenantId: string, surveyId: string) {
  const s = await one<{ status: string; version: string | null }>(
    tx,
    sql`SELECT status, current_version_id AS version FROM surveys WHERE tenant_id = ${tenantId} AND id = ${surveyId}`,
  );
  if (!s) throw invalid('surveyId', 'not a survey of this workspace');
  if (s.status !== 'live' || !s.version) throw invalid('surveyId', `the survey is ${s.status}; publish it first`);
}

interface DiarySurvey {
  id: string;
  name: string;
  status: string;
  version_id: string | null;
  definition: Record<string, unknown> | null;
  bindings: Record<string, unknown> | null;
}

/** The assignment's diary survey at its current version; 409 when the task is no diary or the survey is not live. */
export async function diarySurveyOf(ex: Executor, tenantId: string, a: PortalAssignment) {
  if (!a.survey_id) throw conflict('This task has no diary survey');
  const s = await one<DiarySurvey>(
    ex,
    sql`SELECT s.id, s.name, s.status, v.id AS version_id, v.definition, v.bindings
        FROM surveys s LEFT JOIN survey_versions v ON v.tenant_id = s.tenant_id AND v.id = s.current_version_id
        WHERE s.tenant_id = ${tenantId} AND s.id = ${a.survey_id}`,
  );
  if (s?.status !== 'live' || !s.version_id) throw conflict('The diary survey is not open right now');
  return s as DiarySurvey & { version_id: string; definition: Record<string, unknown> };
}

/** The days the assignment already has entries for (tenant-local YYYY-MM-DD, oldest first). */
export async function entryDays(ex: Executor, tenantId: string, assignmentIds: string[]) {
  if (!assignmentIds.length) return [];
  return rows<{ assignment_id: string; day: string }>(
    ex,
    sql`SELECT assignment_id, to_char(day, 'YYYY-MM-DD') AS day FROM panel_diary_entries WHERE tenant_id = ${tenantId}
        AND assignment_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(assignmentIds)}::jsonb)::uuid)
        ORDER BY day`,
  );
}

/**
 * The tenant-local day of an instant, read through the caller's executor (the ingest's cached `tenantDay` reads
 * through the pool, which a transaction on PGlite's one connection would wait on forever).
 */
export async function tenantDayOf(ex: Executor, tenantId: string, at: Date) {
  const r = await one<{ day: string }>(
    ex,
    sql`SELECT to_char((${at.toISOString()}::timestamptz AT TIME ZONE timezone)::date, 'YYYY-MM-DD') AS day
        FROM tenants WHERE id = ${tenantId}`,
  );
  return r?.day ?? at.toISOString().slice(0, 10);
}

/** Whether one more entry may be written now: open, and today's (daily) or the only (once) entry not yet written. */
export function canAddEntry(
  a: { status: string; due_at: string | Date; entries: 'once' | 'daily' },
  days: string[],
  today: string,
  now: Date,
) {
  if (a.status !== 'assigned' || new Date(a.due_at) < now) return false;
  return a.entries === 'once' ? days.length === 0 : !days.includes(today);
}

/**
 * Writes one diary entry: the response (attributed to the member's customer through its member reference, at the
 * task's unit) and its entry row, in the caller's transaction with the assignment locked. A once task takes one
 * entry; a daily task one per tenant-local day (409 for a second). A retried request with the same key and
 * answers is the same response (200, no second entry).
 */
export async function addDiaryEntry(
  ctx: AppContext,
  tx: Tx,
  tenantId: string,
  member: { id: string; customer_id: string },
  a: PortalAssignment,
  b: z.infer<typeof ZPortalDiaryEntry>,
  now: Date,
): Promise<{ responseId: string; created: boolean }> {
  assertOpen(a, now);
  const s = await diarySurveyOf(tx, tenantId, a);
  const key = `panel|${a.id}|${b.idempotencyKey}`;
  const replay = await one<{ response_id: string; body_hash: string }>(
    tx,
    sql`SELECT e.response_id, r.body_hash FROM panel_diary_entries e
        JOIN responses r ON r.tenant_id = e.tenant_id AND r.id = e.response_id
        WHERE e.tenant_id = ${tenantId} AND e.assignment_id = ${a.id} AND r.idempotency_key = ${key}`,
  );
  const day = await tenantDayOf(tx, tenantId, now);
  const days = (await entryDays(tx, tenantId, [a.id])).map((d) => d.day);
  if (!replay) {
    if (a.entries === 'once' && days.length) throw conflict('This diary takes one entry, and it is written');
    if (days.includes(day)) throw conflict('Today’s diary entry is already written; come back tomorrow');
  }
  const unit = a.org_unit_id
    ? await one<{ id: string; path: string }>(
        tx,
        sql`SELECT id, path FROM org_units WHERE tenant_id = ${tenantId} AND id = ${a.org_unit_id}`,
      )
    : null;
  // The public submit's validation (prepareResponse's synchronous half, the version compiled from its definition).
  const compiled = await compiledVersion(ctx, tenantId, s.version_id, s.definition);
  const { errors, item } = prepareWith(ctx, compiled, () => day, {
    tenantId,
    surveyId: s.id,
    version: { id: s.version_id, definition: s.definition, bindings: s.bindings ?? {} },
    answers: b.answers,
    context: { panel: { taskId: a.task_id, assignmentId: a.id } },
    orgUnitId: unit?.id ?? null,
    orgPath: unit?.path ?? null,
    touchpointId: null,
    customerRef: await memberRef(tx, tenantId, member),
    channel: 'panel',
    invitationId: null,
    locale: b.locale ?? null,
    idempotencyKey: key,
    submittedAt: now,
    hashOf: { assignment: a.id, answers: b.answers },
  });
  if (!item)
    throw new AppError('invalid', errors.map((e) => `${e.name}: ${e.reason}`).join('; '), { invalidParams: errors });
  const [result] = await writeResponses(tx, [item]);
  if ('error' in result) throw result.error;
  if (result.status === 'duplicate') return { responseId: result.id, created: false };
  await tx.execute(
    sql`INSERT INTO panel_diary_entries (tenant_id, id, assignment_id, response_id, day, created_at)
        VALUES (${tenantId}, ${uuidv7(now.getTime())}, ${a.id}, ${result.id}, ${day}::date, ${now.toISOString()})`,
  );
  return { responseId: result.id, created: true };
}

/**
 * The reference the diary's responses carry: the customer's member id when it has one, else a member identity
 * `panel:<member id>` added to the customer (phone and email identities are hashes, not references), so customer
 * resolution links every entry to this customer's timeline and never creates a profile of its own.
 */
async function memberRef(tx: Tx, tenantId: string, member: { id: string; customer_id: string }) {
  const known = await one<{ value: string }>(
    tx,
    sql`SELECT value FROM customer_identities WHERE tenant_id = ${tenantId} AND customer_id = ${member.customer_id}
        AND kind = 'member' ORDER BY created_at, value LIMIT 1`,
  );
  if (known) return known.value;
  const ref = `panel:${member.id}`;
  await tx.execute(
    sql`INSERT INTO customer_identities (tenant_id, kind, value, display, customer_id)
        VALUES (${tenantId}, 'member', ${ref}, ${ref}, ${member.customer_id}) ON CONFLICT DO NOTHING`,
  );
  return ref;
}

/** 422 on submit until a diary has its minimum number of entries. */
export async function assertDiaryComplete(tx: Tx, tenantId: string, a: PortalAssignment) {
  const n = (await entryDays(tx, tenantId, [a.id])).length;
  if (n < a.min_entries)
    throw invalid('entries', `write at least ${a.min_entries} diary entr(ies) first (${n} so far)`);
}

/**
 * The entries of some submissions' assignments, their answers as the survey's own "title: label" lines in the
 * reader's language (`answerLines`, as alert messages show answers) from the version each entry answered.
 */
export async function diaryEntriesOf(
  ex: Executor,
  tenantId: string,
  assignmentIds: string[],
  lang: TUiLang,
): Promise<Map<string, TPanelDiaryEntry[]>> {
  const out = new Map<string, TPanelDiaryEntry[]>();
  if (!assignmentIds.length) return out;
  const list = await rows<{
    id: string;
    assignment_id: string;
    response_id: string;
    day: string;
    submitted_at: string | Date;
    answers: Record<string, unknown>;
    definition: Record<string, unknown>;
  }>(
    ex,
    sql`SELECT e.id, e.assignment_id, e.response_id, to_char(e.day, 'YYYY-MM-DD') AS day, r.submitted_at, r.answers,
          v.definition
        FROM panel_diary_entries e JOIN responses r ON r.tenant_id = e.tenant_id AND r.id = e.response_id
        JOIN survey_versions v ON v.tenant_id = r.tenant_id AND v.id = r.survey_version_id
        WHERE e.tenant_id = ${tenantId}
        AND e.assignment_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(assignmentIds)}::jsonb)::uuid)
        ORDER BY e.day, e.id`,
  );
  for (const e of list) {
    const entry = {
      id: e.id,
      responseId: e.response_id,
      day: e.day,
      submittedAt: new Date(e.submitted_at).toISOString(),
      answers: answerLines(e.definition, e.answers, lang).map((l) => ({ name: l.key, title: l.title, value: l.text })),
    };
    out.set(e.assignment_id, [...(out.get(e.assignment_id) ?? []), entry]);
  }
  return out;
}
