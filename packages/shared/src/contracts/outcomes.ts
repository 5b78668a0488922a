/** Contracts of X → O validation (`POST /metrics/outcomes`, decision 78): the query and its answer. */
import { z } from 'zod';
import { ZEventTypeKey } from '../events.ts';

const ZDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

/** The score a response is grouped by: nps, csat, ces or a bound rating question (`rating:<question>`). */
export const ZOutcomeMetric = z
  .string()
  .regex(/^(nps|csat|ces|rating:[\w-]{1,100})$/, 'nps, csat, ces or rating:<question>');

/** What a saved X → O tile remembers (the unit and the period come from the dashboard). */
export const ZOutcomeTile = z
  .object({
    metric: ZOutcomeMetric,
    outcomeEventType: ZEventTypeKey,
    /** `occurs`: the customer has ≥ 1 such event in the window (repurchase); `absent`: none (churn). */
    outcome: z.enum(['occurs', 'absent']).default('occurs'),
    withinDays: z.number().int().min(1).max(730),
    /** Only this survey's responses; a `rating:<question>` metric names a question of it. */
    surveyId: z.uuid().optional(),
  })
  .strict();
export type TOutcomeTile = z.infer<typeof ZOutcomeTile>;

/** `POST /metrics/outcomes`: a metric, an outcome event within N days, optional unit, response period and survey. */
export const ZOutcomeQuery = ZOutcomeTile.extend({
  orgUnitId: z.uuid().optional(),
  /** Responses answered in [from, to) (tenant days); default the last 365 days, today included. */
  from: ZDate.optional(),
  to: ZDate.optional(),
  /** Fewest responses in the top and the bottom group for a verdict other than `insufficient` (default 30). */
  minN: z.number().int().min(1).max(10_000).optional(),
}).strict();
export type TOutcomeQuery = z.infer<typeof ZOutcomeQuery>;

const ZCi = z.tuple([z.number(), z.number()]);

/** One score group's row: responses, those with the outcome, the rate in % and its Wilson 95 % interval. */
export const ZOutcomeGroupRow = z.object({
  key: z.string(),
  min: z.number(),
  max: z.number(),
  n: z.number(),
  outcomes: z.number(),
  rate: z.number().nullable(),
  ci: ZCi.nullable(),
});

export const ZOutcomeResponse = z.object({
  metric: z.string(),
  outcomeEventType: z.string(),
  outcome: z.enum(['occurs', 'absent']),
  withinDays: z.number(),
  orgUnitId: z.string(),
  from: z.string(),
  to: z.string(),
  /** Groups lowest experience first; the first is the lift's baseline. */
  groups: z.array(ZOutcomeGroupRow),
  /** Scored responses of customers in [from, to) whose window has not fully passed yet (left out). */
  pending: z.number(),
  /** Top group's rate ÷ bottom group's rate. */
  lift: z.number().nullable(),
  /** Top − bottom in percentage points, Newcombe 95 % interval. */
  difference: z.object({ points: z.number(), ci: ZCi }).nullable(),
  /** Two-proportion z test, top vs bottom group. */
  test: z.object({ z: z.number(), pValue: z.number() }).nullable(),
  verdict: z.enum(['predictive', 'inverse', 'not_predictive', 'insufficient']),
  minN: z.number(),
});
export type TOutcomeResponse = z.infer<typeof ZOutcomeResponse>;
