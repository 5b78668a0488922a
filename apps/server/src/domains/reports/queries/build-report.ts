import type { ReportPeriod, TReportModel } from '@loopcx/shared';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import { queryMetric } from '../../metrics/query.ts';
import { requireUnitInScope } from '../../org/scope.ts';
import { textSummary } from '../../text/queries/summary.ts';
import { listVerbatims } from '../../text/queries/verbatims.ts';
import { type ReportProviderInput, reportProviders } from '../providers.ts';
import { REPORT_STRINGS, type ReportLocale } from '../strings.ts';
import { overdueTickets } from './overdue-tickets.ts';

/** The survey metrics a report leads with (score rollups; the statistics are the metrics domain's). */
const METRICS = ['nps', 'csat', 'ces', 'responses'] as const;
/** Metrics whose child-unit moves are ranked. */
const MOVER_METRICS = ['nps', 'csat'] as const;

export interface BuildReportOptions {
  orgUnitId: string;
  period: ReportPeriod;
  locale: ReportLocale;
  now: Date;
}

/**
 * Builds the report of a unit subtree for a period, read as `actor` (a unit outside their scope is a 404): the key
 * metrics with n and the change against the previous period with its significance (`queryMetric`: 95 % intervals,
 * min n), the child units that moved most (significant moves only), the topics with the most negative mentions with
 * three verbatims each, the overdue tickets, and what the plugged-in providers add (targets, sections).
 */
export async function buildReport(ex: Executor, actor: Actor, o: BuildReportOptions): Promise<TReportModel> {
  const unit = await requireUnitInScope(ex, actor, o.orgUnitId);
  const s = REPORT_STRINGS[o.locale];
  const en = o.locale === 'en';
  const { period } = o;
  const input: ReportProviderInput = { actor, orgUnit: unit, period, now: o.now, locale: o.locale };
  const compareTo = { from: period.previous.from, to: period.previous.to };
  const trendBy = period.kind === 'week' ? 'day' : 'week';

  const metrics: TReportModel['metrics'] = [];
  for (const key of METRICS) {
    const base = { metric: key, orgUnitId: unit.id, from: period.from, to: period.to };
    const [total, trend] = await Promise.all([
      queryMetric(ex, actor, { ...base, compareTo }),
      queryMetric(ex, actor, { ...base, groupBy: trendBy }),
    ]);
    const row = total.rows[0];
    if (!row || (key !== 'responses' && row.n === 0 && (row.previous ?? null) === null)) continue;
    metrics.push({
      key,
      label: s.metrics[key] ?? key,
      value: row.value,
      n: row.n,
      previous: row.previous ?? null,
      change: row.change ?? null,
      significant: row.significant ?? false,
      suppressed: row.suppressed,
      target: null,
      trend: trend.rows.map((r) => ({ key: r.key, value: r.suppressed ? null : r.value, n: r.n })),
    });
  }
  for (const provide of reportProviders.targets) {
    const targets = await provide(
      ex,
      input,
      metrics.map((m) => m.key),
    );
    for (const m of metrics) m.target = targets.get(m.key) ?? m.target;
  }

  const englishNames = en
    ? new Map(
        (
          await rows<{ id: string; name_en: string | null }>(
            ex,
            sql`SELECT id, name_en FROM org_units WHERE tenant_id = ${actor.tenantId} AND parent_id = ${unit.id}`,
          )
        ).map((r) => [r.id, r.name_en]),
      )
    : new Map<string, string | null>();
  const movers: TReportModel['movers'] = [];
  for (const key of MOVER_METRICS) {
    if (!metrics.some((m) => m.key === key)) continue;
    const byChild = await queryMetric(ex, actor, {
      metric: key,
      orgUnitId: unit.id,
      from: period.from,
      to: period.to,
      groupBy: 'children',
      compareTo,
    });
    for (const r of byChild.rows)
      if (r.significant && r.change !== null && r.change !== undefined)
        movers.push({
          orgUnitId: r.key,
          name: englishNames.get(r.key) || r.label,
          metric: key,
          metricLabel: s.metrics[key] ?? key,
          value: r.value,
          previous: r.previous ?? null,
          change: r.change,
          n: r.n,
          significant: true,
        });
  }
  movers.sort((a, b) => Math.abs(b.change) - Math.abs(a.change));

  // Text periods are instants: the report's days as UTC midnights (the text domain's own day convention).
  const textFilter = {
    orgUnitId: unit.id,
    from: `${period.from}T00:00:00.000Z`,
    to: `${period.to}T00:00:00.000Z`,
  };
  const summary = await textSummary(ex, actor, textFilter, o.now);
  const negativeTopics = summary.topics
    .filter((t) => t.negative > 0)
    .sort((a, b) => b.negative - a.negative)
    .slice(0, 5);
  const topics: TReportModel['topics'] = [];
  for (const t of negativeTopics) {
    const v = await listVerbatims(
      ex,
      actor,
      { ...textFilter, topicId: t.topicId, sentiment: 'negative', limit: 3 },
      o.now,
    );
    topics.push({
      topicId: t.topicId,
      name: (en && t.nameEn) || t.name,
      n: t.n,
      negative: t.negative,
      negativeShare: t.negativeShare,
      change: t.change,
      verbatims: v.items.map((x) => ({
        text: x.text.length > 240 ? `${x.text.slice(0, 239)}…` : x.text,
        unit: x.orgUnit?.name ?? null,
        at: x.occurredAt,
      })),
    });
  }

  const overdue = await overdueTickets(ex, actor, unit.path, o.now);
  const sections: TReportModel['sections'] = [];
  for (const provide of reportProviders.sections) {
    const section = await provide(ex, input);
    if (section) sections.push(section);
  }

  return {
    locale: o.locale,
    generatedAt: o.now.toISOString(),
    orgUnit: { id: unit.id, code: unit.code, name: (en && unit.nameEn) || unit.name },
    period: { key: period.key, kind: period.kind, from: period.from, to: period.to, previousKey: period.previous.key },
    metrics,
    movers: movers.slice(0, 8),
    topics,
    overdueTickets: {
      total: overdue.total,
      items: overdue.items.map((t) => ({
        id: t.id,
        number: Number(t.number),
        title: t.title,
        unit: (en && t.unit_en) || t.unit,
        priority: t.priority,
        dueAt: t.due_at ? new Date(t.due_at).toISOString() : null,
        hoursOverdue: Math.max(0, Math.round((o.now.getTime() - new Date(t.due_at).getTime()) / 3_600_000)),
      })),
    },
    sections,
  };
}
