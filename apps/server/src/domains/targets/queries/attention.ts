import { dayIn, periodsOfDay, roleCan, scopeAllows } from '@loopcx/shared';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import type { AttentionItem } from '../../../platform/module.ts';
import { orgScope } from '../../org/scope.ts';
import { tenantTimeZone } from '../../tenancy/queries/tenant-time-zone.ts';
import { SAMPLE_METRICS } from '../sources.ts';
import { effectiveTargets } from './effective-targets.ts';

const NAMES: Record<string, { 'zh-CN': string; en: string }> = {
  nps: { 'zh-CN': 'NPS', en: 'NPS' },
  csat: { 'zh-CN': '满意度', en: 'CSAT' },
  ces: { 'zh-CN': '费力度', en: 'CES' },
  responses: { 'zh-CN': '回收量', en: 'Responses' },
};

/**
 * "Targets at risk" for the home page: for each metric with a target this month, the units of the caller's scope
 * whose 95 % CI for the month so far says the target is unlikely to be met (`targetStatus` = at_risk). One item
 * per metric; high when the caller's own unit is at risk, else medium. Scope: the caller's active units only.
 */
export async function targetAttention(
  db: Executor,
  actor: Actor,
  now: Date,
  locale: 'zh-CN' | 'en',
): Promise<AttentionItem[]> {
  // Like the home page's own sources: the role's ability and an API key's scopes for this domain.
  if (!roleCan(actor.role, 'metrics.read') || !scopeAllows(actor.scopes, 'metrics', 'read')) return [];
  const month = periodsOfDay(dayIn(await tenantTimeZone(db, actor.tenantId), now)).month;
  const p = periodsOfDay(`${month}-01`);
  const metrics = await rows<{ metric_key: string; at: Date | string }>(
    db,
    sql`SELECT metric_key, max(updated_at) AS at FROM metric_targets
        WHERE tenant_id = ${actor.tenantId} AND period IN (${p.month}, ${p.quarter}, ${p.year})
        GROUP BY metric_key ORDER BY metric_key`,
  );
  if (metrics.length === 0) return [];
  const units = await rows<{ id: string; name: string; name_en: string | null }>(
    db,
    sql`SELECT o.id::text, o.name, o.name_en FROM org_units o WHERE ${orgScope(actor)} AND o.status = 'active' ORDER BY o.depth, o.code`,
  );
  const items: AttentionItem[] = [];
  for (const m of metrics) {
    const eff = await effectiveTargets(
      db,
      actor.tenantId,
      m.metric_key,
      month,
      units.map((u) => u.id),
      now,
    );
    const atRisk = units.filter((u) => eff.units.get(u.id)?.status === 'at_risk');
    if (atRisk.length === 0) continue;
    const label = (NAMES[m.metric_key] ?? SAMPLE_METRICS[m.metric_key]?.name)?.[locale] ?? m.metric_key;
    const names = atRisk.slice(0, 3).map((u) => (locale === 'en' ? (u.name_en ?? u.name) : u.name));
    const more = atRisk.length - names.length;
    items.push({
      kind: 'targets.at_risk',
      severity: atRisk.some((u) => u.id === actor.orgUnitId) ? 'high' : 'medium',
      title:
        locale === 'en'
          ? `${label} target at risk in ${atRisk.length} ${atRisk.length === 1 ? 'unit' : 'units'} (${month})`
          : `${label} 目标有风险：${atRisk.length} 个单位（${month}）`,
      link: `/targets?metric=${encodeURIComponent(m.metric_key)}&period=${month}&status=at_risk`,
      count: atRisk.length,
      at: new Date(m.at).toISOString(),
      detail:
        locale === 'en'
          ? `${names.join(', ')}${more > 0 ? ` and ${more} more` : ''}: the 95 % interval so far says the target is unlikely to be met`
          : `${names.join('、')}${more > 0 ? ` 等 ${atRisk.length} 个` : ''}：本期至今的 95% 置信区间显示目标难以达成`,
    });
  }
  return items;
}
