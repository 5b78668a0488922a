import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';
import type { ConceptTestRow, DecisionRow } from '../presenter.ts';

/**
 * A test with its survey and its status (the latest record). Tests are tenant-wide like the surveys they read:
 * the tenant is the boundary, on the test and on the joined survey alike.
 */
const SELECT = sql`SELECT t.id, t.name, t.kind, t.survey_id, s.name AS survey_name, s.status AS survey_status,
    t.approval_question, t.approval_type, t.approve_at_least, t.approve_values, t.threshold, t.min_n, t.confidence, t.segment_question,
    t.product_id, p.code AS product_code, p.name AS product_name, t.archived, d.decision AS status, d.kind AS status_kind, d.recorded_at AS decided_at,
    (SELECT count(*)::int FROM concept_test_decisions x WHERE x.tenant_id = t.tenant_id AND x.test_id = t.id) AS decisions,
    t.created_at, t.updated_at
  FROM concept_tests t
  JOIN surveys s ON s.tenant_id = t.tenant_id AND s.id = t.survey_id
  LEFT JOIN products p ON p.tenant_id = t.tenant_id AND p.id = t.product_id
  LEFT JOIN LATERAL (SELECT decision, kind, recorded_at FROM concept_test_decisions x
    WHERE x.tenant_id = t.tenant_id AND x.test_id = t.id ORDER BY x.seq DESC LIMIT 1) d ON true`;

/** The tenant's tests, newest first; archived ones only when asked; optionally those of one product. */
export async function listConceptTests(ex: Executor, actor: Actor, f: { archived: boolean; productId?: string }) {
  return rows<ConceptTestRow>(
    ex,
    sql`${SELECT} WHERE t.tenant_id = ${actor.tenantId} AND t.archived = ${f.archived}
          ${f.productId ? sql`AND t.product_id = ${f.productId}` : sql``}
        ORDER BY t.created_at DESC, t.id LIMIT 500`,
  );
}

/** One test of the caller's tenant (another tenant's id is 404); `lock` holds it for a change. */
export async function getConceptTest(ex: Executor, actor: Actor, id: string, opts: { lock?: boolean } = {}) {
  if (opts.lock)
    await ex.execute(sql`SELECT 1 FROM concept_tests WHERE tenant_id = ${actor.tenantId} AND id = ${id} FOR UPDATE`);
  const t = await one<ConceptTestRow>(ex, sql`${SELECT} WHERE t.tenant_id = ${actor.tenantId} AND t.id = ${id}`);
  if (!t) throw notFound('Concept test');
  return t;
}

/** The test's records, oldest first (the history timeline); the caller already loaded the test in its tenant. */
export async function listDecisions(ex: Executor, actor: Actor, testId: string) {
  return rows<DecisionRow>(
    ex,
    sql`SELECT d.id, d.kind, d.decision, d.overrides_id, d.justification, d.evidence, d.recorded_by,
          u.name AS recorded_by_name, d.recorded_at
        FROM concept_test_decisions d
        LEFT JOIN users u ON u.tenant_id = d.tenant_id AND u.id = d.recorded_by
        WHERE d.tenant_id = ${actor.tenantId} AND d.test_id = ${testId}
        ORDER BY d.seq`,
  );
}
