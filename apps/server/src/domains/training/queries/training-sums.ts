import { TRAINING_METRICS } from '@loopcx/shared';
import type { SQL } from 'drizzle-orm';
import { sql } from '../../../platform/db.ts';
import { invalid } from '../../../platform/errors.ts';

export type TrainingMetric = (typeof TRAINING_METRICS)[number];

/** 422 unless the key is a training metric. */
export function trainingMetric(metric: string): TrainingMetric {
  if (!(TRAINING_METRICS as readonly string[]).includes(metric))
    throw invalid('metric', `one of ${TRAINING_METRICS.join(', ')}`);
  return metric as TrainingMetric;
}

/**
 * What a training metric counts, over `training_assignments a`:
 * - `training.completion_rate`: the assignments assigned in the period; k = those with at least one attempt;
 * - `training.pass_rate`: the assignments first attempted in the period; k = those passed.
 * `at` is the time that places an assignment in a period (and a day/week/month bucket).
 */
export function trainingCounts(metric: TrainingMetric): { at: SQL; hit: SQL } {
  return metric === 'training.completion_rate'
    ? { at: sql`a.assigned_at`, hit: sql`a.first_attempt_at IS NOT NULL` }
    : { at: sql`a.first_attempt_at`, hit: sql`a.status = 'passed'` };
}

/** `at` within the tenant's days [from, to) (dates `YYYY-MM-DD` at midnight in the tenant's zone). */
export function inDays(at: SQL, from: string, to: string, tz: string): SQL {
  return sql`${at} >= (${from.slice(0, 10)}::date::timestamp AT TIME ZONE ${tz}::text)
    AND ${at} < (${to.slice(0, 10)}::date::timestamp AT TIME ZONE ${tz}::text)`;
}

/** k, n and the 0–100 sums of a proportion (each hit is a 100, each miss a 0), as the metric engines read them. */
export function proportionSums(hit: SQL): SQL {
  return sql`count(*) FILTER (WHERE ${hit})::int AS k, count(*)::int AS n,
    (100.0 * count(*) FILTER (WHERE ${hit}))::float8 AS sum, (10000.0 * count(*) FILTER (WHERE ${hit}))::float8 AS sumsq`;
}
