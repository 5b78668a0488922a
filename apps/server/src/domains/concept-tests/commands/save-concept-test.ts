import { randomUUID } from 'node:crypto';
import type { TConceptTestCreate, TConceptTestKind, TConceptTestPatch } from '@loopcx/shared';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { one, sql, type Tx } from '../../../platform/db.ts';
import { AppError, invalid } from '../../../platform/errors.ts';
import { getSurvey } from '../../surveys/queries/get-survey.ts';
import { checkApproval } from '../approval.ts';
import { authorizeManageConceptTests } from '../policy.ts';
import type { ConceptTestRow } from '../presenter.ts';

/** A product the test names must be in the caller's tenant's catalogue: anything else is a 422 on `productId`. */
async function checkProduct(tx: Tx, actor: Actor, productId: string | null | undefined) {
  if (!productId) return;
  const p = await one(tx, sql`SELECT 1 FROM products WHERE tenant_id = ${actor.tenantId} AND id = ${productId}`);
  if (!p) throw invalid('productId', 'no such product in the catalogue');
}

/**
 * Creates a test on a survey of the caller's tenant (another tenant's survey is 404), after checking the approval
 * question against the survey's current definition. Returns the id.
 */
export async function createConceptTest(tx: Tx, actor: Actor, b: TConceptTestCreate, now: Date): Promise<string> {
  authorizeManageConceptTests(actor);
  const survey = await getSurvey(tx, actor, b.surveyId);
  if (survey.status === 'archived') throw new AppError('conflict', 'The survey is archived');
  const kind: TConceptTestKind = b.kind ?? 'concept';
  const rule = checkApproval(survey.definition, { ...b, kind });
  await checkProduct(tx, actor, b.productId);
  const id = randomUUID();
  await tx.execute(
    sql`INSERT INTO concept_tests (tenant_id, id, name, kind, survey_id, approval_question, approval_type, approve_at_least,
          approve_values, threshold, min_n, confidence, segment_question, product_id, created_by, created_at, updated_at)
        VALUES (${actor.tenantId}, ${id}, ${b.name}, ${kind}, ${b.surveyId}, ${rule.question}, ${rule.type},
          ${rule.approveAtLeast}, ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(rule.approveValues)}::jsonb)),
          ${b.threshold ?? 0.6}, ${b.minN ?? 100}, ${b.confidence ?? 0.95}, ${b.segmentQuestion ?? null},
          ${b.productId ?? null}, ${actor.kind === 'user' ? actor.id : null}, ${now.toISOString()}, ${now.toISOString()})`,
  );
  await audit(tx, actor, 'concept_test.create', 'concept_test', id, {
    name: b.name,
    surveyId: b.surveyId,
    approvalQuestion: rule.question,
    threshold: b.threshold ?? 0.6,
    minN: b.minN ?? 100,
    productId: b.productId ?? null,
  });
  return id;
}

/** The gate settings: once a decision is recorded they are part of its evidence and no longer change. */
const GATE_FIELDS = [
  'approvalQuestion',
  'approveAtLeast',
  'approveValues',
  'threshold',
  'minN',
  'confidence',
  'segmentQuestion',
] as const;

/**
 * Changes a test (locked by the caller): the name and archiving always; the gate's settings only while no
 * decision is recorded (409 after), so a recorded decision is never judged against settings it was not made with.
 */
export async function patchConceptTest(tx: Tx, actor: Actor, t: ConceptTestRow, p: TConceptTestPatch, now: Date) {
  authorizeManageConceptTests(actor);
  const gateChanges = GATE_FIELDS.filter((f) => p[f] !== undefined);
  if (gateChanges.length && Number(t.decisions) > 0)
    throw new AppError(
      'conflict',
      `A decision is recorded: ${gateChanges.join(', ')} can no longer change (create a new test to re-run the gate)`,
    );
  let rule = {
    question: t.approval_question,
    type: t.approval_type,
    approveAtLeast: t.approve_at_least,
    approveValues: t.approve_values,
  };
  if (gateChanges.length) {
    const survey = await getSurvey(tx, actor, t.survey_id);
    const question = p.approvalQuestion ?? t.approval_question;
    const sameQuestion = question === t.approval_question;
    rule = checkApproval(survey.definition, {
      kind: t.kind,
      approvalQuestion: question,
      // A new question starts from its own defaults unless the patch names the rule.
      approveAtLeast: p.approveAtLeast !== undefined ? p.approveAtLeast : sameQuestion ? t.approve_at_least : undefined,
      approveValues: p.approveValues ?? (sameQuestion ? t.approve_values : undefined),
      segmentQuestion: p.segmentQuestion !== undefined ? p.segmentQuestion : t.segment_question,
    });
  }
  await checkProduct(tx, actor, p.productId);
  await tx.execute(
    sql`UPDATE concept_tests SET name = ${p.name ?? t.name}, approval_question = ${rule.question}, approval_type = ${rule.type},
          approve_at_least = ${rule.approveAtLeast},
          approve_values = ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(rule.approveValues)}::jsonb)),
          threshold = ${p.threshold ?? t.threshold}, min_n = ${p.minN ?? t.min_n}, confidence = ${p.confidence ?? t.confidence},
          segment_question = ${p.segmentQuestion !== undefined ? p.segmentQuestion : t.segment_question},
          product_id = ${p.productId !== undefined ? p.productId : t.product_id},
          archived = ${p.archived ?? t.archived}, updated_at = ${now.toISOString()}
        WHERE tenant_id = ${actor.tenantId} AND id = ${t.id}`,
  );
  const action = p.archived === true ? 'archive' : p.archived === false ? 'restore' : 'update';
  await audit(tx, actor, `concept_test.${action}`, 'concept_test', t.id, p, {
    name: t.name,
    threshold: t.threshold,
    minN: t.min_n,
    confidence: t.confidence,
    approvalQuestion: t.approval_question,
    productId: t.product_id,
    archived: t.archived,
  });
}
