import { z } from 'zod';
import { ZTicketResponse } from './tickets.ts';

/** Response contracts of the home route: what needs the caller's attention, the metric movers, the frontline view. */

/** One attention card (the shape every domain's attention source returns; see `AttentionItem` on the server). */
export const ZAttentionItem = z.object({
  /** Dotted id: 'tickets.overdue', 'metrics.moved', 'targets.at_risk', 'tasks.overdue'… */
  kind: z.string(),
  severity: z.enum(['high', 'medium', 'low']),
  title: z.string(),
  /** Console path where it is handled; the target page applies the filter in the query string. */
  link: z.string(),
  count: z.number().optional(),
  at: z.string().optional(),
  detail: z.string().optional(),
});
export type TAttentionItem = z.infer<typeof ZAttentionItem>;

/** A unit × metric compared with the previous period, with the test that decided whether it moved. */
export const ZMetricMove = z.object({
  orgUnitId: z.string(),
  unitName: z.string(),
  unitNameEn: z.string().nullable(),
  unitKind: z.string(),
  metric: z.enum(['nps', 'csat', 'ces']),
  /** z-nps: z on ΔNPS with the trinomial variance; z-two-proportion: pooled two-proportion z; welch-t: Welch's t. */
  test: z.enum(['z-nps', 'z-two-proportion', 'welch-t']),
  current: z.object({ value: z.number(), n: z.number() }),
  previous: z.object({ value: z.number(), n: z.number() }),
  change: z.number(),
  statistic: z.number(),
  df: z.number().optional(),
  pValue: z.number(),
  significant: z.boolean(),
  link: z.string(),
});
export type TMetricMove = z.infer<typeof ZMetricMove>;

/** A score over a window of the store's days. */
const ZScore = z.object({ metric: z.enum(['nps', 'csat']), value: z.number().nullable(), n: z.number() });

/** What a store's people see first on a phone. */
export const ZFrontline = z.object({
  orgUnitId: z.string(),
  unitName: z.string(),
  unitNameEn: z.string().nullable(),
  today: z.array(ZScore),
  week: z.array(ZScore),
  /** The store's open tickets the caller may see, most urgent (earliest due) first, at most five. */
  openTickets: z.array(ZTicketResponse),
  openTicketCount: z.number(),
  /** Recent positive comments (verbatims) of the store's customers. */
  praise: z.array(z.object({ text: z.string(), at: z.string() })),
});
export type TFrontline = z.infer<typeof ZFrontline>;

/** GET /home. */
export const ZHomeResponse = z.object({
  attention: z.array(ZAttentionItem),
  scope: z.object({ orgUnitId: z.string(), name: z.string(), nameEn: z.string().nullable(), kind: z.string() }),
  /** The compared periods, tenant days (to exclusive): the last 7 days, today included, and the 7 before. */
  period: z.object({
    current: z.object({ from: z.string(), to: z.string() }),
    previous: z.object({ from: z.string(), to: z.string() }),
  }),
  /** Significant moves first, then the largest; empty for roles that do not read metrics. */
  movers: z.array(ZMetricMove),
  /** Present when the caller's unit is a store. */
  frontline: ZFrontline.nullable(),
  /** Attention sources that failed this time (their cards are missing; the rest is shown). */
  unavailable: z.array(z.string()),
  generatedAt: z.string(),
});
export type THomeResponse = z.infer<typeof ZHomeResponse>;
