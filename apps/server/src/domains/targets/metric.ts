import type { MetricKind } from '@loopcx/shared';
import type { Executor } from '../../platform/db.ts';
import { invalid } from '../../platform/errors.ts';
import { findMetricDefinition } from '../metrics/definitions.ts';
import { isScoreMetric, resolveMetric } from '../metrics/query.ts';
import { SAMPLE_METRICS, type UnitSampler } from './sources.ts';

/**
 * A metric a target can be set on: a survey metric answered from score rollups (`kind` a score kind, `binding` its
 * rollup binding, `sampler` null), or a registered non-survey metric (`sources.ts`: `kind` proportion or mean,
 * per-unit samples from `sampler`).
 */
export interface TargetMetric {
  key: string;
  kind: MetricKind | 'proportion';
  binding: string;
  sampler: UnitSampler | null;
  direction: 'higher' | 'lower';
  minN: number;
  /** The values a target may take (the metric's own range). */
  range: [number, number];
}

/** Each metric's range: NPS −100…100, CSAT top-2-box % 0…100, CES 1…7, ratings 0…10, response counts ≥ 0. */
function rangeOf(key: string): [number, number] {
  if (key === 'nps') return [-100, 100];
  if (key === 'csat') return [0, 100];
  if (key === 'ces') return [1, 7];
  if (key === 'responses') return [0, 1e9];
  return [0, 10];
}

/**
 * Resolves a metric key for targets; anything but nps, csat, ces, responses, rating:<question> and the registered
 * non-survey metrics (`SAMPLE_METRICS`) is a 422 naming `field`. Formula metrics (tenant definitions) have no
 * confidence interval to judge a target by and are refused.
 */
export async function targetMetric(
  ex: Executor,
  tenantId: string,
  key: string,
  field = 'metric',
): Promise<TargetMetric> {
  const sample = Object.hasOwn(SAMPLE_METRICS, key) ? SAMPLE_METRICS[key] : undefined;
  if (sample)
    return {
      key,
      kind: sample.kind,
      binding: '',
      sampler: sample.sampler,
      direction: sample.direction,
      minN: sample.minN,
      range: sample.range,
    };
  if (!isScoreMetric(key))
    throw invalid(
      field,
      `one of nps, csat, ces, responses, rating:<question>, ${Object.keys(SAMPLE_METRICS).join(', ')}`,
    );
  const { kind, binding } = resolveMetric(key);
  const def = await findMetricDefinition(ex, tenantId, key.startsWith('rating:') ? 'rating:<question>' : key);
  return {
    key,
    kind,
    binding,
    sampler: null,
    direction: def?.direction ?? 'higher',
    minN: def?.minN ?? 5,
    range: rangeOf(key),
  } satisfies TargetMetric;
}
