import type { AppContext } from '../../../platform/context.ts';
import { rows, sql } from '../../../platform/db.ts';
import { wakeWorkers } from '../../../platform/jobs.ts';
import { type ConnectorRow, connectorById } from '../queries/get-connector.ts';
import { fetchFeed, fetchJsonPage, type Page } from './fetch-page.ts';
import { recordRun, storeConnectorItems } from './store-items.ts';

/** Pages one poll of a JSON API reads at most; the next tick goes on from the cursor. */
export const MAX_PAGES_PER_POLL = 10;
/** How long a poll may hold its connector before another may take it over (a crashed node's lease runs out). */
const LEASE_MS = 5 * 60_000;

export interface PollResult {
  /** False when another poll of the same connector holds the lease. */
  ran: boolean;
  runId?: string;
  status?: 'ok' | 'error';
  fetched: number;
  stored: number;
  duplicates: number;
  rejected: number;
  cursor: string | null;
  error?: string;
}

/**
 * Polls one RSS/Atom or JSON-API connector. A lease on the connector row keeps two nodes (or "poll now" and the
 * scheduler) from polling it at once. Each page's items and the cursor after it are written in one transaction,
 * so the cursor never moves past an item that was not stored, and a crash mid-poll resumes at the last stored
 * page (items are de-duplicated by source id, so a re-read page stores nothing twice). One run row records the poll.
 */
export async function pollConnector(
  ctx: AppContext,
  tenantId: string,
  connectorId: string,
  trigger: 'schedule' | 'manual',
): Promise<PollResult> {
  const now = ctx.clock.now();
  const leased = await rows<{ id: string }>(
    ctx.db,
    sql`UPDATE feedback_connectors SET lease_until = ${new Date(now.getTime() + LEASE_MS).toISOString()}
        WHERE tenant_id = ${tenantId} AND id = ${connectorId} AND kind <> 'webhook'
          AND (lease_until IS NULL OR lease_until < ${now.toISOString()}) RETURNING id`,
  );
  const empty = { fetched: 0, stored: 0, duplicates: 0, rejected: 0, cursor: null };
  if (leased.length === 0) return { ran: false, ...empty };
  let c = (await connectorById(ctx.db, connectorId)) as ConnectorRow;
  const cursorBefore = c.cursor;
  const total = { fetched: 0, stored: 0, duplicates: 0, rejected: 0 };
  const errors: string[] = [];
  let failure: string | undefined;
  try {
    for (let i = 0; i < (c.kind === 'rss' ? 1 : MAX_PAGES_PER_POLL); i++) {
      const page: Page = c.kind === 'rss' ? await fetchFeed(ctx, c) : await fetchJsonPage(ctx, c, c.cursor);
      const stored = await ctx.db.transaction(async (tx) => {
        const out = await storeConnectorItems(tx, c, page.items, ctx.clock.now());
        if (page.nextCursor !== c.cursor)
          await tx.execute(
            sql`UPDATE feedback_connectors SET cursor = ${page.nextCursor} WHERE tenant_id = ${tenantId} AND id = ${connectorId}`,
          );
        return out;
      });
      total.fetched += page.fetched;
      total.stored += stored.stored;
      total.duplicates += stored.duplicates;
      total.rejected += page.errors.length + stored.errors.length;
      for (const e of [...page.errors, ...stored.errors])
        if (errors.length < 5) errors.push(`#${e.index}: ${e.reason}`);
      const moved = page.nextCursor !== c.cursor;
      c = { ...c, cursor: page.nextCursor };
      if (!moved || page.fetched === 0) break;
    }
  } catch (err) {
    // Messages name the origin only (outbound.ts and fetch-page.ts): a feed URL may carry a token.
    failure = err instanceof Error ? err.message : 'The poll failed';
  }
  const runId = await ctx.db.transaction(async (tx) => {
    const id = await recordRun(tx, c, {
      trigger,
      status: failure ? 'error' : 'ok',
      startedAt: now,
      finishedAt: ctx.clock.now(),
      ...total,
      cursorBefore,
      cursorAfter: c.cursor,
      error: failure ?? (errors.length ? errors.join('; ') : undefined),
    });
    await tx.execute(
      sql`UPDATE feedback_connectors SET lease_until = NULL WHERE tenant_id = ${tenantId} AND id = ${connectorId}`,
    );
    return id;
  });
  if (total.stored) wakeWorkers(ctx);
  return {
    ran: true,
    runId,
    status: failure ? 'error' : 'ok',
    ...total,
    cursor: c.cursor,
    ...(failure ? { error: failure } : {}),
  };
}
