import { z } from 'zod';

/** Response contracts of the targets and leaderboard routes (domains/targets). */

const ZCi = z.tuple([z.number(), z.number()]).nullable();
const ZStatus = z.enum(['met', 'at_risk', 'uncertain', 'no_data']);

/** One stored target (an override at its unit). PUT /targets. */
export const ZTargetResponse = z.object({
  metric: z.string(),
  orgUnitId: z.string(),
  period: z.string(),
  value: z.number(),
  setBy: z.string().nullable(),
  updatedAt: z.string(),
});
export type TTargetResponse = z.infer<typeof ZTargetResponse>;

/** A unit's effective target for a period: its own, or inherited from the nearest ancestor (or a wider period). */
export const ZEffectiveTarget = z.object({
  orgUnitId: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  kind: z.string(),
  parentId: z.string().nullable(),
  depth: z.number(),
  /** The target in force; null when neither the unit nor an ancestor has one. */
  target: z.number().nullable(),
  /** Where it comes from (unit and period of the governing row). */
  source: z.object({ orgUnitId: z.string(), period: z.string() }).nullable(),
  /** True when the target comes from another unit or another period than this unit's own row for this period. */
  inherited: z.boolean(),
  /** This unit's own target for exactly this period, if any (what DELETE removes). */
  override: z.number().nullable(),
  /** The metric over the unit's subtree for the period so far. */
  value: z.number().nullable(),
  n: z.number(),
  ci: ZCi,
  /** null when there is no target. */
  status: ZStatus.nullable(),
});
export type TEffectiveTarget = z.infer<typeof ZEffectiveTarget>;

/** GET /targets. */
export const ZTargetListResponse = z.object({
  metric: z.string(),
  period: z.string(),
  /** The period's first day and the first day after it (tenant-local). */
  from: z.string(),
  to: z.string(),
  /** The values cover [from, through) — the period so far. */
  through: z.string(),
  direction: z.enum(['higher', 'lower']),
  items: z.array(ZEffectiveTarget),
});
export type TTargetListResponse = z.infer<typeof ZTargetListResponse>;

/** One unit on a leaderboard. */
export const ZLeaderboardEntry = z.object({
  /** 1-based rank among peers with a value; null for peers without enough data. */
  rank: z.number().nullable(),
  orgUnitId: z.string(),
  name: z.string(),
  value: z.number().nullable(),
  n: z.number(),
  ci: ZCi,
  suppressed: z.boolean(),
  target: z.number().nullable(),
  targetStatus: ZStatus.nullable(),
  /** value − target. */
  vsTarget: z.number().nullable(),
  /** value − the pooled value of the other peers. */
  gapToPeers: z.number().nullable(),
  /** 'above' / 'below' when the gap is significant at 95 % (see `test`), else null. */
  differs: z.enum(['above', 'below']).nullable(),
  /** The caller's own unit (the one asked about). */
  self: z.boolean(),
});
export type TLeaderboardEntry = z.infer<typeof ZLeaderboardEntry>;

/** GET /leaderboard. */
export const ZLeaderboardResponse = z.object({
  metric: z.string(),
  period: z.string(),
  from: z.string(),
  through: z.string(),
  direction: z.enum(['higher', 'lower']),
  /** The unit whose same-kind descendants are the peers (a store's region, a region's HQ). */
  group: z.object({ orgUnitId: z.string(), name: z.string() }),
  peerKind: z.string(),
  /** The pooled value of all peers. */
  peerAverage: z.object({ value: z.number().nullable(), n: z.number(), ci: ZCi }),
  /** How `differs` is decided, in words. */
  test: z.string(),
  items: z.array(ZLeaderboardEntry),
});
export type TLeaderboardResponse = z.infer<typeof ZLeaderboardResponse>;
