import { randomUUID } from 'node:crypto';
import { type THomeResponse, ZHomeResponse } from '@loopcx/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/auth.ts';
import { sql } from '../../platform/db.ts';
import { createTestApp, createTestTenant, injector, type TestApp, type TestTenant } from '../../testing/harness.ts';
import { attentionSources } from '../registry.ts';
import { homeView, rankAttention } from './queries/home-view.ts';

let t: TestApp;
let a: TestTenant;
let b: TestTenant;
let inject: ReturnType<typeof injector>;
const NIL = '00000000-0000-0000-0000-000000000000';
// 16:00 in Shanghai (the test tenants' zone): the current week is 03-09…03-15, the previous 03-02…03-08.
const NOW = '2026-03-15T08:00:00Z';
const HOUR = 3600_000;
const ago = (h: number) => new Date(Date.parse(NOW) - h * HOUR).toISOString();
let ticketNo = 0;
let rule: string;
let topic: string;

async function ticket(
  tenant: TestTenant,
  unit: string,
  opts: { status?: string; dueInH: number; firstDueInH?: number; createdH?: number; assignee?: string; rule?: string },
) {
  await t.ctx.db.execute(
    sql`INSERT INTO tickets (tenant_id, id, number, source, status, priority, title, org_unit_id, assignee_id, rule_id,
          first_response_due_at, resolution_due_at, created_at)
        VALUES (${tenant.tenantId}, ${randomUUID()}, ${++ticketNo}, 'manual', ${opts.status ?? 'new'}, 'normal',
          ${`Ticket at ${unit}`}, ${unit}, ${opts.assignee ?? null}, ${opts.rule ?? null},
          ${ago(-(opts.firstDueInH ?? opts.dueInH))}, ${ago(-opts.dueInH)}, ${ago(opts.createdH ?? 30)})`,
  );
}

/** One day's rollup for a unit and binding from a histogram `{score: count}`. */
async function rollup(tenant: TestTenant, unit: string, binding: string, day: string, hist: Record<number, number>) {
  const h = Array.from({ length: 11 }, (_, i) => hist[i] ?? 0);
  const n = h.reduce((s, v) => s + v, 0);
  const sum = h.reduce((s, v, i) => s + v * i, 0);
  const sumsq = h.reduce((s, v, i) => s + v * i * i, 0);
  await t.ctx.db.execute(
    sql`INSERT INTO score_rollups (tenant_id, survey_id, binding, org_unit_id, touchpoint_id, day, n, sum, sumsq, h0, h1, h2, h3, h4, h5, h6, h7, h8, h9, h10)
        VALUES (${tenant.tenantId}, ${NIL}, ${binding}, ${unit}, ${NIL}, ${day}, ${n}, ${sum}, ${sumsq},
          ${h[0]}, ${h[1]}, ${h[2]}, ${h[3]}, ${h[4]}, ${h[5]}, ${h[6]}, ${h[7]}, ${h[8]}, ${h[9]}, ${h[10]})`,
  );
}

/** A CSAT week: `top` fives and `low` twos a day for seven days from `from` (day of March). */
async function csatWeek(tenant: TestTenant, unit: string, from: number, top: number, low: number) {
  for (let d = from; d < from + 7; d++)
    await rollup(tenant, unit, 'csat', `2026-03-${String(d).padStart(2, '0')}`, { 5: top, 2: low });
}

async function home(user: string, tenant = a, query = ''): Promise<THomeResponse> {
  const res = await inject({ method: 'GET', url: `/api/v1/home${query}`, headers: tenant.as(user) });
  expect(res.statusCode, res.body).toBe(200);
  return ZHomeResponse.parse(res.json());
}

const kinds = (h: THomeResponse) => h.attention.map((i) => i.kind);
const item = (h: THomeResponse, kind: string) => h.attention.find((i) => i.kind === kind);

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(NOW);
  a = await createTestTenant(t.ctx);
  b = await createTestTenant(t.ctx);
  inject = injector(t);
  const { S1, S2, S3 } = a.units;
  // Tickets: S1 one overdue and unanswered (and one more unanswered past first response only), S2 one fresh, S3
  // (the other region) two overdue; tenant b one overdue.
  await ticket(a, S1.id, { dueInH: -5, createdH: 30 });
  await ticket(a, S1.id, { status: 'acknowledged', dueInH: 20, firstDueInH: -1, createdH: 3 });
  await ticket(a, S2.id, { dueInH: 20, createdH: 2, assignee: a.users.agent.id });
  await ticket(a, S3.id, { dueInH: -2, createdH: 40 });
  await ticket(a, S3.id, { status: 'in_progress', dueInH: -1, createdH: 40 });
  await ticket(b, b.units.S1.id, { dueInH: -9, createdH: 50 });
  // S1's CSAT falls from 80 % top-box (12 of 15 a day) to 33 % (5 of 15); S3's falls too; S2 holds steady.
  await csatWeek(a, S1.id, 2, 12, 3);
  await csatWeek(a, S1.id, 9, 5, 10);
  await csatWeek(a, S3.id, 2, 12, 3);
  await csatWeek(a, S3.id, 9, 4, 11);
  await csatWeek(a, S2.id, 2, 10, 5);
  await csatWeek(a, S2.id, 9, 10, 5);
  await csatWeek(b, b.units.S1.id, 2, 12, 3);
  await csatWeek(b, b.units.S1.id, 9, 1, 14);
  // Alerts of one rule in the last 24 h: two at S1, three at S3, one two days ago at S1 (outside the window).
  rule = randomUUID();
  await t.ctx.db.execute(
    sql`INSERT INTO alert_rules (tenant_id, id, name, kind, condition, actions)
        VALUES (${a.tenantId}, ${rule}, '低分预警', 'response', '{"expression":"{csat} <= 2"}', '{"ticket":null,"notify":{"inApp":true}}')`,
  );
  for (const [unit, h] of [
    [S1.id, 2],
    [S1.id, 5],
    [S3.id, 1],
    [S3.id, 2],
    [S3.id, 3],
    [S1.id, 48],
  ] as const) {
    await t.ctx.db.execute(
      sql`INSERT INTO alerts (tenant_id, id, rule_id, source, source_key, org_unit_id, created_at)
          VALUES (${a.tenantId}, ${randomUUID()}, ${rule}, 'response', ${randomUUID()}, ${unit}, ${ago(h)})`,
    );
  }
  await ticket(a, S1.id, { status: 'resolved', dueInH: 10, createdH: 2, rule });
  // A topic with 12 negative mentions at S1 this week against 1 last week (and 12 at S3 both weeks).
  topic = randomUUID();
  await t.ctx.db.execute(
    sql`INSERT INTO text_topics (tenant_id, id, code, name, name_en) VALUES (${a.tenantId}, ${topic}, 'slow', '上菜慢', 'Slow serving')`,
  );
  const hit = (unit: string, h: number) =>
    t.ctx.db.execute(
      sql`INSERT INTO text_topic_hits (tenant_id, analysis_id, topic_id, sentiment, occurred_at, org_unit_id, source_kind)
          VALUES (${a.tenantId}, ${randomUUID()}, ${topic}, 'negative', ${ago(h)}, ${unit}, 'response')`,
    );
  for (let i = 0; i < 12; i++) await hit(S1.id, 10 + i * 5);
  await hit(S1.id, 24 * 9);
  for (let i = 0; i < 12; i++) {
    await hit(S3.id, 10 + i * 5);
    await hit(S3.id, 24 * 8 + i * 5);
  }
  // Praise at S1 (this week) and at S2.
  const praise = (unit: string, text: string, h: number) =>
    t.ctx.db.execute(
      sql`INSERT INTO text_analyses (tenant_id, id, source_kind, source_id, org_unit_id, occurred_at, text, language, sentiment, score, model_version, analysed_at)
          VALUES (${a.tenantId}, ${randomUUID()}, 'response', ${randomUUID()}, ${unit}, ${ago(h)}, ${text}, 'zh', 'positive', 0.9, 'test', ${NOW})`,
    );
  await praise(S1.id, '服务员很贴心，会再来', 6);
  await praise(S2.id, '隔壁店的表扬', 6);
  await praise(S1.id, '上个月的表扬', 24 * 20);
});
afterAll(async () => t.close());

describe('GET /home', () => {
  it('401 without a session, 422 for an unknown, repeated or huge locale', async () => {
    expect((await inject({ method: 'GET', url: '/api/v1/home' })).statusCode).toBe(401);
    for (const q of ['locale=fr', 'locale=en&locale=zh-CN', `locale=${'x'.repeat(5000)}`]) {
      const bad = await inject({ method: 'GET', url: `/api/v1/home?${q}`, headers: a.as('owner') });
      expect(bad.statusCode, q).toBe(422);
      expect(bad.headers['content-type']).toContain('application/problem+json');
    }
    // A parameter the route does not know is ignored (the default language answers).
    const odd = await inject({ method: 'GET', url: '/api/v1/home?locale[$ne]=en&x=1', headers: a.as('owner') });
    expect(odd.statusCode).toBe(200);
    expect(odd.json().attention[0].title).toMatch(/[\u4e00-\u9fff]/);
  });

  it("collects every module's attention sources; a failing source is named and the rest still shown", async () => {
    const names = (await attentionSources()).map(([name]) => name);
    expect(names).toEqual(
      expect.arrayContaining([
        'tickets.new',
        'tickets.overdue',
        'tickets.sla_breached',
        'alerts.fired',
        'metrics.moved',
        'text.topic_rising',
      ]),
    );
    const actor: Actor = {
      tenantId: a.tenantId,
      kind: 'user',
      id: a.users.owner.id,
      role: 'owner',
      orgUnitId: a.units.HQ.id,
      orgPath: a.units.HQ.path,
    };
    const unit = { id: a.units.HQ.id, path: a.units.HQ.path, name: 'HQ', nameEn: null, kind: 'root', code: 'HQ' };
    const failed: string[] = [];
    const view = await homeView(
      t.ctx.db,
      actor,
      unit,
      new Date(NOW),
      'en',
      [
        [
          'targets.at_risk',
          async () => {
            throw new Error('boom');
          },
        ],
        ['tasks.overdue', async () => [{ kind: 'tasks.overdue', severity: 'low', title: 'Late task', link: '/tasks' }]],
      ],
      (source) => failed.push(source),
    );
    expect(failed).toEqual(['targets.at_risk']);
    expect(view.unavailable).toEqual(['targets.at_risk']);
    expect(view.attention).toEqual([{ kind: 'tasks.overdue', severity: 'low', title: 'Late task', link: '/tasks' }]);
  });

  it('ranks by severity, then count, then recency, and keeps at most five cards of a kind', () => {
    const many = Array.from({ length: 8 }, (_, i) => ({
      kind: 'x.many',
      severity: 'medium' as const,
      title: `m${i}`,
      link: '/',
      count: i,
    }));
    const ranked = rankAttention([
      ...many,
      { kind: 'y.low', severity: 'low', title: 'low', link: '/' },
      { kind: 'z.high', severity: 'high', title: 'old', link: '/', at: '2026-03-01T00:00:00Z' },
      { kind: 'z.high', severity: 'high', title: 'new', link: '/', at: '2026-03-02T00:00:00Z' },
    ]);
    expect(ranked.map((i) => i.title)).toEqual(['new', 'old', 'm7', 'm6', 'm5', 'm4', 'm3', 'low']);
  });

  it("a store manager sees only their store's items, and the frontline view", async () => {
    const h = await home('storeManager');
    expect(h.scope).toMatchObject({ orgUnitId: a.units.S1.id, kind: 'store' });
    expect(item(h, 'tickets.overdue')).toMatchObject({ count: 1, severity: 'high', link: '/tickets?view=overdue' });
    expect(item(h, 'tickets.sla_breached')).toMatchObject({ count: 2, link: '/tickets?view=breached' });
    expect(item(h, 'tickets.new')?.count).toBe(1);
    expect(item(h, 'alerts.fired')).toMatchObject({ count: 2, title: '预警「低分预警」24 小时内触发 2 次' });
    const drop = item(h, 'metrics.moved')!;
    expect(drop.title).toBe('Unit S1 CSAT 显著下降');
    expect(drop.link).toBe(`/dashboards?orgUnitId=${a.units.S1.id}&days=7&metric=csat`);
    expect(item(h, 'text.topic_rising')).toMatchObject({ count: 12, title: '负面话题「上菜慢」在上升' });
    // Nothing of S2 or S3 reaches a store manager of S1.
    expect(JSON.stringify(h)).not.toContain(a.units.S3.id);
    expect(JSON.stringify(h)).not.toContain(a.units.S2.id);
    expect(h.movers.every((m) => m.orgUnitId === a.units.S1.id)).toBe(true);
    // Frontline: the store's week (n = 105), its open tickets (not the resolved one), this week's praise only.
    expect(h.frontline).not.toBeNull();
    const f = h.frontline!;
    expect(f.week.find((s) => s.metric === 'csat')).toEqual({ metric: 'csat', value: (35 / 105) * 100, n: 105 });
    expect(f.today.find((s) => s.metric === 'csat')).toEqual({ metric: 'csat', value: (5 / 15) * 100, n: 15 });
    expect(f.openTicketCount).toBe(2);
    expect(f.openTickets.map((x) => x.orgUnit?.id)).toEqual([a.units.S1.id, a.units.S1.id]);
    expect(f.praise.map((p) => p.text)).toEqual(['服务员很贴心，会再来']);
    // Severity order: every high card before every medium one.
    const rank = h.attention.map((i) => ({ high: 0, medium: 1, low: 2 })[i.severity]);
    expect(rank).toEqual([...rank].sort());
  });

  it("a regional manager sees the region's items, not the other region's; no frontline", async () => {
    const h = await home('manager');
    expect(item(h, 'tickets.overdue')?.count).toBe(1);
    expect(item(h, 'tickets.new')?.count).toBe(2);
    expect(item(h, 'alerts.fired')?.count).toBe(2);
    expect(h.frontline).toBeNull();
    expect(JSON.stringify(h)).not.toContain(a.units.S3.id);
    // The region tests itself, its city and its stores: S1's drop is significant, S2's steady CSAT is not.
    const s1 = h.movers.find((m) => m.orgUnitId === a.units.S1.id && m.metric === 'csat')!;
    expect(s1).toMatchObject({ test: 'z-two-proportion', significant: true });
    expect(s1.change).toBeCloseTo(100 / 3 - 80, 6);
    expect(h.movers.find((m) => m.orgUnitId === a.units.S2.id)?.significant).toBe(false);
    expect(h.movers.map((m) => m.orgUnitId)).toEqual(expect.arrayContaining([a.units.R1.id, a.units.C1.id]));
  });

  it('HQ sees every region (units down to two levels below HQ are tested); the other tenant sees only its own', async () => {
    const h = await home('owner');
    expect(item(h, 'tickets.overdue')?.count).toBe(3);
    expect(item(h, 'alerts.fired')?.count).toBe(5);
    expect(h.attention.filter((i) => i.kind === 'metrics.moved').map((i) => i.title)).toEqual(
      expect.arrayContaining(['Unit R1 CSAT 显著下降', 'Unit S3 CSAT 显著下降']),
    );
    const other = await home('owner', b);
    expect(item(other, 'tickets.overdue')?.count).toBe(1);
    expect(item(other, 'alerts.fired')).toBeUndefined();
    expect(item(other, 'text.topic_rising')).toBeUndefined();
    expect(JSON.stringify(other)).not.toContain(a.tenantId);
    for (const u of Object.values(a.units)) expect(JSON.stringify(other)).not.toContain(u.id);
  });

  it("a topic card needs a significant rise in the caller's scope (steady mentions at S3 dilute it for HQ)", async () => {
    const h = await home('owner');
    // Tenant-wide this week 24 against 13 last week: z = 11/√37 = 1.81, p = 0.07 — not significant at 0.01.
    expect(item(h, 'text.topic_rising')).toBeUndefined();
    expect(item(await home('manager'), 'text.topic_rising')?.count).toBe(12);
  });

  it('cards arrive in English when asked, with the test and p in the detail', async () => {
    const h = await home('manager', a, '?locale=en');
    expect(item(h, 'tickets.overdue')?.title).toBe('1 ticket overdue');
    const drop = item(h, 'metrics.moved')!;
    expect(drop.title).toBe('CSAT dropped significantly at Unit S1');
    expect(drop.detail).toBe('33.3% in the last 7 days (previous 7: 80.0%), n=105, two-proportion z test, p<0.001');
    expect(item(h, 'text.topic_rising')?.title).toBe('Negative topic "Slow serving" is rising');
  });

  it('an agent sees only tickets assigned to them, and no metrics or text', async () => {
    const h = await home('agent');
    expect(item(h, 'tickets.new')?.count).toBe(1);
    expect(item(h, 'tickets.overdue')).toBeUndefined();
    expect(h.movers).toEqual([]);
    expect(kinds(h)).not.toContain('metrics.moved');
    expect(kinds(h)).not.toContain('text.topic_rising');
  });

  it("an API key scoped to home:read sees no other domain's facts", async () => {
    const res = await inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: a.as('owner'),
      payload: { name: 'home only', scopes: ['home:read'] },
    });
    expect(res.statusCode, res.body).toBe(201);
    const h = await inject({
      method: 'GET',
      url: '/api/v1/home',
      headers: { authorization: `Bearer ${res.json().key}` },
    });
    expect(h.statusCode, h.body).toBe(200);
    expect(h.json().attention).toEqual([]);
    expect(h.json().movers).toEqual([]);
    const denied = await inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: a.as('owner'),
      payload: { name: 'tickets only', scopes: ['tickets:read'] },
    });
    const noHome = await inject({
      method: 'GET',
      url: '/api/v1/home',
      headers: { authorization: `Bearer ${denied.json().key}` },
    });
    expect(noHome.statusCode).toBe(403);
  });

  it('every ticket link lists exactly the tickets its card counts', async () => {
    for (const user of ['storeManager', 'manager', 'owner', 'agent']) {
      const h = await home(user);
      for (const card of h.attention.filter((i) => i.link.startsWith('/tickets?'))) {
        const res = await inject({
          method: 'GET',
          url: `/api/v1/tickets?${card.link.split('?')[1]}`,
          headers: a.as(user),
        });
        expect(res.statusCode, `${user} ${card.link}`).toBe(200);
        const list = res.json().items as unknown[];
        // An alert card counts alerts, its link the tickets they opened (the one rule ticket at S1 here).
        expect(list.length, `${user} ${card.kind}`).toBe(card.kind === 'alerts.fired' ? 1 : card.count);
      }
    }
  });

  it('the ticket list refuses malformed filters with a 422', async () => {
    for (const q of ['view=late', 'ruleId=nope', 'since=yesterday']) {
      const res = await inject({ method: 'GET', url: `/api/v1/tickets?${q}`, headers: a.as('owner') });
      expect(res.statusCode, q).toBe(422);
    }
  });
});
