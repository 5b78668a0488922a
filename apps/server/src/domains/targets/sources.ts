import type { Executor } from '../../platform/db.ts';
import { auditUnitSamples } from '../inspections/queries/audit-unit-samples.ts';
import { trainingUnitSamples } from '../training/queries/unit-samples.ts';

/** k of n for a proportion (value = 100·k/n %, Wilson CI); n, sum, sumsq of 0–100 values for a mean. */
export interface UnitSample {
  k: number;
  n: number;
  sum: number;
  sumsq: number;
}

/**
 * Per given unit, the sample of `metricKey` over the unit's whole subtree for the tenant-local days [from, through)
 * (`YYYY-MM-DD`). The seam by which a capability other than surveys gives its indicators targets.
 */
export type UnitSampler = (
  ex: Executor,
  tenantId: string,
  metricKey: string,
  from: string,
  through: string,
  units: { id: string; path: string }[],
) => Promise<Map<string, UnitSample>>;

/** A target metric that is not a survey score: how its value is computed, which way is better, its range. */
export interface SampleMetric {
  kind: 'proportion' | 'mean';
  direction: 'higher' | 'lower';
  /** The values a target may take: percentages and 0–100 scores. */
  range: [number, number];
  /** Below this n the value is suppressed and the status is no_data. */
  minN: number;
  sampler: UnitSampler;
  /** The name the home page's attention item uses. */
  name: { 'zh-CN': string; en: string };
}

/**
 * The non-survey metrics that take targets. Audit rates: min n 1 like POST /metrics/query's audit default (a store
 * has a few audits a month; a Wilson interval exists from n = 1), so a target's value and interval are the
 * dashboard's. The audit score: min n 2, since a mean has no interval from one audit and a status without one would
 * claim "met" from a single visit. Training's completion and pass rates: proportions of assignments by the
 * assignment's unit, higher is better, min n 1 like their POST /metrics/query default.
 */
export const SAMPLE_METRICS: Record<string, SampleMetric> = {
  'audit.fatal_error_rate': {
    kind: 'proportion',
    direction: 'lower',
    range: [0, 100],
    minN: 1,
    sampler: auditUnitSamples,
    name: { 'zh-CN': '致命错误率', en: 'Fatal error rate' },
  },
  'audit.general_error_rate': {
    kind: 'proportion',
    direction: 'lower',
    range: [0, 100],
    minN: 1,
    sampler: auditUnitSamples,
    name: { 'zh-CN': '一般错误率', en: 'General error rate' },
  },
  'audit.score': {
    kind: 'mean',
    direction: 'higher',
    range: [0, 100],
    minN: 2,
    sampler: auditUnitSamples,
    name: { 'zh-CN': '稽核得分', en: 'Audit score' },
  },
  'training.completion_rate': {
    kind: 'proportion',
    direction: 'higher',
    range: [0, 100],
    minN: 1,
    sampler: trainingUnitSamples,
    name: { 'zh-CN': '培训完成率', en: 'Training completion rate' },
  },
  'training.pass_rate': {
    kind: 'proportion',
    direction: 'higher',
    range: [0, 100],
    minN: 1,
    sampler: trainingUnitSamples,
    name: { 'zh-CN': '培训通过率', en: 'Training pass rate' },
  },
};
