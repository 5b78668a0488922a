import type { TPanelRedemption, TPanelRedemptionStatus, TPanelReward } from '@loopcx/shared';
import type { Actor } from '../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../platform/db.ts';
import { notFound } from '../../platform/errors.ts';
import { customerScope } from '../customers/scope.ts';

const iso = (d: string | Date) => new Date(d).toISOString();

export interface RewardRow {
  id: string;
  panel_id: string;
  name: string;
  description: string | null;
  points_cost: number;
  stock: number | null;
  active: boolean;
  redeemed: number;
  created_at: string | Date;
}

const rewardSelect = sql`
  SELECT r.id, r.panel_id, r.name, r.description, r.points_cost, r.stock, r.active, r.created_at,
    (SELECT count(*) FROM panel_redemptions x WHERE x.tenant_id = r.tenant_id AND x.reward_id = r.id
      AND x.status <> 'cancelled')::int AS redeemed
  FROM panel_rewards r`;

/** A panel's rewards, cheapest first (the panel is the tenant's: callers load it first). */
export async function listRewards(ex: Executor, tenantId: string, panelId: string) {
  return rows<RewardRow>(
    ex,
    sql`${rewardSelect} WHERE r.tenant_id = ${tenantId} AND r.panel_id = ${panelId}
        ORDER BY r.active DESC, r.points_cost, r.id LIMIT 200`,
  );
}

/** A reward of the tenant (404 otherwise); `lock` takes the row for an edit. */
export async function getReward(ex: Executor, tenantId: string, id: string, opts: { lock?: boolean } = {}) {
  const r = await one<RewardRow>(
    ex,
    sql`${rewardSelect} WHERE r.tenant_id = ${tenantId} AND r.id = ${id}${opts.lock ? sql` FOR UPDATE OF r` : sql``}`,
  );
  if (!r) throw notFound('Reward');
  return r;
}

export function presentReward(r: RewardRow): TPanelReward {
  return {
    id: r.id,
    panelId: r.panel_id,
    name: r.name,
    description: r.description,
    pointsCost: r.points_cost,
    stock: r.stock,
    active: r.active,
    redeemed: r.redeemed,
    createdAt: iso(r.created_at),
  };
}

export interface RedemptionRow {
  id: string;
  panel_id: string;
  reward_id: string;
  reward_name: string;
  member_id: string;
  member_name: string;
  points: number;
  status: TPanelRedemptionStatus;
  note: string | null;
  created_at: string | Date;
  handled_at: string | Date | null;
}

/**
 * Redemptions joined to their member's customer: a redemption id alone is not a boundary — staff see those of
 * members whose customer is in their scope (`customerScope`, as the member list).
 */
const redemptionSelect = sql`
  SELECT x.id, x.panel_id, x.reward_id, r.name AS reward_name, x.member_id, m.display_name AS member_name, x.points,
    x.status, x.note, x.created_at, x.handled_at
  FROM panel_redemptions x
  JOIN panel_rewards r ON r.tenant_id = x.tenant_id AND r.id = x.reward_id
  JOIN panel_members m ON m.tenant_id = x.tenant_id AND m.id = x.member_id
  JOIN customers c ON c.tenant_id = m.tenant_id AND c.id = m.customer_id`;

export async function listRedemptions(
  ex: Executor,
  actor: Actor,
  q: { panelId?: string; status?: TPanelRedemptionStatus; page: number },
) {
  const where = sql`x.tenant_id = ${actor.tenantId} AND ${customerScope(actor)}
    ${q.panelId ? sql`AND x.panel_id = ${q.panelId}` : sql``} ${q.status ? sql`AND x.status = ${q.status}` : sql``}`;
  const items = await rows<RedemptionRow>(
    ex,
    sql`${redemptionSelect} WHERE ${where} ORDER BY (x.status = 'pending') DESC, x.created_at DESC, x.id
        LIMIT 50 OFFSET ${(q.page - 1) * 50}`,
  );
  const total = await one<{ n: number }>(
    ex,
    sql`SELECT count(*)::int AS n FROM panel_redemptions x
        JOIN panel_members m ON m.tenant_id = x.tenant_id AND m.id = x.member_id
        JOIN customers c ON c.tenant_id = m.tenant_id AND c.id = m.customer_id WHERE ${where}`,
  );
  return { items, total: total?.n ?? 0 };
}

/** A redemption the caller may see (404 otherwise); `lock` takes it for fulfilment or cancellation. */
export async function getRedemption(ex: Executor, actor: Actor, id: string, opts: { lock?: boolean } = {}) {
  const x = await one<RedemptionRow>(
    ex,
    sql`${redemptionSelect} WHERE x.tenant_id = ${actor.tenantId} AND x.id = ${id} AND ${customerScope(actor)}
        ${opts.lock ? sql`FOR UPDATE OF x` : sql``}`,
  );
  if (!x) throw notFound('Redemption');
  return x;
}

export function presentRedemption(x: RedemptionRow): TPanelRedemption {
  return {
    id: x.id,
    panelId: x.panel_id,
    rewardId: x.reward_id,
    rewardName: x.reward_name,
    memberId: x.member_id,
    memberName: x.member_name,
    points: x.points,
    status: x.status,
    note: x.note,
    createdAt: iso(x.created_at),
    handledAt: x.handled_at ? iso(x.handled_at) : null,
  };
}

/** The portal's part: the panel's active rewards and the member's own redemptions (the signed link is the boundary). */
export async function portalRewards(ex: Executor, tenantId: string, panelId: string, memberId: string) {
  const rewards = await rows<Omit<RewardRow, 'redeemed' | 'active' | 'created_at' | 'panel_id'>>(
    ex,
    sql`SELECT id, name, description, points_cost, stock FROM panel_rewards
        WHERE tenant_id = ${tenantId} AND panel_id = ${panelId} AND active ORDER BY points_cost, id LIMIT 100`,
  );
  const mine = await rows<Pick<RedemptionRow, 'id' | 'reward_name' | 'points' | 'status' | 'note' | 'created_at'>>(
    ex,
    sql`SELECT x.id, r.name AS reward_name, x.points, x.status, x.note, x.created_at FROM panel_redemptions x
        JOIN panel_rewards r ON r.tenant_id = x.tenant_id AND r.id = x.reward_id
        WHERE x.tenant_id = ${tenantId} AND x.member_id = ${memberId} ORDER BY x.created_at DESC, x.id LIMIT 100`,
  );
  return {
    rewards: rewards.map((r) => ({
      id: r.id,
      name: r.name,
      description: r.description,
      pointsCost: r.points_cost,
      stock: r.stock,
    })),
    redemptions: mine.map((x) => ({
      id: x.id,
      rewardName: x.reward_name,
      points: x.points,
      status: x.status,
      note: x.note,
      createdAt: iso(x.created_at),
    })),
  };
}
