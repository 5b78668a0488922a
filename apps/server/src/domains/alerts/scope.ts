import type { SQL } from 'drizzle-orm';
import { sql } from '../../platform/db.ts';

/**
 * Unit `<inner>` lies in the subtree of unit `<outer>` (itself included), both `org_units` aliases of one query:
 * a metric rule sums each judged unit's subtree. Paths are materialised `/id/id/` strings built by the server, so
 * the column-to-column prefix needs no LIKE escaping (the org helpers escape only caller-given prefixes).
 */
export function unitInSubtreeOf(inner: string, outer: string): SQL {
  return sql`${sql.raw(inner)}.path LIKE ${sql.raw(outer)}.path || '%'`;
}
