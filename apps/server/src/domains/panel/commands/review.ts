import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import type { AppContext } from '../../../platform/context.ts';
import { one, rows, sql, type Tx } from '../../../platform/db.ts';
import { conflict } from '../../../platform/errors.ts';
import { uuidv7 } from '../../../platform/ids.ts';
import { insertFeedback } from '../../feedback/commands/create-feedback.ts';
import { type NotifyResult, notify } from '../../notifications/commands/notify.ts';
import { pathUnderUnit } from '../../org/scope.ts';
import { authorizeReviewPanel } from '../policy.ts';
import type { SubmissionRow } from '../queries.ts';
import type { Tier } from '../tiers.ts';

/**
 * Adds `delta` points to a member through the ledger (append-only) and keeps `points` (the balance), `earned` and
 * `tier` in step in the same transaction. Approvals and adjustments are earned points, and the tier follows the
 * earned points (redemptions, `commands/rewards.ts`, move the balance only). A `task_approved` entry is unique per
 * submission (the unique index), so a retried approval cannot award twice.
 */
export async function awardPoints(
  tx: Tx,
  e: {
    tenantId: string;
    memberId: string;
    delta: number;
    reason: 'task_approved' | 'adjustment';
    referenceId: string | null;
    note?: string | null;
    by: string | null;
  },
  now: Date,
) {
  await tx.execute(
    sql`INSERT INTO panel_point_ledger (tenant_id, id, member_id, delta, reason, reference_id, note, created_by, created_at)
        VALUES (${e.tenantId}, ${uuidv7(now.getTime())}, ${e.memberId}, ${e.delta}, ${e.reason}, ${e.referenceId},
          ${e.note ?? null}, ${e.by}, ${now.toISOString()})`,
  );
  await tx.execute(
    sql`UPDATE panel_members m SET points = m.points + ${e.delta}, earned = m.earned + ${e.delta},
          tier = (SELECT x.name FROM panels p, jsonb_to_recordset(p.tiers) AS x(name text, "minPoints" int)
                  WHERE p.tenant_id = m.tenant_id AND p.id = m.panel_id AND x."minPoints" <= m.earned + ${e.delta}
                  ORDER BY x."minPoints" DESC LIMIT 1)
        WHERE m.tenant_id = ${e.tenantId} AND m.id = ${e.memberId}`,
  );
}

/**
 * `POST /panel-submissions/{id}/review`: approve (awards the task's points through the ledger, re-tiers the
 * member, and turns the report's text into a feedback item of source `panel` with the unit and customer — the
 * feedback domain's insert, so text analytics and feedback alert rules → tickets apply as to any item) or reject
 * with a note. A submission is reviewed once (409 after).
 */
export async function reviewSubmission(
  tx: Tx,
  actor: Actor,
  s: SubmissionRow,
  b: { decision: 'approve' | 'reject'; note?: string },
  panelName: string,
  now: Date,
) {
  authorizeReviewPanel(actor);
  if (s.reviewed_at) throw conflict('This submission was already reviewed');
  const by = actor.kind === 'user' ? actor.id : null;
  let feedbackId: string | null = null;
  const approve = b.decision === 'approve';
  if (approve) {
    await awardPoints(
      tx,
      {
        tenantId: actor.tenantId,
        memberId: s.member_id,
        delta: s.points,
        reason: 'task_approved',
        referenceId: s.id,
        by,
      },
      now,
    );
    if (s.report_text) {
      const [id] = await insertFeedback(tx, actor.tenantId, by, [
        {
          source: 'panel',
          channel: panelName.slice(0, 100),
          author: s.member_name.slice(0, 200),
          text: s.report_text,
          orgUnitId: s.org_unit_id ?? undefined,
          externalId: s.id,
          occurredAt: new Date(s.submitted_at).toISOString(),
        },
      ]);
      feedbackId = id ?? null;
      if (feedbackId)
        await tx.execute(
          sql`UPDATE feedback_items SET customer_id = ${s.customer_id} WHERE tenant_id = ${actor.tenantId} AND id = ${feedbackId}`,
        );
    }
  }
  await tx.execute(
    sql`UPDATE panel_submissions SET reviewed_by = ${by}, reviewed_at = ${now.toISOString()}, review_note = ${b.note || null},
          points_awarded = ${approve ? s.points : 0}, feedback_item_id = ${feedbackId}
        WHERE tenant_id = ${actor.tenantId} AND id = ${s.id}`,
  );
  await tx.execute(
    sql`UPDATE panel_task_assignments SET status = ${approve ? 'approved' : 'rejected'}
        WHERE tenant_id = ${actor.tenantId} AND id = ${s.assignment_id}`,
  );
  await audit(tx, actor, `panel.submission.${b.decision}`, 'panel_submission', s.id, { note: b.note, feedbackId });
}

/**
 * Tells the reviewers of a new submission (in the submit transaction, through `notify`): active owners and admins
 * whose subtree holds the task's unit (the tenant root's for an online task). Returns what `announce` needs.
 */
export async function notifyReviewers(
  tx: Tx,
  ctx: AppContext,
  tenantId: string,
  sub: { id: string; taskTitle: string; memberName: string; unitId: string | null },
): Promise<NotifyResult[]> {
  const reviewers = await rows<{ id: string }>(
    tx,
    sql`SELECT u.id FROM users u JOIN org_units ou ON ou.tenant_id = u.tenant_id AND ou.id = u.org_unit_id
        WHERE u.tenant_id = ${tenantId} AND u.status = 'active' AND u.role IN ('owner','admin')
        AND ${
          sub.unitId
            ? sql`EXISTS (SELECT 1 FROM org_units t WHERE t.tenant_id = ${tenantId} AND t.id = ${sub.unitId} AND ${pathUnderUnit('t', 'ou')})`
            : sql`ou.parent_id IS NULL`
        }
        ORDER BY u.id LIMIT 50`,
  );
  if (!reviewers.length) return [];
  return notify(tx, ctx, {
    tenantId,
    kind: 'system',
    userIds: reviewers.map((r) => r.id),
    unitId: sub.unitId,
    title: `体验达人提交待审核 / Panel submission to review: ${sub.taskTitle}`.slice(0, 200),
    body: `${sub.memberName} — ${sub.taskTitle}`,
    link: '/panel?tab=review',
    data: { submissionId: sub.id },
  });
}

export async function panelName(tx: Tx, tenantId: string, panelId: string) {
  return (
    (await one<{ name: string }>(tx, sql`SELECT name FROM panels WHERE tenant_id = ${tenantId} AND id = ${panelId}`))
      ?.name ?? ''
  );
}
export type { Tier };
