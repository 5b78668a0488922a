/** Response contracts of the metrics routes: one zod schema per route's answer (ZXxxResponse), its type (TXxxResponse). */
import { z } from 'zod';

const ZCi = z.tuple([z.number(), z.number()]).nullable();

/** One row of a metric query (a unit, touchpoint, period or tier), with comparison fields when asked for. */
export const ZMetricQueryRow = z.object({
  key: z.string(),
  label: z.string(),
  value: z.number().nullable(),
  n: z.number(),
  ci: ZCi,
  suppressed: z.boolean(),
  /** NPS: promoter/passive/detractor shares; CSAT: the mean. */
  shares: z.record(z.string(), z.number()).optional(),
  /** Ratio formulas. */
  numerator: z.number().nullable().optional(),
  denominator: z.number().nullable().optional(),
  previous: z.number().nullable().optional(),
  change: z.number().nullable().optional(),
  significant: z.boolean().optional(),
  gapToParent: z.number().optional(),
  significantGap: z.boolean().optional(),
});
export type TMetricQueryRow = z.infer<typeof ZMetricQueryRow>;

/** `POST /metrics/query`: survey, formula and text metrics share this shape (fields marked optional vary). */
export const ZMetricQueryResponse = z.object({
  metric: z.string(),
  kind: z.string(),
  /** Formula metrics: the definition evaluated. */
  definition: z
    .object({
      key: z.string(),
      name: z.string(),
      nameEn: z.string().nullable(),
      formula: z.string().nullable(),
      format: z.string(),
      decimals: z.number(),
      direction: z.string(),
      target: z.number().nullable(),
      minN: z.number(),
    })
    .optional(),
  /** Text metrics with a topic. */
  topic: z.object({ id: z.string(), name: z.string().optional() }).optional(),
  orgUnit: z.object({ id: z.string(), name: z.string() }),
  from: z.string(),
  to: z.string(),
  tier: z.string().optional(),
  segmentId: z.string().optional(),
  rows: z.array(ZMetricQueryRow),
  parent: z
    .object({
      value: z.number().nullable(),
      n: z.number(),
      ci: ZCi,
      numerator: z.number().nullable().optional(),
      denominator: z.number().nullable().optional(),
    })
    .optional(),
});
export type TMetricQueryResponse = z.infer<typeof ZMetricQueryResponse>;

/** `GET /metrics/drivers`: relative weights (shares of R²) and each driver's performance (0–100). */
export const ZKeyDriversResponse = z.object({
  metric: z.string(),
  n: z.number(),
  r2: z.number().nullable(),
  drivers: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      /** The question's title from the survey definition, per console language (the key when it has none). */
      titles: z.object({ 'zh-CN': z.string(), en: z.string() }),
      share: z.number(),
      weight: z.number(),
      mean: z.number(),
      performance: z.number(),
    }),
  ),
  /** Why there are no drivers. */
  reason: z.string().optional(),
});
export type TKeyDriversResponse = z.infer<typeof ZKeyDriversResponse>;

/** A metric definition: a built-in (read-only, no id) or one of the tenant's formula metrics. */
export const ZMetricDefinitionResponse = z.object({
  id: z.string().nullable(),
  key: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  description: z.string().nullable(),
  kind: z.enum(['nps', 'csat', 'mean', 'count', 'formula']),
  formula: z.string().nullable(),
  format: z.enum(['number', 'percent', 'ratio', 'currency']),
  decimals: z.number(),
  direction: z.enum(['higher', 'lower']),
  target: z.number().nullable(),
  minN: z.number(),
  builtin: z.boolean(),
  status: z.enum(['active', 'archived']),
});
export type TMetricDefinitionResponse = z.infer<typeof ZMetricDefinitionResponse>;

/** `GET /metrics` */
export const ZMetricDefinitionListResponse = z.object({ items: z.array(ZMetricDefinitionResponse) });
export type TMetricDefinitionListResponse = z.infer<typeof ZMetricDefinitionListResponse>;

/** `POST /metrics/validate`: the formula is valid (problems are a 422). */
export const ZMetricValidateResponse = z.object({ ok: z.boolean() });
export type TMetricValidateResponse = z.infer<typeof ZMetricValidateResponse>;
