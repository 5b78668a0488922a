import { ZPanelMemberDetail, ZPanelRedemptionList, ZPanelReward, ZPortal } from '@loopcx/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { one, sql } from '../../platform/db.ts';
import { problem, setupTestSuite } from '../../testing/harness.ts';
import { awardPoints } from './commands/review.ts';
import { verifyMemberToken } from './tokens.ts';

const s = setupTestSuite();

const api = (method: string, user: string, url: string, payload?: unknown, t = s.a) =>
  s.inject({ method: method as 'GET', url: `/api/v1${url}`, headers: t.as(user), payload: payload as object });
const portal = (token: string) => s.inject({ method: 'GET', url: `/api/v1/public/panel-members/${token}` });
const redeem = (token: string, rewardId: string) =>
  s.inject({
    method: 'POST',
    url: `/api/v1/public/panel-members/${token}/redemptions`,
    payload: { rewardId },
  });

let panelId: string;
let joinToken: string;
let phoneNo = 13900000000;

/** An active member (applied through the link) who has earned `points` (an adjustment through the ledger). */
async function member(name: string, points: number) {
  const res = await s.inject({
    method: 'POST',
    url: `/api/v1/public/panels/${joinToken}/apply`,
    payload: { name, phone: String(++phoneNo), consent: true },
  });
  expect(res.statusCode, res.body).toBe(201);
  const token = (res.json().portalUrl as string).split('/').pop() as string;
  const id = verifyMemberToken(s.t.ctx.config.secret, token)?.memberId as string;
  if (points)
    await s.t.ctx.db.transaction((tx) =>
      awardPoints(
        tx,
        { tenantId: s.a.tenantId, memberId: id, delta: points, reason: 'adjustment', referenceId: null, by: null },
        s.t.ctx.clock.now(),
      ),
    );
  return { token, id };
}

async function reward(body: Record<string, unknown>) {
  const res = await api('POST', 'owner', `/panels/${panelId}/rewards`, body);
  expect(res.statusCode, res.body).toBe(201);
  return ZPanelReward.parse(res.json());
}

/** The member's balance, earned points and tier, and the ledger's sum (which the balance must equal). */
async function account(id: string) {
  return one<{ points: number; earned: number; tier: string; ledger: number }>(
    s.t.ctx.db,
    sql`SELECT m.points, m.earned, m.tier, (SELECT coalesce(sum(delta), 0)::int FROM panel_point_ledger l
          WHERE l.tenant_id = m.tenant_id AND l.member_id = m.id) AS ledger
        FROM panel_members m WHERE m.tenant_id = ${s.a.tenantId} AND m.id = ${id}`,
  );
}

beforeAll(async () => {
  const res = await api('POST', 'owner', '/panels', {
    name: '积分兑换测试',
    tiers: [
      { name: '新手', minPoints: 0 },
      { name: '达人', minPoints: 100 },
      { name: '资深达人', minPoints: 300 },
    ],
  });
  expect(res.statusCode, res.body).toBe(201);
  panelId = res.json().id;
  joinToken = (res.json().joinUrl as string).split('/').pop() as string;
});

describe('rewards list', () => {
  it('is managed at the tenant root: created, listed and edited; others are refused', async () => {
    const r = await reward({ name: '新品试吃券', description: '任意门店可用', pointsCost: 100, stock: 5 });
    expect(r).toMatchObject({ pointsCost: 100, stock: 5, active: true, redeemed: 0 });
    const edited = await api('PATCH', 'owner', `/panel-rewards/${r.id}`, { pointsCost: 120, active: false });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ pointsCost: 120, stock: 5, active: false, description: '任意门店可用' });
    const list = await api('GET', 'analyst', `/panels/${panelId}/rewards`);
    expect(list.json().items.map((x: { id: string }) => x.id)).toContain(r.id);
    expect((await api('POST', 'viewer', `/panels/${panelId}/rewards`, { name: 'x', pointsCost: 1 })).statusCode).toBe(
      403,
    );
    expect((await api('PATCH', 'manager', `/panel-rewards/${r.id}`, { active: true })).statusCode).toBe(403);
    expect((await api('PATCH', 'owner', `/panel-rewards/${r.id}`, { active: true }, s.b)).statusCode).toBe(404);
    expect((await api('GET', 'owner', `/panels/${panelId}/rewards`, undefined, s.b)).statusCode).toBe(404);
    const anon = await s.inject({ method: 'GET', url: `/api/v1/panels/${panelId}/rewards` });
    expect(anon.statusCode).toBe(401);
  });

  it('answers malformed rewards with a 422 problem', async () => {
    const bad: Array<Record<string, unknown>> = [
      {},
      { name: '', pointsCost: 10 },
      { name: 'x', pointsCost: 0 },
      { name: 'x', pointsCost: 1.5 },
      { name: 'x', pointsCost: '10' },
      { name: 'x', pointsCost: 10, stock: -1 },
      { name: 'x'.repeat(121), pointsCost: 10 },
      { name: 'x', pointsCost: 10, admin: true },
    ];
    for (const body of bad) {
      const res = await api('POST', 'owner', `/panels/${panelId}/rewards`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      problem(res);
    }
  });
});

describe('redeeming on the portal', () => {
  it('spends the balance through the ledger; the tier follows earned points and does not drop', async () => {
    const m = await member('兑换甲', 150);
    const r = await reward({ name: '咖啡券', pointsCost: 100 });
    const res = await redeem(m.token, r.id);
    expect(res.statusCode, res.body).toBe(201);
    const view = ZPortal.parse(res.json());
    expect(view).toMatchObject({ points: 50, earned: 150, tier: '达人' });
    expect(view.nextTier).toEqual({ name: '资深达人', minPoints: 300 });
    expect(view.redemptions).toEqual([
      expect.objectContaining({ rewardName: '咖啡券', points: 100, status: 'pending' }),
    ]);
    expect(await account(m.id)).toEqual({ points: 50, earned: 150, tier: '达人', ledger: 50 });
    const short = await redeem(m.token, r.id);
    expect(short.statusCode).toBe(409);
    expect(problem(short).detail).toMatch(/Not enough points/);
    expect((await account(m.id))?.points).toBe(50);
    const detail = ZPanelMemberDetail.parse((await api('GET', 'owner', `/panel-members/${m.id}`)).json());
    expect(detail.ledger.map((l) => [l.reason, l.delta]).sort()).toEqual([
      ['adjustment', 150],
      ['redemption', -100],
    ]);
  });

  it('refuses an inactive, unknown or other panel’s reward, a forged link and malformed bodies', async () => {
    const m = await member('兑换乙', 500);
    const off = await reward({ name: '下架礼品', pointsCost: 10, active: false });
    expect((await redeem(m.token, off.id)).statusCode).toBe(404);
    const other = await api('POST', 'owner', '/panels', { name: '另一个计划' });
    const elsewhere = await api('POST', 'owner', `/panels/${other.json().id}/rewards`, { name: '别处', pointsCost: 1 });
    expect((await redeem(m.token, elsewhere.json().id)).statusCode).toBe(404);
    expect((await redeem(`${m.token.slice(0, -2)}AA`, off.id)).statusCode).toBe(404);
    for (const payload of [{}, { rewardId: 'x' }, { rewardId: off.id, points: 1 }, { rewardId: 5 }]) {
      const res = await s.inject({
        method: 'POST',
        url: `/api/v1/public/panel-members/${m.token}/redemptions`,
        payload,
      });
      expect(res.statusCode, JSON.stringify(payload)).toBe(422);
    }
    expect((await account(m.id))?.points).toBe(500);
    // The portal lists active rewards only.
    const names = ZPortal.parse((await portal(m.token)).json()).rewards.map((x) => x.name);
    expect(names).not.toContain('下架礼品');
    expect(names).not.toContain('别处');
  });

  it('never overdraws under parallel redemptions: one member’s balance, one reward’s stock', async () => {
    const rich = await member('并发甲', 300);
    const cheap = await reward({ name: '贴纸', pointsCost: 100 });
    const first = await Promise.all(Array.from({ length: 8 }, () => redeem(rich.token, cheap.id)));
    expect(first.map((r) => r.statusCode).sort()).toEqual([201, 201, 201, 409, 409, 409, 409, 409]);
    expect(await account(rich.id)).toMatchObject({ points: 0, ledger: 0, earned: 300, tier: '资深达人' });

    const scarce = await reward({ name: '限量周边', pointsCost: 10, stock: 2 });
    const many = await Promise.all(Array.from({ length: 3 }, (_, i) => member(`并发${i}`, 100)));
    const second = await Promise.all(many.flatMap((m) => [redeem(m.token, scarce.id), redeem(m.token, scarce.id)]));
    expect(second.filter((r) => r.statusCode === 201)).toHaveLength(2);
    expect(second.filter((r) => r.statusCode === 409)).toHaveLength(4);
    const after = (await api('GET', 'owner', `/panels/${panelId}/rewards`))
      .json()
      .items.find((x: { id: string }) => x.id === scarce.id);
    expect(after).toMatchObject({ stock: 0, redeemed: 2 });
    for (const m of many) {
      const a = await account(m.id);
      expect(a?.points).toBe(a?.ledger);
    }
    const spent = await Promise.all(many.map((m) => account(m.id)));
    expect(spent.reduce((n, a) => n + (a?.points ?? 0), 0)).toBe(300 - 20);
  });
});

describe('fulfilling and cancelling', () => {
  it('staff fulfil a pending redemption, or cancel it: the points and the stock come back, once', async () => {
    const m = await member('兑换丙', 200);
    const r = await reward({ name: '会员礼券', pointsCost: 80, stock: 3 });
    await redeem(m.token, r.id);
    await redeem(m.token, r.id);
    const list = ZPanelRedemptionList.parse(
      (await api('GET', 'admin', `/panel-redemptions?panelId=${panelId}&status=pending`)).json(),
    );
    const mine = list.items.filter((x) => x.memberId === m.id);
    expect(mine).toHaveLength(2);
    const [a, b] = mine;

    const done = await api('PATCH', 'admin', `/panel-redemptions/${a.id}`, { status: 'fulfilled' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'fulfilled', rewardName: '会员礼券' });
    expect(
      (await api('PATCH', 'admin', `/panel-redemptions/${a.id}`, { status: 'cancelled', note: 'x' })).statusCode,
    ).toBe(409);

    const noNote = await api('PATCH', 'admin', `/panel-redemptions/${b.id}`, { status: 'cancelled' });
    expect(noNote.statusCode).toBe(422);
    expect((await api('PATCH', 'viewer', `/panel-redemptions/${b.id}`, { status: 'fulfilled' })).statusCode).toBe(403);
    expect((await api('PATCH', 'storeManager', `/panel-redemptions/${b.id}`, { status: 'fulfilled' })).statusCode).toBe(
      403,
    );
    // A store manager lists the redemptions of members whose customer came to their stores only: this one came to none.
    const scoped = await api('GET', 'storeManager', `/panel-redemptions?panelId=${panelId}`);
    expect(scoped.statusCode).toBe(200);
    expect(scoped.json().items.map((x: { memberId: string }) => x.memberId)).not.toContain(m.id);
    expect(list.total).toBeGreaterThan(0);
    expect((await api('PATCH', 'owner', `/panel-redemptions/${b.id}`, { status: 'fulfilled' }, s.b)).statusCode).toBe(
      404,
    );
    expect((await account(m.id))?.points).toBe(40);
    const cancel = await api('PATCH', 'admin', `/panel-redemptions/${b.id}`, { status: 'cancelled', note: '缺货' });
    expect(cancel.statusCode, cancel.body).toBe(200);
    expect(await account(m.id)).toEqual({ points: 120, earned: 200, tier: '达人', ledger: 120 });
    expect(
      (await api('PATCH', 'admin', `/panel-redemptions/${b.id}`, { status: 'cancelled', note: '再次' })).statusCode,
    ).toBe(409);
    const stock = (await api('GET', 'owner', `/panels/${panelId}/rewards`))
      .json()
      .items.find((x: { id: string }) => x.id === r.id);
    expect(stock).toMatchObject({ stock: 2, redeemed: 1 });
    const view = ZPortal.parse((await portal(m.token)).json());
    expect(view.redemptions.map((x) => [x.status, x.note])).toEqual(
      expect.arrayContaining([
        ['fulfilled', null],
        ['cancelled', '缺货'],
      ]),
    );
    const refunds = await one<{ n: number }>(
      s.t.ctx.db,
      sql`SELECT count(*)::int AS n FROM panel_point_ledger WHERE tenant_id = ${s.a.tenantId} AND member_id = ${m.id}
          AND reason = 'redemption_refund' AND reference_id = ${b.id} AND delta = 80`,
    );
    expect(refunds?.n).toBe(1);
  });
});
