import type { AppContext } from '../../platform/context.ts';
import { one, rows, sql } from '../../platform/db.ts';
import { demoActors } from '../../seed/actors.ts';
import type { DemoTenant } from '../../seed/demo.ts';
import { prng } from '../../seed/random.ts';
import { createReward, redeemReward, resolveRedemption } from './commands/rewards.ts';

const DAY = 86400_000;

const REWARDS = [
  { name: '新品试吃券', description: '当季新品任选一道，全部门店可用', pointsCost: 100, stock: null },
  { name: '50 元会员礼券', description: '满 200 元可用，有效期 30 天', pointsCost: 200, stock: 20 },
  { name: '限量周边帆布袋', description: '体验达人专属款，门店领取', pointsCost: 300, stock: 5 },
  { name: '中秋月饼礼盒', description: '活动已结束', pointsCost: 250, stock: 0, active: false },
];

/**
 * Points redemption in the demo (step 81, after the panel of step 77 has awarded points): the panel's rewards list
 * and three weeks of redemptions by members who earned enough, through the real commands at past times — most
 * fulfilled two days later, the latest still pending, one cancelled (out of stock at the store) and refunded.
 * Idempotent.
 */
export async function seedPanelRewards(ctx: AppContext, demo: DemoTenant): Promise<void> {
  const panel = await one<{ id: string }>(
    ctx.db,
    sql`SELECT id FROM panels WHERE tenant_id = ${demo.tenantId} AND name = '体验达人计划'`,
  );
  if (!panel) return;
  if (await one(ctx.db, sql`SELECT 1 FROM panel_rewards WHERE tenant_id = ${demo.tenantId} AND panel_id = ${panel.id}`))
    return;
  const as = await demoActors(ctx.db, demo.tenantId);
  const owner = as('owner@savor.example');
  const rand = prng(demo.seed + 81);
  const now = ctx.clock.now().getTime();
  const ids = await ctx.db.transaction(async (tx) => {
    const out: string[] = [];
    for (const r of REWARDS)
      out.push(await createReward(tx, owner, panel.id, { ...r, active: r.active ?? true }, new Date(now - 30 * DAY)));
    return out;
  });
  const members = await rows<{ id: string; panel_id: string; status: string; points: number }>(
    ctx.db,
    sql`SELECT id, panel_id, status, points FROM panel_members
        WHERE tenant_id = ${demo.tenantId} AND panel_id = ${panel.id} AND status = 'active' AND points >= 100
        ORDER BY points DESC, id LIMIT 9`,
  );
  // Oldest first: each member spends on the dearest reward they can afford, a few days apart.
  const plan = members.map((m, i) => ({ m, at: now - (21 - i * 2.3) * DAY }));
  for (const [i, { m, at }] of plan.entries()) {
    const when = new Date(at + Math.floor(rand.next() * 6 * 3600_000));
    // What the member held then (the ledger up to that time), so no redemption precedes the points it spends.
    const then = await one<{ p: number }>(
      ctx.db,
      sql`SELECT coalesce(sum(delta), 0)::int AS p FROM panel_point_ledger
          WHERE tenant_id = ${demo.tenantId} AND member_id = ${m.id} AND created_at <= ${when.toISOString()}`,
    );
    const held = then?.p ?? 0;
    if (held < 100) continue;
    const cost = held >= 300 && i % 3 === 0 ? 2 : held >= 200 ? 1 : 0;
    const id = await ctx.db.transaction((tx) => redeemReward(tx, demo.tenantId, m, ids[cost], when));
    const handled = new Date(when.getTime() + 2 * DAY);
    if (handled.getTime() > now - 3 * DAY) continue; // the latest wait to be sent
    const cancel = i === 3;
    await ctx.db.transaction((tx) =>
      resolveRedemption(
        tx,
        owner,
        id,
        cancel
          ? { status: 'cancelled', note: '门店礼品暂时缺货，积分已退回，欢迎改兑其他礼品。' }
          : { status: 'fulfilled' },
        handled,
      ),
    );
  }
}
