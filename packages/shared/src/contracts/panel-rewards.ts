import { z } from 'zod';

/**
 * Contracts of the experience panel's points redemption (issue 23, decision 81): a panel's rewards list, managed
 * in the console (`/api/v1/panels/{id}/rewards`, `/api/v1/panel-rewards/{id}`); members redeem on the portal
 * (`/api/v1/public/panel-members/{token}/redemptions`); staff fulfil or cancel (`/api/v1/panel-redemptions…`).
 */

export const PANEL_REDEMPTION_STATUSES = ['pending', 'fulfilled', 'cancelled'] as const;
export type TPanelRedemptionStatus = (typeof PANEL_REDEMPTION_STATUSES)[number];

export const ZNewPanelReward = z
  .object({
    name: z.string().trim().min(1).max(120),
    description: z.string().trim().max(2000).optional(),
    pointsCost: z.number().int().min(1).max(10_000_000),
    /** What is left to redeem; omitted or null = unlimited. */
    stock: z.number().int().min(0).max(1_000_000).nullable().optional(),
    active: z.boolean().default(true),
  })
  .strict();
export type TNewPanelReward = z.infer<typeof ZNewPanelReward>;

export const ZPanelRewardPatch = z
  .object({
    name: z.string().trim().min(1).max(120).optional(),
    description: z.string().trim().max(2000).nullable().optional(),
    pointsCost: z.number().int().min(1).max(10_000_000).optional(),
    stock: z.number().int().min(0).max(1_000_000).nullable().optional(),
    active: z.boolean().optional(),
  })
  .strict();
export type TPanelRewardPatch = z.infer<typeof ZPanelRewardPatch>;

export const ZPanelReward = z.object({
  id: z.uuid(),
  panelId: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  pointsCost: z.number().int(),
  stock: z.number().int().nullable(),
  active: z.boolean(),
  /** Redemptions not cancelled (pending + fulfilled). */
  redeemed: z.number().int(),
  createdAt: z.string(),
});
export type TPanelReward = z.infer<typeof ZPanelReward>;
export const ZPanelRewardList = z.object({ items: z.array(ZPanelReward) });

export const ZPanelRedemption = z.object({
  id: z.uuid(),
  panelId: z.uuid(),
  rewardId: z.uuid(),
  rewardName: z.string(),
  memberId: z.uuid(),
  memberName: z.string(),
  points: z.number().int(),
  status: z.enum(PANEL_REDEMPTION_STATUSES),
  note: z.string().nullable(),
  createdAt: z.string(),
  handledAt: z.string().nullable(),
});
export type TPanelRedemption = z.infer<typeof ZPanelRedemption>;
export const ZPanelRedemptionListQuery = z
  .object({
    panelId: z.uuid().optional(),
    status: z.enum(PANEL_REDEMPTION_STATUSES).optional(),
    page: z.coerce.number().int().min(1).max(10000).default(1),
  })
  .strict();
export const ZPanelRedemptionList = z.object({
  items: z.array(ZPanelRedemption),
  total: z.number().int(),
  page: z.number().int(),
});
/** Staff close a pending redemption: fulfilled (handed over) or cancelled (points refunded; a note says why). */
export const ZPanelRedemptionPatch = z
  .object({ status: z.enum(['fulfilled', 'cancelled']), note: z.string().trim().max(500).optional() })
  .strict()
  .refine((r) => r.status === 'fulfilled' || !!r.note, { path: ['note'], message: 'say why it is cancelled' });

// ---- the member portal ----

export const ZPortalReward = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  pointsCost: z.number().int(),
  stock: z.number().int().nullable(),
});
export const ZPortalRedemption = z.object({
  id: z.uuid(),
  rewardName: z.string(),
  points: z.number().int(),
  status: z.enum(PANEL_REDEMPTION_STATUSES),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export const ZPortalRedeem = z.object({ rewardId: z.uuid() }).strict();
