import { randomUUID } from 'node:crypto';
import type { TGateDecisionValue } from '@loopcx/shared';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { one, sql, type Tx } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import { authorizeManageConceptTests } from '../policy.ts';
import type { ConceptTestRow } from '../presenter.ts';
import { gateEvidence } from '../queries/gate-evidence.ts';

const recorder = (actor: Actor) => (actor.kind === 'user' ? actor.id : null);

/**
 * Freezes the live decision of a test (locked by the caller) with its evidence as a new `computed` record. Records
 * are only ever inserted: nothing in the code updates or deletes one, and the table's trigger refuses it anyway.
 * Returns the record's id.
 */
export async function recordDecision(tx: Tx, actor: Actor, t: ConceptTestRow, now: Date): Promise<string> {
  authorizeManageConceptTests(actor);
  if (t.archived) throw new AppError('conflict', 'The concept test is archived');
  const evidence = await gateEvidence(tx, actor, t, now);
  const id = randomUUID();
  await tx.execute(
    sql`INSERT INTO concept_test_decisions (tenant_id, id, test_id, kind, decision, evidence, recorded_by, recorded_at)
        VALUES (${actor.tenantId}, ${id}, ${t.id}, 'computed', ${evidence.decision}, ${JSON.stringify(evidence)}::jsonb,
          ${recorder(actor)}, ${now.toISOString()})`,
  );
  await audit(tx, actor, 'concept_test.decision.record', 'concept_test', t.id, {
    decisionId: id,
    decision: evidence.decision,
    n: evidence.n,
    approval: evidence.approval,
    ci: evidence.ci,
  });
  return id;
}

/**
 * Overrides the test's latest computed decision with another one and a justification (≥ 20 characters): a new
 * `override` record that names the computed record and repeats its evidence, audited with both decisions. 409
 * before any computed record (record the gate's decision first) or when the override would change nothing.
 */
export async function overrideDecision(
  tx: Tx,
  actor: Actor,
  t: ConceptTestRow,
  b: { decision: TGateDecisionValue; justification: string },
  now: Date,
): Promise<string> {
  authorizeManageConceptTests(actor);
  if (t.archived) throw new AppError('conflict', 'The concept test is archived');
  const computed = await one<{ id: string; decision: string; evidence: unknown }>(
    tx,
    sql`SELECT id, decision, evidence FROM concept_test_decisions
        WHERE tenant_id = ${actor.tenantId} AND test_id = ${t.id} AND kind = 'computed'
        ORDER BY seq DESC LIMIT 1`,
  );
  if (!computed) throw new AppError('conflict', 'Record the computed decision before overriding it');
  if (t.status === b.decision) throw new AppError('conflict', `The test's decision is already ${b.decision}`);
  const id = randomUUID();
  await tx.execute(
    sql`INSERT INTO concept_test_decisions (tenant_id, id, test_id, kind, decision, overrides_id, justification, evidence,
          recorded_by, recorded_at)
        VALUES (${actor.tenantId}, ${id}, ${t.id}, 'override', ${b.decision}, ${computed.id}, ${b.justification},
          ${JSON.stringify(computed.evidence)}::jsonb, ${recorder(actor)}, ${now.toISOString()})`,
  );
  await audit(
    tx,
    actor,
    'concept_test.decision.override',
    'concept_test',
    t.id,
    { decisionId: id, decision: b.decision, justification: b.justification, overrides: computed.id },
    { decision: t.status, computed: computed.decision },
  );
  return id;
}
