import type { TNewPanelReward, TPanelRewardPatch } from '@loopcx/shared';
import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import { one, sql, type Tx } from '../../../platform/db.ts';
import { conflict, notFound } from '../../../platform/errors.ts';
import { uuidv7 } from '../../../platform/ids.ts';
import { authorizeManagePanel, authorizeReviewPanel } from '../policy.ts';
import { getPanel } from '../queries.ts';
import { getRedemption, getReward } from '../rewards-queries.ts';

/** `POST /panels/{id}/rewards`: a reward of the panel's list (tenant-root managers, like the panel itself). */
export async function createReward(tx: Tx, actor: Actor, panelId: string, b: TNewPanelReward, now: Date) {
  authorizeManagePanel(actor);
  await getPanel(tx, actor.tenantId, panelId);
  const id = uuidv7(now.getTime());
  await tx.execute(
    sql`INSERT INTO panel_rewards (tenant_id, id, panel_id, name, description, points_cost, stock, active, created_by,
          created_at, updated_at)
        VALUES (${actor.tenantId}, ${id}, ${panelId}, ${b.name}, ${b.description || null}, ${b.pointsCost},
          ${b.stock ?? null}, ${b.active}, ${actor.kind === 'user' ? actor.id : null}, ${now.toISOString()}, ${now.toISOString()})`,
  );
  await audit(tx, actor, 'panel.reward.create', 'panel_reward', id, b);
  return id;
}

/**
 * `PATCH /panel-rewards/{id}`: name, cost, stock (what is left; null = unlimited) or active flag. A new cost applies
 * to later redemptions only: each redemption keeps the points it took.
 */
export async function updateReward(tx: Tx, actor: Actor, id: string, b: TPanelRewardPatch, now: Date) {
  authorizeManagePanel(actor);
  const r = await getReward(tx, actor.tenantId, id, { lock: true });
  await tx.execute(
    sql`UPDATE panel_rewards SET name = ${b.name ?? r.name},
          description = ${b.description === undefined ? r.description : b.description || null},
          points_cost = ${b.pointsCost ?? r.points_cost}, stock = ${b.stock === undefined ? r.stock : b.stock},
          active = ${b.active ?? r.active}, updated_at = ${now.toISOString()}
        WHERE tenant_id = ${actor.tenantId} AND id = ${r.id}`,
  );
  await audit(tx, actor, 'panel.reward.update', 'panel_reward', r.id, b, {
    name: r.name,
    pointsCost: r.points_cost,
    stock: r.stock,
    active: r.active,
  });
}

/**
 * A member redeems a reward from the portal, in the caller's transaction: the balance and the stock are each taken
 * by one guarded UPDATE (`… WHERE points >= cost`, `… WHERE stock > 0`). The first locks the member's row, so two
 * redemptions by one member serialise there and the second re-reads the first's debit (PostgreSQL re-checks the
 * WHERE on the updated row under READ COMMITTED; PGlite runs one transaction at a time): no interleaving
 * overdraws the balance or the stock. The member's row is always locked before the reward's (cancelling takes
 * the same order), so redemptions cannot deadlock. The debit is a ledger entry naming the redemption; `earned`
 * and the tier do not move. Returns the redemption's id.
 */
export async function redeemReward(
  tx: Tx,
  tenantId: string,
  member: { id: string; panel_id: string; status: string },
  rewardId: string,
  now: Date,
): Promise<string> {
  if (member.status !== 'active') throw conflict('Only active members can redeem points');
  const r = await one<{ id: string; name: string; points_cost: number; active: boolean }>(
    tx,
    sql`SELECT id, name, points_cost, active FROM panel_rewards
        WHERE tenant_id = ${tenantId} AND panel_id = ${member.panel_id} AND id = ${rewardId}`,
  );
  if (!r?.active) throw notFound('Reward');
  const paid = await one<{ points: number }>(
    tx,
    sql`UPDATE panel_members SET points = points - ${r.points_cost}
        WHERE tenant_id = ${tenantId} AND id = ${member.id} AND points >= ${r.points_cost} RETURNING points`,
  );
  if (!paid) throw conflict(`Not enough points: ${r.name} costs ${r.points_cost}`, 'rewardId');
  const stocked = await one<{ id: string }>(
    tx,
    sql`UPDATE panel_rewards SET stock = stock - 1
        WHERE tenant_id = ${tenantId} AND id = ${r.id} AND active AND (stock IS NULL OR stock > 0) RETURNING id`,
  );
  // Throwing rolls the debit above back with the transaction.
  if (!stocked) throw conflict(`${r.name} is out of stock`, 'rewardId');
  const id = uuidv7(now.getTime());
  await tx.execute(
    sql`INSERT INTO panel_redemptions (tenant_id, id, panel_id, reward_id, member_id, points, created_at)
        VALUES (${tenantId}, ${id}, ${member.panel_id}, ${r.id}, ${member.id}, ${r.points_cost}, ${now.toISOString()})`,
  );
  await tx.execute(
    sql`INSERT INTO panel_point_ledger (tenant_id, id, member_id, delta, reason, reference_id, note, created_at)
        VALUES (${tenantId}, ${uuidv7(now.getTime())}, ${member.id}, ${-r.points_cost}, 'redemption', ${id},
          ${r.name.slice(0, 500)}, ${now.toISOString()})`,
  );
  return id;
}

/**
 * `PATCH /panel-redemptions/{id}`: staff close a pending redemption (409 once closed). Fulfilled: handed over.
 * Cancelled: a compensating `redemption_refund` ledger entry gives the points back (the ledger stays append-only;
 * a unique index allows one refund per redemption) and a stocked reward gets its item back.
 */
export async function resolveRedemption(
  tx: Tx,
  actor: Actor,
  id: string,
  b: { status: 'fulfilled' | 'cancelled'; note?: string },
  now: Date,
) {
  authorizeReviewPanel(actor);
  const x = await getRedemption(tx, actor, id, { lock: true });
  if (x.status !== 'pending') throw conflict(`This redemption is ${x.status}`);
  const by = actor.kind === 'user' ? actor.id : null;
  if (b.status === 'cancelled') {
    await tx.execute(
      sql`UPDATE panel_members SET points = points + ${x.points} WHERE tenant_id = ${actor.tenantId} AND id = ${x.member_id}`,
    );
    await tx.execute(
      sql`UPDATE panel_rewards SET stock = stock + 1 WHERE tenant_id = ${actor.tenantId} AND id = ${x.reward_id} AND stock IS NOT NULL`,
    );
    await tx.execute(
      sql`INSERT INTO panel_point_ledger (tenant_id, id, member_id, delta, reason, reference_id, note, created_by, created_at)
          VALUES (${actor.tenantId}, ${uuidv7(now.getTime())}, ${x.member_id}, ${x.points}, 'redemption_refund', ${x.id},
            ${b.note ?? null}, ${by}, ${now.toISOString()})`,
    );
  }
  await tx.execute(
    sql`UPDATE panel_redemptions SET status = ${b.status}, note = ${b.note || null}, handled_by = ${by},
          handled_at = ${now.toISOString()}
        WHERE tenant_id = ${actor.tenantId} AND id = ${x.id}`,
  );
  await audit(
    tx,
    actor,
    `panel.redemption.${b.status === 'fulfilled' ? 'fulfil' : 'cancel'}`,
    'panel_redemption',
    x.id,
    b,
    {
      status: x.status,
    },
  );
}
