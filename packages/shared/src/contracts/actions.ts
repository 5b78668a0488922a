import { z } from 'zod';

/** Response contracts of the actions routes: one zod schema per route's answer (ZXxxResponse), its type (TXxxResponse). */

/** An improvement action: what is done where, against which metric, from which day. */
export const ZActionResponse = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  ownerId: z.string().nullable(),
  rootCauseId: z.string().nullable(),
  ticketIds: z.array(z.string()),
  orgUnitIds: z.array(z.string()),
  metric: z.string(),
  /** YYYY-MM-DD. */
  startDate: z.string(),
  status: z.string(),
  createdAt: z.string(),
});
export type TActionResponse = z.infer<typeof ZActionResponse>;

/** GET /actions. */
export const ZActionListResponse = z.object({ items: z.array(ZActionResponse) });
export type TActionListResponse = z.infer<typeof ZActionListResponse>;

/** A metric over one group and window, with its sampling variance (null when there is too little data). */
export const ZActionEstimate = z.object({
  value: z.number().nullable(),
  variance: z.number().nullable(),
  n: z.number(),
});

/** The measured effect: difference-in-differences against comparable units, with a 95 % interval. */
export const ZActionEffect = z.object({
  metric: z.string(),
  before: z.object({ from: z.string(), to: z.string() }),
  after: z.object({ from: z.string(), to: z.string() }),
  afterDays: z.number(),
  effect: z.number().nullable(),
  ci: z.tuple([z.number(), z.number()]).nullable(),
  significant: z.boolean(),
  treated: z.object({ before: ZActionEstimate, after: ZActionEstimate }),
  control: z.object({ before: ZActionEstimate, after: ZActionEstimate }),
});
export type TActionEffect = z.infer<typeof ZActionEffect>;

/** GET /actions/:id: the action with its measured effect. */
export const ZActionDetailResponse = ZActionResponse.extend({ effect: ZActionEffect });
export type TActionDetailResponse = z.infer<typeof ZActionDetailResponse>;
