import { dayRangeInstants } from '@loopcx/shared';
import { rows, sql } from '../../../platform/db.ts';
import type { AttentionSource } from '../../../platform/module.ts';
import { orgScope } from '../../org/scope.ts';
import { tenantTimeZone } from '../../tenancy/queries/tenant-time-zone.ts';
import { may } from '../access.ts';
import { copy, fmtP } from '../copy.ts';
import { countRise } from '../significance.ts';
import { homePeriods } from './metric-moves.ts';

/** At most this many rising-topic cards, and the fewest negative mentions this week a card needs. */
const CAP = 3;
const MIN_MENTIONS = 5;

/**
 * Topics whose negative mentions in the caller's subtree rose this week against last beyond chance (`countRise`:
 * z = (c₁ − c₀)/√(c₁ + c₀), p < 0.01) and number at least five. A mention's unit is its boundary (`orgScope` on the
 * joined unit); mentions without a unit (unplaced feedback) are not counted. Reads 14 days of negative topic hits
 * of the tenant through `text_topic_hits_time_idx`. Links to the text page filtered to the unit, the week, the
 * topic and negative comments.
 */
export const risingTopics: AttentionSource = async (db, actor, now, locale) => {
  if (!may(actor, 'responses.read', 'text')) return [];
  const tz = await tenantTimeZone(db, actor.tenantId);
  const p = await homePeriods(db, actor.tenantId, now);
  const cur = dayRangeInstants(tz, p.current);
  const prev = dayRangeInstants(tz, p.previous);
  const list = await rows<{
    topic_id: string;
    name: string;
    name_en: string | null;
    cur: number;
    prev: number;
    newest: string | Date;
  }>(
    db,
    sql`SELECT h.topic_id, tp.name, tp.name_en,
          count(*) FILTER (WHERE h.occurred_at >= ${cur.from.toISOString()})::int AS cur,
          count(*) FILTER (WHERE h.occurred_at < ${prev.to.toISOString()})::int AS prev,
          max(h.occurred_at) AS newest
        FROM text_topic_hits h
        JOIN org_units o ON o.tenant_id = h.tenant_id AND o.id = h.org_unit_id
        JOIN text_topics tp ON tp.tenant_id = h.tenant_id AND tp.id = h.topic_id
        WHERE h.tenant_id = ${actor.tenantId} AND ${orgScope(actor, 'o')} AND h.sentiment = 'negative'
          AND h.occurred_at >= ${prev.from.toISOString()} AND h.occurred_at < ${cur.to.toISOString()}
        GROUP BY h.topic_id, tp.name, tp.name_en`,
  );
  const w = copy[locale];
  return list
    .map((t) => ({ t, test: countRise(t.cur, t.prev) }))
    .filter(({ t, test }) => test.significant && t.cur >= MIN_MENTIONS)
    .sort((a, b) => b.test.statistic - a.test.statistic)
    .slice(0, CAP)
    .map(({ t, test }) => ({
      kind: 'text.topic_rising',
      severity: test.pValue < 0.001 ? 'high' : 'medium',
      title: w.topic(locale === 'en' && t.name_en ? t.name_en : t.name),
      detail: w.topicDetail(t.cur, t.prev, fmtP(test.pValue)),
      link: `/text?orgUnitId=${actor.orgUnitId}&days=7&topicId=${t.topic_id}&sentiment=negative`,
      count: t.cur,
      at: new Date(t.newest).toISOString(),
    }));
};
