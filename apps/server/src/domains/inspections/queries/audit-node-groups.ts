import type { SQL } from 'drizzle-orm';
import { type Executor, rows, sql } from '../../../platform/db.ts';

/** Sums of one process node, in the shape `audit-metric.ts` turns into a value. */
export interface NodeAgg {
  key: string;
  label: string;
  k: number;
  n: number;
  sum: number;
  sumsq: number;
}

/**
 * `groupBy: 'node'`: the audits of `where` split by the blueprint node their items check (`nodeId` of the pinned
 * checklist version, the blueprint being the checklist's). Per node, over the audits where an item of the node
 * applied (pass or fail):
 * - fatal rate: share of those audits (with a fatal item of the node applying) that failed at least one of them;
 * - general rate: failed general items of the node ÷ applicable ones;
 * - score: mean of the node's weighted pass share per audit (0–100).
 * Keys are `blueprintId:nodeId` (node ids are unique only within a blueprint); labels the node's label in the
 * blueprint's current version.
 */
export async function auditNodeGroups(ex: Executor, metric: string, from: SQL, where: SQL): Promise<NodeAgg[]> {
  const sums =
    metric === 'audit.fatal_error_rate'
      ? sql`count(*) FILTER (WHERE fatal_f > 0)::int AS k, count(*) FILTER (WHERE fatal_n > 0)::int AS n,
          0::float8 AS sum, 0::float8 AS sumsq`
      : metric === 'audit.general_error_rate'
        ? sql`coalesce(sum(general_f), 0)::int AS k, coalesce(sum(general_n), 0)::int AS n, 0::float8 AS sum, 0::float8 AS sumsq`
        : sql`0 AS k, count(*)::int AS n, coalesce(sum(100 * wp / w), 0)::float8 AS sum,
            coalesce(sum((100 * wp / w) ^ 2), 0)::float8 AS sumsq`;
  return rows<NodeAgg>(
    ex,
    sql`WITH per AS (
          SELECT a.tenant_id, c.blueprint_id, it->>'nodeId' AS node_id, a.id,
            count(*) FILTER (WHERE r.severity = 'fatal') AS fatal_n,
            count(*) FILTER (WHERE r.severity = 'fatal' AND r.result = 'fail') AS fatal_f,
            count(*) FILTER (WHERE r.severity = 'general') AS general_n,
            count(*) FILTER (WHERE r.severity = 'general' AND r.result = 'fail') AS general_f,
            sum(r.weight) AS w, coalesce(sum(r.weight) FILTER (WHERE r.result = 'pass'), 0) AS wp
          FROM ${from}
          JOIN checklists c ON c.tenant_id = a.tenant_id AND c.id = a.checklist_id
          JOIN audit_results r ON r.tenant_id = a.tenant_id AND r.audit_id = a.id AND r.result <> 'na'
          JOIN checklist_versions v ON v.tenant_id = a.tenant_id AND v.checklist_id = a.checklist_id AND v.version = a.checklist_version
          CROSS JOIN LATERAL jsonb_array_elements(v.items) it
          WHERE ${where} AND it->>'code' = r.code AND c.blueprint_id IS NOT NULL AND it->>'nodeId' IS NOT NULL
          GROUP BY a.tenant_id, c.blueprint_id, it->>'nodeId', a.id)
        SELECT per.blueprint_id::text || ':' || per.node_id AS key,
          coalesce((SELECT nd->>'label' FROM blueprints b
              JOIN blueprint_versions bv ON bv.tenant_id = b.tenant_id AND bv.blueprint_id = b.id AND bv.version = b.version
              CROSS JOIN LATERAL jsonb_array_elements(bv.nodes) nd
            WHERE b.tenant_id = per.tenant_id AND b.id = per.blueprint_id AND nd->>'id' = per.node_id), per.node_id) AS label,
          ${sums}
        FROM per GROUP BY per.tenant_id, per.blueprint_id, per.node_id ORDER BY 1`,
  );
}
