import type { TTouchpointUpdate } from '@loopcx/shared';
import type { Actor } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { one, rows, sql } from '../../platform/db.ts';
import { DEMO_USERS, type DemoTenant } from '../../seed/demo.ts';
import { DEMO_SURVEYS } from '../surveys/demo.ts';
import { addStage } from './commands/edit-stages.ts';
import { createTouchpoint, updateTouchpoint } from './commands/save-touchpoint.ts';

type Team = 'service' | 'operations' | 'quality' | 'marketing';
interface Spec {
  code: string;
  /** Journey (by English name) and stage (by Chinese name) for touchpoints created here. */
  at?: { journey: string; stage: string };
  name?: [string, string];
  channel?: 'physical' | 'digital' | 'interpersonal';
  owner: Team;
  r: Team[];
  a: string;
  c: Team[];
  i: Array<Team | string>;
  metric: 'csat' | 'nps' | 'ces';
  target: number;
  metrics: string[];
  events?: string[];
  description: string;
}

const OWNER = DEMO_USERS[0].email;
const ANALYST = 'analyst@savor.example';
// Who does what at each touchpoint of the demo journeys (R: does the work, A: answers for it, C: asked, I: told).
// CSAT targets (top-two-box %) sit a little above where the chain stands, so the map shows which touchpoints lag.
const SPECS: Spec[] = [
  {
    code: 'reserve',
    owner: 'marketing',
    r: ['marketing'],
    a: OWNER,
    c: ['operations'],
    i: ['service'],
    metric: 'csat',
    target: 55,
    metrics: ['csat', 'responses'],
    events: ['page.view'],
    description: '小程序/美团预约订座',
  },
  {
    code: 'arrive',
    owner: 'operations',
    r: ['operations'],
    a: OWNER,
    c: ['marketing'],
    i: ['service'],
    metric: 'csat',
    target: 55,
    metrics: ['csat'],
    description: '导航、停车与门口迎宾',
  },
  {
    code: 'queue',
    owner: 'operations',
    r: ['operations'],
    a: OWNER,
    c: ['service'],
    i: [ANALYST],
    metric: 'csat',
    target: 50,
    metrics: ['csat', 'rating:wait'],
    description: '取号、等位时长与等位服务',
  },
  {
    code: 'order',
    owner: 'operations',
    r: ['operations'],
    a: OWNER,
    c: ['quality'],
    i: [ANALYST],
    metric: 'csat',
    target: 55,
    metrics: ['csat'],
    description: '服务员点餐与推荐',
  },
  {
    code: 'order-qr',
    at: { journey: 'Dining journey', stage: '点餐' },
    name: ['扫码点餐', 'QR ordering'],
    channel: 'digital',
    owner: 'marketing',
    r: ['marketing'],
    a: OWNER,
    c: ['operations'],
    i: ['service'],
    metric: 'csat',
    target: 55,
    metrics: ['csat'],
    events: ['order.completed'],
    description: '桌码扫码自助点餐',
  },
  {
    code: 'serve',
    owner: 'operations',
    r: ['operations', 'quality'],
    a: OWNER,
    c: ['quality'],
    i: ['service', ANALYST],
    metric: 'csat',
    target: 55,
    metrics: ['csat', 'rating:serve', 'rating:speed'],
    description: '上菜速度与菜品温度',
  },
  {
    code: 'dine',
    owner: 'quality',
    r: ['quality'],
    a: OWNER,
    c: ['operations'],
    i: ['service', ANALYST],
    metric: 'csat',
    target: 55,
    metrics: ['csat', 'rating:food', 'rating:service'],
    description: '口味、环境与服务',
  },
  {
    code: 'pay',
    owner: 'operations',
    r: ['operations'],
    a: OWNER,
    c: ['marketing'],
    i: ['service'],
    metric: 'csat',
    target: 55,
    metrics: ['csat'],
    events: ['order.completed'],
    description: '结账、开票与会员积分',
  },
  {
    code: 'leave',
    owner: 'operations',
    r: ['operations'],
    a: OWNER,
    c: ['marketing'],
    i: [ANALYST],
    metric: 'nps',
    target: 30,
    metrics: ['nps'],
    description: '送客与再次光临意愿',
  },
  {
    code: 'tw-order',
    owner: 'marketing',
    r: ['marketing'],
    a: OWNER,
    c: ['operations'],
    i: ['service'],
    metric: 'csat',
    target: 55,
    metrics: ['csat'],
    events: ['order.completed'],
    description: '外卖平台与小程序下单',
  },
  {
    code: 'tw-prep',
    at: { journey: 'Takeaway journey', stage: '备餐' },
    name: ['出餐打包', 'Kitchen & packing'],
    channel: 'physical',
    owner: 'quality',
    r: ['quality'],
    a: OWNER,
    c: ['operations'],
    i: ['service'],
    metric: 'csat',
    target: 55,
    metrics: ['csat'],
    description: '出餐时长与打包规范',
  },
  {
    code: 'tw-delivery',
    owner: 'operations',
    r: ['operations'],
    a: OWNER,
    c: ['service'],
    i: [ANALYST],
    metric: 'csat',
    target: 50,
    metrics: ['csat'],
    description: '骑手配送时长与态度',
  },
  {
    code: 'tw-packaging',
    owner: 'quality',
    r: ['quality'],
    a: OWNER,
    c: ['operations'],
    i: ['service', ANALYST],
    metric: 'csat',
    target: 55,
    metrics: ['csat', 'rating:food'],
    description: '包装完好、不洒漏',
  },
  {
    code: 'tw-meal',
    owner: 'quality',
    r: ['quality'],
    a: OWNER,
    c: ['operations'],
    i: ['service'],
    metric: 'csat',
    target: 55,
    metrics: ['csat'],
    description: '外卖餐品口味与温度',
  },
  {
    code: 'tw-review',
    at: { journey: 'Takeaway journey', stage: '评价' },
    name: ['评价与售后', 'Reviews & after-sales'],
    channel: 'digital',
    owner: 'service',
    r: ['service'],
    a: OWNER,
    c: ['quality', 'marketing'],
    i: ['operations'],
    metric: 'nps',
    target: 30,
    metrics: ['nps'],
    events: ['call.inbound'],
    description: '平台评价回复与售后处理',
  },
  {
    code: 'service-call',
    owner: 'service',
    r: ['service'],
    a: OWNER,
    c: ['quality'],
    i: ['operations'],
    metric: 'ces',
    target: 5.5,
    metrics: ['ces'],
    events: ['call.inbound', 'ticket.closed'],
    description: '400 客服热线',
  },
];
// Stages the takeaway journey gains: 外卖下单 → 备餐 → 配送 → 开箱 → 用餐 → 评价.
const NEW_STAGES = [
  { journey: 'Takeaway journey', name: '备餐', nameEn: 'Preparing', after: '外卖下单' },
  { journey: 'Takeaway journey', name: '评价', nameEn: 'Reviewing', after: '用餐' },
];

/**
 * Demo step 12: fills the journeys of step 10 in as a CX team would — owners, RACI, targets, primary metrics,
 * linked metrics and event types — adds QR ordering, kitchen & packing and reviews touchpoints, and the takeaway
 * journey's 备餐 and 评价 stages. Runs through the same commands as the API; skipped once applied.
 */
export async function extendDemoJourneys(ctx: AppContext, demo: DemoTenant) {
  if (await one(ctx.db, sql`SELECT 1 FROM touchpoints WHERE tenant_id = ${demo.tenantId} AND code = 'tw-review'`))
    return;
  const ownerId = demo.users.get(OWNER);
  const root = [...demo.units.values()].find((u) => u.kind === 'hq');
  if (!ownerId || !root) return;
  const actor: Actor = {
    tenantId: demo.tenantId,
    kind: 'user',
    id: ownerId,
    role: 'owner',
    orgUnitId: root.id,
    orgPath: root.path,
  };
  const party = (p: string) => (p.includes('@') ? demo.users.get(p) : demo.teams.get(p)) ?? '';
  await ctx.db.transaction(async (tx) => {
    const stageId = async (journey: string, stage: string) =>
      (
        await one<{ id: string }>(
          tx,
          sql`SELECT s.id FROM journey_stages s JOIN journeys j ON j.tenant_id = s.tenant_id AND j.id = s.journey_id
          WHERE s.tenant_id = ${demo.tenantId} AND j.name_en = ${journey} AND s.name = ${stage}`,
        )
      )?.id;
    for (const s of NEW_STAGES) {
      if (await stageId(s.journey, s.name)) continue;
      const prev = await one<{ journeyId: string; position: number }>(
        tx,
        sql`SELECT s.journey_id AS "journeyId", s.position FROM journey_stages s JOIN journeys j ON j.tenant_id = s.tenant_id AND j.id = s.journey_id
            WHERE s.tenant_id = ${demo.tenantId} AND j.name_en = ${s.journey} AND s.name = ${s.after}`,
      );
      if (prev)
        await addStage(tx, ctx.clock, actor, prev.journeyId, {
          name: s.name,
          nameEn: s.nameEn,
          position: prev.position + 1,
        });
    }
    const existing = new Map(
      (
        await rows<{ id: string; code: string }>(
          tx,
          sql`SELECT id, code FROM touchpoints WHERE tenant_id = ${demo.tenantId}`,
        )
      ).map((t) => [t.code, t.id]),
    );
    for (const s of SPECS) {
      const fields: TTouchpointUpdate = {
        description: s.description,
        ownerTeamId: demo.teams.get(s.owner) ?? null,
        raci: {
          responsible: s.r.map(party),
          accountable: [party(s.a)],
          consulted: s.c.map(party),
          informed: s.i.map(party),
        },
        primaryMetric: s.metric,
        target: s.target,
        links: { surveys: [], metrics: s.metrics, eventTypes: s.events ?? [] },
      };
      const id = existing.get(s.code);
      if (id) await updateTouchpoint(tx, ctx.clock, actor, id, fields);
      else if (s.at && s.name && s.channel) {
        const stage = await stageId(s.at.journey, s.at.stage);
        if (!stage) continue;
        await createTouchpoint(tx, ctx.clock, actor, {
          ...fields,
          code: s.code,
          name: s.name[0],
          nameEn: s.name[1],
          channel: s.channel,
          stageId: stage,
        } as Parameters<typeof createTouchpoint>[3]);
      }
    }
  });
}

/**
 * Demo step 70 (after the surveys exist): links each demo survey to the touchpoints where it is answered
 * (`places` in surveys/demo.ts, which also places the demo responses). Idempotent.
 */
export async function linkDemoSurveys(ctx: AppContext, demo: DemoTenant) {
  const surveys = await rows<{ id: string; name: string }>(
    ctx.db,
    sql`SELECT id, name FROM surveys WHERE tenant_id = ${demo.tenantId}`,
  );
  const tps = new Map(
    (
      await rows<{ id: string; code: string }>(
        ctx.db,
        sql`SELECT id, code FROM touchpoints WHERE tenant_id = ${demo.tenantId}`,
      )
    ).map((t) => [t.code, t.id]),
  );
  const links = DEMO_SURVEYS.flatMap((d) => {
    const survey = surveys.find((s) => s.name === d.name);
    const codes = d.places.flatMap(([code]) => (code && tps.has(code) ? [code] : []));
    return survey ? codes.map((c) => ({ t: tps.get(c), r: survey.id })) : [];
  });
  // The formula metric CPO (demo order 38) measures the service hotline.
  const cpo = await one(
    ctx.db,
    sql`SELECT 1 FROM metric_definitions WHERE tenant_id = ${demo.tenantId} AND key = 'cpo'`,
  );
  if (cpo && tps.has('service-call')) {
    await ctx.db.execute(
      sql`INSERT INTO touchpoint_links (tenant_id, touchpoint_id, kind, ref, position) VALUES (${demo.tenantId}, ${tps.get('service-call')}, 'metric', 'cpo', 9) ON CONFLICT DO NOTHING`,
    );
  }
  if (!links.length) return;
  await ctx.db.execute(
    sql`INSERT INTO touchpoint_links (tenant_id, touchpoint_id, kind, ref, position)
        SELECT ${demo.tenantId}, x.t, 'survey', x.r, 0 FROM jsonb_to_recordset(${JSON.stringify(links)}::jsonb) AS x(t uuid, r text)
        ON CONFLICT DO NOTHING`,
  );
}
