import { type ReportPeriod, roleCan, type TReportSection } from '@loopcx/shared';
import type { Actor } from '../../platform/auth.ts';
import type { Executor } from '../../platform/db.ts';
import { isScoreMetric } from '../metrics/query.ts';
import { overdueTasksUnder } from '../problems/queries/overdue-tasks.ts';
import { effectiveTargets } from '../targets/queries/effective-targets.ts';
import type { ReportLocale } from './strings.ts';

/** What a provider is told about the report being built. */
export interface ReportProviderInput {
  /** Reads as the report's reader: a schedule's creator, or the caller of the preview. */
  actor: Actor;
  orgUnit: { id: string; path: string };
  period: ReportPeriod;
  now: Date;
  locale: ReportLocale;
}

/**
 * Targets for the "vs target" column: per metric key the unit's target for the period, or nothing. The targets
 * capability (another branch) answers it with `effectiveTargets(db, tenantId, metricKey, period, unitIds)`.
 */
export type ReportTargetProvider = (
  ex: Executor,
  input: ReportProviderInput,
  metricKeys: string[],
) => Promise<Map<string, number>>;

/** A section another capability adds to the report (overdue department tasks, targets at risk …); null: none. */
export type ReportSectionProvider = (ex: Executor, input: ReportProviderInput) => Promise<TReportSection | null>;

const TASKS = {
  'zh-CN': {
    title: '逾期的部门任务',
    columns: ['问题', '任务', '负责', '截止', '逾期 (天)'],
  },
  en: {
    title: 'Overdue department tasks',
    columns: ['Problem', 'Task', 'Owner', 'Due', 'Days overdue'],
  },
} as const;

/**
 * The unit's target of each metric for the report's period (a week takes the target of the month it ends in):
 * the targets capability's effective target (inherited down the tree unless overridden). Only metrics that take
 * targets (survey metrics) are asked; the reader needs `metrics.read`, which reading a report implies.
 */
export const targetsOfReport: ReportTargetProvider = async (ex, input, metricKeys) => {
  const out = new Map<string, number>();
  const key =
    input.period.kind === 'week'
      ? new Date(Date.parse(input.period.to) - 86_400_000).toISOString().slice(0, 7)
      : input.period.key;
  for (const metricKey of metricKeys) {
    if (!isScoreMetric(metricKey)) continue;
    const eff = await effectiveTargets(ex, input.actor.tenantId, metricKey, key, [input.orgUnit.id], input.now);
    const target = eff.units.get(input.orgUnit.id)?.target;
    if (target !== null && target !== undefined) out.set(metricKey, target);
  }
  return out;
};

/** "Overdue department tasks" of the subtree, as the reader may see them (problems and their tasks, issue 19). */
export const overdueTasksOfReport: ReportSectionProvider = async (ex, input) => {
  if (!roleCan(input.actor.role, 'problems.read')) return null;
  const { total, items } = await overdueTasksUnder(ex, input.actor, input.orgUnit.path, input.now, 10);
  if (!total) return null;
  const w = TASKS[input.locale];
  return {
    key: 'tasks.overdue',
    title: w.title,
    columns: [...w.columns],
    rows: items.map((t) => [
      `P-${t.problemNumber} ${t.problemTitle}`,
      t.title,
      t.owner,
      t.dueAt.slice(0, 10),
      String(Math.max(0, Math.floor((input.now.getTime() - Date.parse(t.dueAt)) / 86_400_000))),
    ]),
    total,
    link: '/problems?overdue=true',
  };
};

/**
 * The plug-in points of the report: a capability that owns more than the report's own sections (metrics, movers,
 * topics, overdue tickets) adds its provider here — reports imports it, never the other way round, so domain
 * imports stay acyclic.
 */
export const reportProviders: { targets: ReportTargetProvider[]; sections: ReportSectionProvider[] } = {
  targets: [targetsOfReport],
  sections: [overdueTasksOfReport],
};
