import { type TSegmentDefinition, ZSegmentDefinition } from '@loopcx/shared';
import type { Actor } from '../../../platform/auth.ts';
import type { AppContext } from '../../../platform/context.ts';
import { one, rows, sql } from '../../../platform/db.ts';
import { customerScope } from '../scope.ts';
import { compileSegment, fromSegment, withClause } from '../segments/compile.ts';
import { evaluateTagRules, evaluateTiers } from './evaluate-rules.ts';
import { applyGroupChanges, lockTenant } from './group-rollups.ts';

/**
 * Materialises a segment's members (for metrics split by segment): members who no longer match leave, new ones
 * join, in one statement under the tenant lock, and their responses leave or join the segment's score rollups in
 * the same transaction. Returns the member count.
 */
export async function refreshSegment(ctx: AppContext, tenantId: string, segmentId: string): Promise<number> {
  const seg = await one<{ definition: TSegmentDefinition }>(
    ctx.db,
    sql`SELECT definition FROM customer_segments WHERE tenant_id = ${tenantId} AND id = ${segmentId}`,
  );
  if (!seg) return 0;
  const compiled = compileSegment(tenantId, ZSegmentDefinition.parse(seg.definition), ctx.clock.now());
  const ctes = compiled.ctes.length ? sql`${sql.join(compiled.ctes, sql`, `)}, ` : sql``;
  return ctx.db.transaction(async (tx) => {
    await lockTenant(tx, tenantId);
    const r = await one<{ n: number; removed: string[] | null; added: string[] | null }>(
      tx,
      sql`WITH ${ctes} hit AS (SELECT c.id AS customer_id ${fromSegment(tenantId, compiled)}),
          del AS (DELETE FROM customer_segment_members x WHERE x.tenant_id = ${tenantId} AND x.segment_id = ${segmentId}
                    AND NOT EXISTS (SELECT 1 FROM hit WHERE hit.customer_id = x.customer_id) RETURNING x.customer_id),
          ins AS (INSERT INTO customer_segment_members (tenant_id, segment_id, customer_id)
                  SELECT ${tenantId}::uuid, ${segmentId}::uuid, hit.customer_id FROM hit ORDER BY hit.customer_id ON CONFLICT DO NOTHING RETURNING customer_id)
          SELECT (SELECT count(*) FROM hit)::int AS n, (SELECT array_agg(customer_id::text) FROM del) AS removed, (SELECT array_agg(customer_id::text) FROM ins) AS added`,
    );
    const n = Number(r?.n ?? 0);
    // Members who left take their responses out of the segment's score rollups, new members bring theirs.
    const groupKey = `segment:${segmentId}`;
    await applyGroupChanges(tx, tenantId, {
      left: (r?.removed ?? []).map((customerId) => ({ customerId, groupKey })),
      joined: (r?.added ?? []).map((customerId) => ({ customerId, groupKey })),
    });
    await tx.execute(
      sql`UPDATE customer_segments SET member_count = ${n}, refreshed_at = ${ctx.clock.now().toISOString()} WHERE tenant_id = ${tenantId} AND id = ${segmentId}`,
    );
    return n;
  });
}

/** Counts a definition's members the caller may see now, without saving anything (the filter builder's live preview). */
export async function previewSegment(ctx: AppContext, actor: Actor, def: TSegmentDefinition) {
  const tenantId = actor.tenantId;
  const compiled = compileSegment(tenantId, def, ctx.clock.now());
  // Counted within the caller's scope (customers/scope.ts), like the member list.
  const r = await one<{ n: number }>(
    ctx.db,
    sql`${withClause(compiled)}SELECT count(*)::int AS n ${fromSegment(tenantId, compiled)} AND ${customerScope(actor)}`,
  );
  const total = await one<{ n: number }>(
    ctx.db,
    sql`SELECT count(*)::int AS n FROM customers c WHERE ${customerScope(actor)} AND c.merged_into IS NULL`,
  );
  return { count: Number(r?.n ?? 0), total: Number(total?.n ?? 0) };
}

/**
 * The scheduled customer housekeeping of one tenant, in dependency order: tag rules and tiers (from resolved
 * events), then segments (which may filter on tags and tiers).
 */
export async function refreshTenant(ctx: AppContext, tenantId: string) {
  await evaluateTagRules(ctx, tenantId);
  await evaluateTiers(ctx, tenantId);
  for (const s of await rows<{ id: string }>(
    ctx.db,
    sql`SELECT id FROM customer_segments WHERE tenant_id = ${tenantId} ORDER BY id`,
  )) {
    await refreshSegment(ctx, tenantId, s.id);
  }
}
