import type { TSegmentDefinition } from '@loopcx/shared';
import { type Actor, atTenantRoot } from '../../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';
import { scopedCustomerIds } from '../scope.ts';

/** A `customer_segments` row with its member count as the caller may see it. */
export interface SegmentRow {
  id: string;
  name: string;
  description: string | null;
  definition: TSegmentDefinition;
  member_count: number | null;
  refreshed_at: string | Date | null;
  created_at: string | Date;
  updated_at: string | Date;
}

/**
 * A segment's member count as the caller may see it: the materialised count for a root-scoped caller; below the
 * root, the materialised members among the profiles the caller may see (customers/scope.ts), like the member list,
 * counted against the caller's visible ids in one hashed pass.
 */
function columns(actor: Actor) {
  const memberCount = atTenantRoot(actor)
    ? sql`s.member_count`
    : sql`CASE WHEN s.member_count IS NULL THEN NULL ELSE (
        SELECT count(*)::int FROM customer_segment_members m
        WHERE m.tenant_id = s.tenant_id AND m.segment_id = s.id AND m.customer_id IN (${scopedCustomerIds(actor)})) END`;
  return sql`s.id, s.name, s.description, s.definition, ${memberCount} AS member_count, s.refreshed_at, s.created_at, s.updated_at`;
}

/** One segment of the caller's tenant (segments are tenant-wide; their counts are scoped); 404 otherwise. */
export async function loadSegment(ex: Executor, actor: Actor, id: string): Promise<SegmentRow> {
  const s = await one<SegmentRow>(
    ex,
    sql`SELECT ${columns(actor)} FROM customer_segments s WHERE s.tenant_id = ${actor.tenantId} AND s.id = ${id}`,
  );
  if (!s) throw notFound('Segment');
  return s;
}

/** Every segment of the caller's tenant, by name. */
export function listSegments(ex: Executor, actor: Actor): Promise<SegmentRow[]> {
  return rows<SegmentRow>(
    ex,
    sql`SELECT ${columns(actor)} FROM customer_segments s WHERE s.tenant_id = ${actor.tenantId} ORDER BY s.name`,
  );
}
