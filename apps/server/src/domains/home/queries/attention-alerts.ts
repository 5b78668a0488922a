import { rows, sql } from '../../../platform/db.ts';
import type { AttentionSource } from '../../../platform/module.ts';
import { orgScope } from '../../org/scope.ts';
import { may } from '../access.ts';
import { copy } from '../copy.ts';

/** At most this many alert cards (one per rule, the busiest first). */
const CAP = 5;

/**
 * Alerts fired in the last 24 hours on units of the caller's subtree, one card per rule (an alert's unit is its
 * boundary: `orgScope` on the joined unit adds the tenant and the subtree). The card links to the tickets the
 * rule opened in that window. Read through `alerts (tenant_id, rule_id, source_key)` rows of one day: bounded by
 * the day's alert volume, capped to the five busiest rules.
 */
export const alertsFired: AttentionSource = async (db, actor, now, locale) => {
  // Agents work the tickets given to them; the subtree's alerts are for those who read its responses.
  if (!may(actor, 'responses.read', 'alerts')) return [];
  const since = new Date(now.getTime() - 24 * 3600_000).toISOString();
  const list = await rows<{ rule_id: string; name: string; n: number; units: number; newest: string | Date }>(
    db,
    sql`SELECT a.rule_id, r.name, count(*)::int AS n, count(DISTINCT a.org_unit_id)::int AS units, max(a.created_at) AS newest
        FROM alerts a
        JOIN org_units o ON o.tenant_id = a.tenant_id AND o.id = a.org_unit_id
        JOIN alert_rules r ON r.tenant_id = a.tenant_id AND r.id = a.rule_id
        WHERE a.tenant_id = ${actor.tenantId} AND ${orgScope(actor, 'o')} AND a.created_at >= ${since} AND a.created_at <= ${now.toISOString()}
        GROUP BY a.rule_id, r.name ORDER BY n DESC, r.name LIMIT ${CAP}`,
  );
  const w = copy[locale];
  return list.map((a) => ({
    kind: 'alerts.fired',
    severity: a.n >= 10 ? 'high' : 'medium',
    title: w.alerts(a.name, a.n),
    detail: w.alertsDetail(a.units),
    link: `/tickets?view=all&ruleId=${a.rule_id}&since=${encodeURIComponent(since)}`,
    count: a.n,
    at: new Date(a.newest).toISOString(),
  }));
};
