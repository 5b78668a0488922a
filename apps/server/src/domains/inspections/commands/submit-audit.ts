import type { TChecklistItem } from '@loopcx/shared';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { rows, sql, type Tx } from '../../../platform/db.ts';
import { AppError, conflict, type InvalidParam } from '../../../platform/errors.ts';
import { enqueue } from '../../../platform/jobs.ts';
import { assignFromAuditJob } from '../../training/jobs.ts';
import { openAuditTicketsJob, repeatFailuresJob } from '../jobs.ts';
import { assertCanWork } from '../policy.ts';
import type { AuditRow } from '../presenter.ts';

export interface AuditSubmit {
  results: Array<{ code: string; result: 'pass' | 'fail' | 'na'; note?: string; photoIds?: string[] }>;
  idempotencyKey?: string;
}

/** What an audit's results add up to (stored on the audit so the metrics sum columns). */
export function scoreOf(items: TChecklistItem[], results: Map<string, 'pass' | 'fail' | 'na'>) {
  let passed = 0;
  let applicable = 0;
  let fatal = 0;
  let generalFailed = 0;
  let generalApplicable = 0;
  for (const item of items) {
    const r = results.get(item.code);
    if (r === 'na' || r === undefined) continue;
    applicable += item.weight;
    if (r === 'pass') passed += item.weight;
    if (item.severity === 'fatal' && r === 'fail') fatal++;
    if (item.severity === 'general') {
      generalApplicable++;
      if (r === 'fail') generalFailed++;
    }
  }
  return { score: applicable > 0 ? passed / applicable : null, fatal, generalFailed, generalApplicable };
}

/**
 * Submits an audit (locked by the caller): every item of the pinned version answered exactly once, failed items
 * that require a photo or a note carry one, photos are this audit's. Writes one result per item and the audit's
 * score and counts, and — when a fatal item failed — the job that opens its tickets, when a general item failed the
 * job that looks for its repeated failures, and when any item failed the job that assigns its training quizzes,
 * in the same transaction.
 * Resubmitting with the stored idempotency key answers `replay: true` (the stored audit); anything else after
 * submit is a 409.
 */
export async function submitAudit(
  tx: Tx,
  actor: Actor,
  a: AuditRow,
  items: TChecklistItem[],
  b: AuditSubmit,
  now: Date,
): Promise<{ replay: boolean }> {
  assertCanWork(actor, a);
  if (a.status === 'submitted') {
    if (b.idempotencyKey && a.idempotency_key === b.idempotencyKey) return { replay: true };
    throw conflict('The audit is already submitted');
  }
  if (a.status !== 'assigned') throw conflict(`The audit is ${a.status}`);
  const problems: InvalidParam[] = [];
  const byCode = new Map(items.map((i) => [i.code, i]));
  const seen = new Set<string>();
  const photoIds = b.results.flatMap((r) => r.photoIds ?? []);
  const known = new Set(
    photoIds.length
      ? (
          await rows<{ id: string }>(
            tx,
            sql`SELECT id FROM audit_photos WHERE tenant_id = ${actor.tenantId} AND audit_id = ${a.id}
                AND id IN (SELECT jsonb_array_elements_text(${JSON.stringify(photoIds)}::jsonb)::uuid)`,
          )
        ).map((p) => p.id)
      : [],
  );
  b.results.forEach((r, i) => {
    const item = byCode.get(r.code);
    if (!item) problems.push({ name: `results.${i}.code`, reason: `${r.code} is not an item of this checklist` });
    else if (seen.has(r.code)) problems.push({ name: `results.${i}.code`, reason: `${r.code} is answered twice` });
    seen.add(r.code);
    for (const p of r.photoIds ?? [])
      if (!known.has(p)) problems.push({ name: `results.${i}.photoIds`, reason: `${p} is not a photo of this audit` });
    if (item && r.result === 'fail' && item.evidence === 'photo' && !r.photoIds?.length)
      problems.push({ name: `results.${i}.photoIds`, reason: `a failed ${r.code} needs a photo` });
    if (item && r.result === 'fail' && item.evidence === 'note' && !r.note?.trim())
      problems.push({ name: `results.${i}.note`, reason: `a failed ${r.code} needs a note` });
  });
  for (const item of items)
    if (!seen.has(item.code)) problems.push({ name: 'results', reason: `${item.code} is not answered` });
  if (problems.length)
    throw new AppError('invalid', problems.map((p) => `${p.name}: ${p.reason}`).join('; '), {
      invalidParams: problems,
    });

  const results = new Map(b.results.map((r) => [r.code, r.result]));
  const s = scoreOf(items, results);
  const data = b.results.map((r) => {
    const item = byCode.get(r.code)!;
    return {
      code: r.code,
      severity: item.severity,
      weight: item.weight,
      result: r.result,
      note: r.note?.trim() || null,
    };
  });
  await tx.execute(
    sql`INSERT INTO audit_results (tenant_id, audit_id, code, severity, weight, result, note)
        SELECT ${actor.tenantId}, ${a.id}, x.code, x.severity, x.weight, x.result, x.note
        FROM jsonb_to_recordset(${JSON.stringify(data)}::jsonb) AS x(code text, severity text, weight float8, result text, note text)`,
  );
  const photoCodes = b.results.flatMap((r) => (r.photoIds ?? []).map((id) => ({ id, code: r.code })));
  if (photoCodes.length)
    await tx.execute(
      sql`UPDATE audit_photos p SET item_code = x.code
          FROM jsonb_to_recordset(${JSON.stringify(photoCodes)}::jsonb) AS x(id uuid, code text)
          WHERE p.tenant_id = ${actor.tenantId} AND p.audit_id = ${a.id} AND p.id = x.id`,
    );
  await tx.execute(
    sql`UPDATE audits SET status = 'submitted', submitted_at = ${now.toISOString()}, idempotency_key = ${b.idempotencyKey ?? null},
          score = ${s.score}, fatal_failures = ${s.fatal}, general_failed = ${s.generalFailed},
          general_applicable = ${s.generalApplicable}
        WHERE tenant_id = ${actor.tenantId} AND id = ${a.id}`,
  );
  if (s.fatal > 0) await enqueue(tx, openAuditTicketsJob, [{ auditId: a.id }], { tenantId: actor.tenantId });
  if (s.generalFailed > 0) await enqueue(tx, repeatFailuresJob, [{ auditId: a.id }], { tenantId: actor.tenantId });
  // Any failed item may be one a training quiz trains: the training domain assigns it to the unit's staff.
  if (s.fatal + s.generalFailed > 0)
    await enqueue(tx, assignFromAuditJob, [{ auditId: a.id }], { tenantId: actor.tenantId });
  await audit(tx, actor, 'audit.submit', 'audit', a.id, {
    score: s.score,
    fatalFailures: s.fatal,
    generalFailed: s.generalFailed,
  });
  return { replay: false };
}
