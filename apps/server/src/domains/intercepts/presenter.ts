import type { TInterceptConditions, TInterceptResponse, TSdkIntercept } from '@loopcx/shared';

/** An `sdk_intercepts` row with its survey and 30-day counts, as the intercept queries select it. */
export interface InterceptRow {
  id: string;
  name: string;
  survey_id: string;
  survey_name: string;
  survey_status: string;
  enabled: boolean;
  key_ids: string[];
  display: 'modal' | 'slide_in' | 'embedded';
  selector: string | null;
  conditions: TInterceptConditions;
  delay_ms: number;
  sample_percent: number;
  once_per_days: number;
  shows_30d: number | string;
  answers_30d: number | string;
  created_at: Date | string;
  updated_at: Date | string;
}

/** An intercept as the admin API answers it. */
export const presentIntercept = (r: InterceptRow): TInterceptResponse => ({
  id: r.id,
  name: r.name,
  surveyId: r.survey_id,
  surveyName: r.survey_name,
  surveyStatus: r.survey_status,
  enabled: r.enabled,
  keyIds: r.key_ids,
  display: r.display,
  selector: r.selector,
  conditions: { urls: r.conditions.urls ?? [], event: r.conditions.event ?? null },
  delayMs: r.delay_ms,
  samplePercent: r.sample_percent,
  oncePerDays: r.once_per_days,
  stats: { shows30d: Number(r.shows_30d), answers30d: Number(r.answers_30d) },
  createdAt: new Date(r.created_at).toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
});

/** An intercept as the browser SDK runs it (`GET /sdk/v1/config`). */
export const presentSdkIntercept = (
  r: Pick<InterceptRow, 'id' | 'display' | 'selector' | 'conditions' | 'delay_ms' | 'sample_percent' | 'once_per_days'>,
): TSdkIntercept => ({
  id: r.id,
  display: r.display,
  selector: r.selector,
  conditions: { urls: r.conditions.urls ?? [], event: r.conditions.event ?? null },
  delayMs: r.delay_ms,
  samplePercent: r.sample_percent,
  oncePerDays: r.once_per_days,
});
