import type { TBlueprintCheck } from '@loopcx/shared';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import { pathUnder } from '../../org/scope.ts';

const DAY = 86400_000;

/**
 * The checklist items linked to a blueprint's nodes (items of each linked checklist's current version that name a
 * node), each with how often it failed over the last 90 days: audits other than self-inspections, submitted in the
 * caller's subtree — a store manager sees their own store's record. An audit counts an item where it applied
 * (pass or fail), whichever checklist version it pinned.
 */
export async function nodeChecks(
  ex: Executor,
  actor: Actor,
  blueprintId: string,
  now: Date,
): Promise<TBlueprintCheck[]> {
  const since = new Date(now.getTime() - 90 * DAY).toISOString();
  const list = await rows<TBlueprintCheck>(
    ex,
    sql`SELECT it->>'nodeId' AS "nodeId", c.id AS "checklistId", c.name AS "checklistName", it->>'code' AS code,
          it->>'text' AS text, it->>'textEn' AS "textEn", it->>'severity' AS severity,
          (SELECT count(*) FROM audit_results r
             JOIN audits a ON a.tenant_id = r.tenant_id AND a.id = r.audit_id
             JOIN org_units o ON o.tenant_id = a.tenant_id AND o.id = a.org_unit_id
           WHERE r.tenant_id = c.tenant_id AND a.checklist_id = c.id AND r.code = it->>'code' AND r.result <> 'na'
             AND a.status = 'submitted' AND a.kind <> 'self_inspection' AND a.submitted_at >= ${since}
             AND ${pathUnder('o', actor.orgPath)})::int AS n,
          (SELECT count(*) FROM audit_results r
             JOIN audits a ON a.tenant_id = r.tenant_id AND a.id = r.audit_id
             JOIN org_units o ON o.tenant_id = a.tenant_id AND o.id = a.org_unit_id
           WHERE r.tenant_id = c.tenant_id AND a.checklist_id = c.id AND r.code = it->>'code' AND r.result = 'fail'
             AND a.status = 'submitted' AND a.kind <> 'self_inspection' AND a.submitted_at >= ${since}
             AND ${pathUnder('o', actor.orgPath)})::int AS failed
        FROM checklists c
        JOIN checklist_versions v ON v.tenant_id = c.tenant_id AND v.checklist_id = c.id AND v.version = c.version
        CROSS JOIN LATERAL jsonb_array_elements(v.items) it
        WHERE c.tenant_id = ${actor.tenantId} AND c.blueprint_id = ${blueprintId} AND NOT c.archived
          AND it->>'nodeId' IS NOT NULL
        ORDER BY c.name, c.id, it->>'code'`,
  );
  return list.map((r) => ({ ...r, textEn: r.textEn ?? null, n: Number(r.n), failed: Number(r.failed) }));
}
