import type { AppContext } from '../../../platform/context.ts';
import { one, rows, sql } from '../../../platform/db.ts';
import { assignStaff, DEFAULT_DUE_DAYS } from './assign-training.ts';

/**
 * Assigns, for a submitted audit, every active quiz that trains one of its failed items to the audited unit's
 * staff (due in 7 days, carrying the audit and the first failed item the quiz trains). Runs as the
 * `training.assign-from-audit` job written by the audit's submit; idempotent: a quiz already assigned from this
 * audit is skipped, and staff holding an open assignment of the quiz are not assigned again.
 * Returns how many assignments it made.
 */
export async function assignFromAudit(ctx: AppContext, tenantId: string, auditId: string): Promise<number> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const a = await one<{ org_unit_id: string; checklist_id: string }>(
      tx,
      sql`SELECT org_unit_id, checklist_id FROM audits
          WHERE tenant_id = ${tenantId} AND id = ${auditId} AND status = 'submitted'`,
    );
    if (!a) return 0;
    const quizzes = await rows<{ id: string; code: string }>(
      tx,
      sql`SELECT q.id, (SELECT min(r.code) FROM audit_results r WHERE r.tenant_id = q.tenant_id
            AND r.audit_id = ${auditId} AND r.result = 'fail' AND r.code = ANY(q.item_codes)) AS code
          FROM training_quizzes q
          WHERE q.tenant_id = ${tenantId} AND q.checklist_id = ${a.checklist_id} AND NOT q.archived
            AND NOT EXISTS (SELECT 1 FROM training_assignments t WHERE t.tenant_id = q.tenant_id
              AND t.audit_id = ${auditId} AND t.quiz_id = q.id)
          ORDER BY q.name, q.id`,
    );
    let made = 0;
    for (const q of quizzes) {
      if (!q.code) continue;
      const r = await assignStaff(
        tx,
        {
          tenantId,
          quizId: q.id,
          unitId: a.org_unit_id,
          userIds: null,
          dueAt: new Date(now.getTime() + DEFAULT_DUE_DAYS * 86400_000),
          auditId,
          itemCode: q.code,
          assignedBy: null,
        },
        now,
      );
      made += r.ids.length;
    }
    return made;
  });
}
