import type { ReportPeriod, TReportSection } from '@loopcx/shared';
import type { Actor } from '../../platform/auth.ts';
import type { Executor } from '../../platform/db.ts';
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

/**
 * The plug-in points of the report. Empty here on purpose: the report shows its own sections (metrics, movers,
 * topics, overdue tickets) and a capability that owns more (targets, tasks) is wired in at merge by adding its
 * provider to these lists — reports imports it, never the other way round, so domain imports stay acyclic.
 * Example (the lead's wiring):
 *   targets: async (ex, i, keys) => new Map(await Promise.all(keys.map(async (k) =>
 *     [k, (await effectiveTargets(ex, i.actor.tenantId, k, i.period.key, [i.orgUnit.id])).get(i.orgUnit.id)?.value])))
 *   sections: [overdueTasksSection]
 */
export const reportProviders: { targets: ReportTargetProvider[]; sections: ReportSectionProvider[] } = {
  targets: [],
  sections: [],
};
