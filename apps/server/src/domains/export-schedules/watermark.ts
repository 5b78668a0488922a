import type { SQL } from 'drizzle-orm';
import { type Executor, one, rows, sql } from '../../platform/db.ts';

/**
 * The rows a run exports: committed after the snapshot `from` (the schedule's watermark; null before its first run)
 * and no later than the snapshot `to` (taken when the run was planned). Snapshots are PostgreSQL's `pg_snapshot`
 * (`xmin:xmax:xip…`) as text, and each exported table carries the top-level transaction id that wrote the row
 * (`export_xid`, migration 0062), so "committed between the two" is exact — a transaction that started before
 * the last run but committed after it is in this range, whatever its ids or timestamps say. Ranges of successive
 * runs therefore partition the table: every row is exported once. See docs/ARCHITECTURE.md (scheduled exports).
 */
export interface ExportRange {
  from: string | null;
  to: string;
}

/** The snapshot now, as text: what a new run will read up to. */
export async function currentSnapshot(ex: Executor): Promise<string> {
  return (await one<{ s: string }>(ex, sql`SELECT pg_current_snapshot()::text AS s`))!.s;
}

/**
 * The predicate of one phase of a range over `<alias>.export_xid`. A first run (`from` null) also takes rows from
 * before migration 0062 (`export_xid` NULL), in a phase of their own so each phase pages by one index order.
 * The bounds on xmin/xmax let the (tenant_id, export_xid, id) index narrow the scan; visibility decides exactly.
 */
export function rangePredicate(alias: string, range: ExportRange, phase: 'legacy' | 'xid'): SQL {
  const x = sql.raw(`${alias}.export_xid`);
  if (phase === 'legacy') return sql`${x} IS NULL`;
  const upper = sql`${x} < pg_snapshot_xmax(${range.to}::pg_snapshot) AND pg_visible_in_snapshot(${x}, ${range.to}::pg_snapshot)`;
  if (range.from === null) return upper;
  return sql`${x} >= pg_snapshot_xmin(${range.from}::pg_snapshot) AND ${upper}
    AND NOT pg_visible_in_snapshot(${x}, ${range.from}::pg_snapshot)`;
}

/** One page of a scan: the rows and where the next page starts. */
interface Cursor {
  xid: string | null;
  id: string;
}

/**
 * Streams the rows of `select` (which must select `<alias>.export_xid::text AS _xid` and `<alias>.id`) in the range,
 * page by page in index order (export_xid, id), never holding more than a page. Each page is its own statement, so on
 * PGlite other work runs between pages.
 */
export async function* scanRange<R extends { id: string; _xid: string | null }>(
  ex: Executor,
  opts: { select: SQL; alias: string; where: SQL; range: ExportRange; pageSize: number },
): AsyncGenerator<R[]> {
  const a = sql.raw(opts.alias);
  const phases: Array<'legacy' | 'xid'> = opts.range.from === null ? ['legacy', 'xid'] : ['xid'];
  for (const phase of phases) {
    let cursor: Cursor | null = null;
    for (;;) {
      const after: SQL = !cursor
        ? sql``
        : phase === 'legacy'
          ? sql`AND ${a}.id > ${cursor.id}::uuid`
          : sql`AND (${a}.export_xid, ${a}.id) > (${cursor.xid}::xid8, ${cursor.id}::uuid)`;
      const query = sql`${opts.select} WHERE ${opts.where} AND ${rangePredicate(opts.alias, opts.range, phase)} ${after}
            ORDER BY ${phase === 'legacy' ? sql`${a}.id` : sql`${a}.export_xid, ${a}.id`} LIMIT ${opts.pageSize}`;
      // A page must walk the (tenant_id, export_xid, id) index from the cursor and stop after pageSize rows. Left to
      // itself, the planner of a table whose statistics are stale or missing (just loaded or imported; PGlite has
      // no autovacuum) chose to read the tenant's every row, join its text analyses and keep the top pageSize —
      // each page O(table): 6.1 s instead of 45 ms per page at 1 M rows on PostgreSQL, and a 1 M-row export that
      // would have taken hours on PGlite (bench connect-export). With sorting switched off for this statement only,
      // the ordered index scan is the plan whatever the statistics say.
      const page: R[] = await ex.transaction(async (tx) => {
        const prev = await rows<{ v: string }>(
          tx,
          sql`SELECT current_setting('enable_sort') AS v, set_config('enable_sort', 'off', true)`,
        );
        const found = await rows<R>(tx, query);
        // Inside a caller's transaction the setting would outlive this savepoint: put it back.
        await tx.execute(sql`SELECT set_config('enable_sort', ${prev[0].v}, true)`);
        return found;
      });
      if (page.length) yield page;
      if (page.length < opts.pageSize) break;
      const last: R = page[page.length - 1];
      cursor = { xid: last._xid, id: last.id };
    }
  }
}
