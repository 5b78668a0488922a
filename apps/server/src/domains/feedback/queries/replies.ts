import type { TFeedbackReplyResponse, TReplyCoverageResponse } from '@loopcx/shared';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import { feedbackScope, getFeedback } from './list-feedback.ts';

/** The replies to an item the caller may see, oldest first. */
export async function listReplies(ex: Executor, actor: Actor, feedbackId: string): Promise<TFeedbackReplyResponse[]> {
  await getFeedback(ex, actor, feedbackId);
  const list = await rows<{
    id: string;
    text: string;
    channel: string;
    author_id: string | null;
    author_name: string | null;
    created_at: string | Date;
  }>(
    ex,
    sql`SELECT r.id, r.text, r.channel, r.author_id, u.name AS author_name, r.created_at FROM feedback_replies r
        LEFT JOIN users u ON u.tenant_id = r.tenant_id AND u.id = r.author_id
        WHERE r.tenant_id = ${actor.tenantId} AND r.feedback_id = ${feedbackId} ORDER BY r.created_at, r.id`,
  );
  return list.map((r) => ({
    id: r.id,
    text: r.text,
    channel: r.channel,
    author: r.author_id ? { id: r.author_id, name: r.author_name } : null,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}

export interface CoverageOptions {
  from: string;
  /** Null: open-ended (everything received since `from`). */
  to: string | null;
  /** The period's end as answered. */
  end: string;
  slaHours: number;
  orgUnitId?: string;
  source?: string;
  /** Only items whose text analysis is negative (the ones that most need an answer). */
  negativeOnly?: boolean;
}

/**
 * Reply coverage by channel and unit: of the items received in the period (by `created_at`: the SLA clock starts
 * when loopcx has the item, so imported history is not counted late), how many got a reply, and how many within
 * `slaHours`. An item still unanswered whose SLA has not run out yet counts as neither late nor covered: it is `open`.
 */
export async function replyCoverage(
  ex: Executor,
  actor: Actor,
  now: Date,
  o: CoverageOptions,
): Promise<TReplyCoverageResponse> {
  const where = await feedbackScope(ex, actor, { orgUnitId: o.orgUnitId });
  const sla = `${o.slaHours} hours`;
  const list = await rows<{
    channel: string;
    unit_id: string | null;
    unit_name: string | null;
    items: number;
    replied: number;
    within: number;
    open: number;
  }>(
    ex,
    sql`SELECT coalesce(f.channel, f.source) AS channel, f.org_unit_id AS unit_id, o.name AS unit_name,
               count(*)::int AS items,
               count(f.first_reply_at)::int AS replied,
               count(*) FILTER (WHERE f.first_reply_at <= f.created_at + ${sla}::interval)::int AS within,
               count(*) FILTER (WHERE f.first_reply_at IS NULL AND f.created_at + ${sla}::interval > ${now.toISOString()}::timestamptz)::int AS open
        FROM feedback_items f LEFT JOIN org_units o ON o.tenant_id = f.tenant_id AND o.id = f.org_unit_id
        WHERE ${where} AND f.created_at >= ${o.from}::timestamptz ${o.to ? sql`AND f.created_at < ${o.to}::timestamptz` : sql``}
          ${o.source ? sql`AND f.source = ${o.source}` : sql``}
          ${o.negativeOnly ? sql`AND EXISTS (SELECT 1 FROM text_analyses a WHERE a.tenant_id = f.tenant_id AND a.source_kind = 'feedback' AND a.source_id = f.id AND a.sentiment = 'negative')` : sql``}
        GROUP BY 1, 2, 3 ORDER BY 1, 3 NULLS FIRST`,
  );
  const rate = (within: number, items: number, open: number) => (items - open > 0 ? within / (items - open) : null);
  const rowsOut = list.map((r) => ({
    channel: r.channel,
    orgUnit: r.unit_id ? { id: r.unit_id, name: r.unit_name ?? '' } : null,
    items: r.items,
    replied: r.replied,
    withinSla: r.within,
    open: r.open,
    coverage: rate(r.within, r.items, r.open),
  }));
  const byChannel = new Map<string, { items: number; replied: number; withinSla: number; open: number }>();
  for (const r of rowsOut) {
    const c = byChannel.get(r.channel) ?? { items: 0, replied: 0, withinSla: 0, open: 0 };
    c.items += r.items;
    c.replied += r.replied;
    c.withinSla += r.withinSla;
    c.open += r.open;
    byChannel.set(r.channel, c);
  }
  const total = rowsOut.reduce(
    (t, r) => ({
      items: t.items + r.items,
      replied: t.replied + r.replied,
      withinSla: t.withinSla + r.withinSla,
      open: t.open + r.open,
    }),
    { items: 0, replied: 0, withinSla: 0, open: 0 },
  );
  return {
    slaHours: o.slaHours,
    from: o.from,
    to: o.end,
    rows: rowsOut,
    channels: [...byChannel].map(([channel, c]) => ({ channel, ...c, coverage: rate(c.withinSla, c.items, c.open) })),
    total: { ...total, coverage: rate(total.withinSla, total.items, total.open) },
  };
}
