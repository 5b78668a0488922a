import { z } from 'zod';
import { TIMELINE_KINDS } from '../customers.ts';

/** Response contracts of the customers routes: one zod schema per route's answer (ZXxxResponse), its type (TXxxResponse). */

/** A profile as lists show it; identities only ever masked (phones, emails) or as given (member ids). */
export const ZCustomerResponse = z.object({
  id: z.string(),
  displayName: z.string().nullable(),
  attributes: z.record(z.string(), z.unknown()),
  tier: z.string().nullable(),
  mergedInto: z.string().nullable(),
  identities: z.array(z.object({ kind: z.string(), display: z.string() })),
  tags: z.array(z.object({ tag: z.string(), source: z.string() })),
  firstSeenAt: z.string().nullable(),
  lastSeenAt: z.string().nullable(),
  createdAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type TCustomerResponse = z.infer<typeof ZCustomerResponse>;

/** One profile with its segments and the profiles merged into it. */
export const ZCustomerDetailResponse = ZCustomerResponse.extend({
  segments: z.array(z.object({ id: z.string(), name: z.string() })),
  merges: z.array(z.object({ mergedId: z.string(), mergedAt: z.string().nullable() })),
});
export type TCustomerDetailResponse = z.infer<typeof ZCustomerDetailResponse>;

/** A page of profiles (GET /customers, GET /customers/segments/:id/members). */
export const ZCustomerPageResponse = z.object({ items: z.array(ZCustomerResponse), nextCursor: z.string().nullable() });
export type TCustomerPageResponse = z.infer<typeof ZCustomerPageResponse>;

/** POST /customers/:id/merge: what moved, and the survivor as it is now. */
export const ZCustomerMergeResponse = z.object({
  merge: z.object({
    id: z.string(),
    survivorId: z.string(),
    mergedId: z.string(),
    moved: z.record(z.string(), z.unknown()),
    mergedAt: z.string(),
  }),
  customer: ZCustomerDetailResponse,
});
export type TCustomerMergeResponse = z.infer<typeof ZCustomerMergeResponse>;

/** One timeline item: its kind, id, time and unit, then the source's own fields (open: they differ by kind). */
export const ZTimelineItem = z.looseObject({
  kind: z.enum(TIMELINE_KINDS),
  id: z.string(),
  at: z.string(),
  orgUnit: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
});
export type TTimelineItem = z.infer<typeof ZTimelineItem>;

/** GET /customers/:id/timeline; `hidden` lists the kinds the caller's role may not read. */
export const ZTimelineResponse = z.object({
  items: z.array(ZTimelineItem),
  nextCursor: z.string().nullable(),
  hidden: z.array(z.enum(TIMELINE_KINDS)),
});
export type TTimelineResponse = z.infer<typeof ZTimelineResponse>;

/** POST /customers/resolve. */
export const ZCustomerResolveResponse = z.object({
  resolved: z.number(),
  created: z.number(),
  scanned: z.number(),
  groupsRebuilt: z.number(),
});
export type TCustomerResolveResponse = z.infer<typeof ZCustomerResolveResponse>;

/** A rule-based tag (e.g. gold when orders in 90 days ≥ 10). */
export const ZTagRuleResponse = z.object({
  id: z.string(),
  tag: z.string(),
  name: z.string().nullable(),
  measure: z.record(z.string(), z.unknown()),
  op: z.string(),
  value: z.number(),
  enabled: z.boolean(),
  lastRunAt: z.string().nullable(),
  lastCount: z.number().nullable(),
});
export type TTagRuleResponse = z.infer<typeof ZTagRuleResponse>;

/** GET /customers/tag-rules. */
export const ZTagRuleListResponse = z.object({ items: z.array(ZTagRuleResponse) });
export type TTagRuleListResponse = z.infer<typeof ZTagRuleListResponse>;

/** POST /customers/tag-rules/evaluate: how many customers carry each rule's tag now. */
export const ZTagRuleEvaluationResponse = z.object({
  rules: z.array(z.object({ ruleId: z.string(), tag: z.string(), count: z.number() })),
});
export type TTagRuleEvaluationResponse = z.infer<typeof ZTagRuleEvaluationResponse>;

const ZTierCount = z.object({ tier: z.string().nullable(), count: z.number() });

/** GET /customers/tiers: the scheme (null when none is set) and the customers per tier. */
export const ZTierOverviewResponse = z.object({
  scheme: z
    .object({ measure: z.record(z.string(), z.unknown()), tiers: z.unknown(), lastRunAt: z.string().nullable() })
    .nullable(),
  counts: z.array(ZTierCount),
});
export type TTierOverviewResponse = z.infer<typeof ZTierOverviewResponse>;

/** PUT /customers/tiers and POST /customers/tiers/evaluate: how many customers changed tier, and the tiers now. */
export const ZTierEvaluationResponse = z.object({ changed: z.number(), tiers: z.array(ZTierCount) });
export type TTierEvaluationResponse = z.infer<typeof ZTierEvaluationResponse>;

/** A saved segment; below the root its member count counts only the members the caller may see. */
export const ZSegmentResponse = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  definition: z.record(z.string(), z.unknown()),
  memberCount: z.number().nullable(),
  refreshedAt: z.string().nullable(),
  createdAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type TSegmentResponse = z.infer<typeof ZSegmentResponse>;

/** GET /customers/segments. */
export const ZSegmentListResponse = z.object({ items: z.array(ZSegmentResponse) });
export type TSegmentListResponse = z.infer<typeof ZSegmentListResponse>;

/** POST /customers/segments/preview: members the caller may see now, of how many live profiles. */
export const ZSegmentPreviewResponse = z.object({ count: z.number(), total: z.number() });
export type TSegmentPreviewResponse = z.infer<typeof ZSegmentPreviewResponse>;

/** POST /customers/segments/:id/refresh. */
export const ZSegmentRefreshResponse = z.object({ memberCount: z.number().nullable() });
export type TSegmentRefreshResponse = z.infer<typeof ZSegmentRefreshResponse>;
