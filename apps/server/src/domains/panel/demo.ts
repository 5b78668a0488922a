import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import type { AppContext } from '../../platform/context.ts';
import { one, rows, sql } from '../../platform/db.ts';
import { storeFile } from '../../platform/file-store.ts';
import { demoActors } from '../../seed/actors.ts';
import type { DemoTenant } from '../../seed/demo.ts';
import { prng } from '../../seed/random.ts';
import { addTags } from '../customers/commands/save-customer.ts';
import { demoCheckIn } from '../inspections/demo-locations.ts';
import { createSurvey } from '../surveys/commands/save-survey.ts';
import { markOverdue } from './commands/overdue.ts';
import { createPanel, retier } from './commands/panels.ts';
import { checkIn, memberAssignment, submitReport } from './commands/portal.ts';
import { reviewSubmission } from './commands/review.ts';
import { createTask } from './commands/tasks.ts';
import { getSubmission } from './queries.ts';

const DAY = 86400_000;

/** A small solid-colour PNG (w×h, RGB), the kind of bytes a phone photo stands in for in the demo. */
export function demoPng(w: number, h: number, rgb: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(w * 3).map((_, i) => rgb[i % 3])]);
  const raw = Buffer.concat(Array.from({ length: h }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const SCREENER = {
  elements: [
    {
      type: 'radiogroup',
      name: 'visits',
      title: { default: 'How often do you dine with us?', 'zh-cn': '您多久来店用餐一次？' },
      isRequired: true,
      choices: [
        { value: 'weekly', text: { default: 'Every week', 'zh-cn': '每周' } },
        { value: 'monthly', text: { default: 'Every month', 'zh-cn': '每月' } },
        { value: 'rarely', text: { default: 'Rarely', 'zh-cn': '很少' } },
      ],
    },
    {
      type: 'checkbox',
      name: 'share',
      title: { default: 'Where do you share food experiences?', 'zh-cn': '您常在哪里分享美食体验？' },
      choices: [
        { value: 'weibo', text: '微博' },
        { value: 'wechat', text: '微信朋友圈' },
        { value: 'xhs', text: '小红书' },
        { value: 'dianping', text: '大众点评' },
      ],
    },
  ],
};

const FIELDS = [
  { code: 'service', label: '服务体验 Service', type: 'text' as const, required: true },
  { code: 'food', label: '菜品口味 Food', type: 'rating' as const, required: true },
  { code: 'clean', label: '门店整洁 Clean', type: 'yesno' as const, required: true },
  { code: 'wait', label: '等位时间（分钟）Wait (min)', type: 'number' as const, required: false },
];

const REMARKS = [
  '迎宾很热情，点餐时服务员主动推荐了招牌菜，上菜速度也快。',
  '等位将近 30 分钟，排队区没有座位，体验一般；菜品口味不错。',
  '桌面有些油渍，呼叫服务员两次才来收拾，希望加强巡台。',
  '新品酸汤鱼很好吃，分量足；结账时收银员态度冷淡。',
  '环境干净，背景音乐太吵，聊天需要提高音量。',
  '服务员对过敏原问题回答不清楚，需要加强培训。',
  '上菜顺序混乱，主食比凉菜先上；整体口味稳定。',
  '店长亲自来询问用餐感受，感觉被重视，会推荐给朋友。',
];

const SURNAMES = ['张', '李', '王', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱'];
const GIVEN = ['晓明', '丽娜', '子涵', '浩然', '思雨', '俊杰', '雨欣', '宇航', '佳怡', '志强', '梦瑶', '嘉豪', '欣怡'];

const TASKS: Array<{ title: string; unit: string; daysAgo: number }> = [
  { title: '周末晚市体验 · 南京西路店', unit: 'SH-01', daysAgo: 60 },
  { title: '工作日午市体验 · 漕溪北路店', unit: 'SH-02', daysAgo: 50 },
  { title: '新品品鉴 · 陆家嘴店', unit: 'SH-03', daysAgo: 40 },
  { title: '家庭聚餐体验 · 上城店', unit: 'HZ-01', daysAgo: 30 },
  { title: '外带自提体验 · 南京西路店', unit: 'SH-01', daysAgo: 20 },
  { title: '晚市等位体验 · 陆家嘴店', unit: 'SH-03', daysAgo: 6 },
];

/**
 * The experience panel in the demo (step 77), through the real commands at past times: a screener survey and the
 * panel "体验达人计划" with three tiers; 46 demo customers who applied two months ago (40 active, 4 rejected by the
 * screener, 2 waiting for review), tagged 体验达人; six store-visit tasks at Shanghai and Hangzhou stores over the
 * last two months, each assigned to the core members and a rotating group, checked in near the store with a photo
 * and a report; older ones reviewed (mostly approved — points through the ledger, tiers, feedback items — some
 * rejected with a note), the latest still waiting for review, unsent past ones overdue. Idempotent.
 */
export async function seedPanel(ctx: AppContext, demo: DemoTenant): Promise<void> {
  if (await one(ctx.db, sql`SELECT 1 FROM panels WHERE tenant_id = ${demo.tenantId}`)) return;
  // Members who dined at the stores of the tasks (Shanghai and Hangzhou) first, then any. Not the featured member
  // (the one with a WeChat openid): the SDK demo page logs in as them, and a panel report's ticket would put them
  // under the contact policy's open-ticket rule, so the intercept would not show.
  const customers = await rows<{ id: string; name: string | null }>(
    ctx.db,
    sql`SELECT c.id, c.display_name AS name FROM customers c WHERE c.tenant_id = ${demo.tenantId} AND c.merged_into IS NULL
          AND NOT EXISTS (SELECT 1 FROM customer_identities oi
                           WHERE oi.tenant_id = c.tenant_id AND oi.customer_id = c.id AND oi.kind = 'wechat_openid')
        ORDER BY EXISTS (SELECT 1 FROM customer_units cu JOIN org_units ou ON ou.tenant_id = cu.tenant_id AND ou.id = cu.org_unit_id
          WHERE cu.tenant_id = c.tenant_id AND cu.customer_id = c.id AND ou.code IN ('SH-01','SH-02','SH-03','HZ-01')) DESC, c.id
        LIMIT 46`,
  );
  if (customers.length < 46) return;
  const as = await demoActors(ctx.db, demo.tenantId);
  const owner = as('owner@savor.example');
  const rand = prng(demo.seed + 77);
  const now = ctx.clock.now().getTime();
  const start = new Date(now - 70 * DAY);
  const panelId = await ctx.db.transaction(async (tx) => {
    const survey = await createSurvey(tx, owner, { name: '体验达人招募问卷', definition: SCREENER, bindings: {} });
    return createPanel(
      tx,
      owner,
      {
        name: '体验达人计划',
        description: '邀请常客到店体验，分享真实感受，帮助门店做得更好。',
        benefits: '每次体验报告审核通过可得积分；积分累计升级为达人、资深达人，可兑换新品试吃与会员礼券。',
        screenerSurveyId: survey.id,
        passRule: { kind: 'answer', question: 'visits', anyOf: ['weekly', 'monthly'] },
        tiers: [
          { name: '新手', minPoints: 0 },
          { name: '达人', minPoints: 100 },
          { name: '资深达人', minPoints: 300 },
        ],
        tag: '体验达人',
        status: 'open',
      },
      start,
    );
  });
  // Applications two months ago: 40 pass the screener, 4 do not, 2 wait (applied before the rule was set to answers).
  const members = customers.map((c, i) => {
    const status = i < 40 ? 'active' : i < 44 ? 'rejected' : 'applied';
    const at = new Date(start.getTime() + Math.floor(rand.next() * 8 * DAY));
    return {
      id: randomUUID(),
      c: c.id,
      // Profiles resolved from member ids have no name: the panel shows the name the applicant typed.
      name: c.name ?? `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7) % GIVEN.length]}`,
      status,
      answers: {
        visits: status === 'rejected' ? 'rarely' : rand.next() < 0.5 ? 'weekly' : 'monthly',
        share: ['wechat'],
      },
      at: at.toISOString(),
    };
  });
  await ctx.db.transaction(async (tx) => {
    await tx.execute(
      sql`INSERT INTO panel_members (tenant_id, id, panel_id, customer_id, display_name, status, points, tier, screener_answers, applied_at, joined_at)
          SELECT ${demo.tenantId}, x.id, ${panelId}, x.c, x.name, x.status, 0, '新手', x.answers, x.at, CASE WHEN x.status = 'active' THEN x.at END
          FROM jsonb_to_recordset(${JSON.stringify(members)}::jsonb) AS x(id uuid, c uuid, name text, status text, answers jsonb, at timestamptz)`,
    );
    for (const m of members) await addTags(tx, demo.tenantId, m.c, ['体验达人']);
  });
  const active = members.filter((m) => m.status === 'active');
  const core: string[] = active.slice(0, 8).map((m) => m.id);
  const photo = demoPng(64, 48, [200, 120, 60]);
  for (const [n, task] of TASKS.entries()) {
    const created = new Date(now - task.daysAgo * DAY);
    const unit = demo.units.get(task.unit);
    if (!unit) continue;
    const rotating = active.slice(8 + ((n * 6) % 32), 8 + ((n * 6) % 32) + 8).map((m) => m.id);
    const made = await ctx.db.transaction((tx) =>
      createTask(
        tx,
        owner,
        panelId,
        {
          title: task.title,
          kind: 'offline',
          instructions: '到店用餐一次：签到、拍一张门店或菜品照片，并填写体验报告。',
          orgUnitId: unit.id,
          checkInRequired: true,
          radiusM: 500,
          minPhotos: 1,
          fields: FIELDS,
          entries: 'once',
          minEntries: 1,
          points: 100,
          dueAt: new Date(created.getTime() + 14 * DAY).toISOString(),
          assignTo: { kind: 'members', memberIds: [...core, ...rotating] },
        },
        created,
      ),
    );
    const assignments = await rows<{ id: string; member_id: string }>(
      ctx.db,
      sql`SELECT id, member_id FROM panel_task_assignments WHERE tenant_id = ${demo.tenantId} AND task_id = ${made.id} ORDER BY id`,
    );
    for (const a of assignments) {
      // Core members almost always go; others about two in three.
      if (rand.next() > (core.includes(a.member_id) ? 0.9 : 0.65)) continue;
      const at = new Date(
        created.getTime() + (1 + Math.floor(rand.next() * 10)) * DAY + Math.floor(rand.next() * 8 * 3600_000),
      );
      const pos = demoCheckIn(task.unit, rand, false);
      const id = randomUUID();
      const local = join(tmpdir(), `loopcx-panel-demo-${id}`);
      await writeFile(local, photo);
      const ref = await storeFile(ctx, demo.tenantId, `panel-photo-${id}`, local);
      const subId = await ctx.db.transaction(async (tx) => {
        const row = await memberAssignment(tx, demo.tenantId, a.member_id, a.id);
        if (pos) await checkIn(tx, demo.tenantId, row, { lat: pos.lat, lng: pos.lng }, at);
        await tx.execute(
          sql`INSERT INTO panel_photos (tenant_id, id, assignment_id, file_ref, content_type, size, created_at)
              VALUES (${demo.tenantId}, ${id}, ${a.id}, ${ref}, 'image/png', ${photo.length}, ${at.toISOString()})`,
        );
        const fresh = await memberAssignment(tx, demo.tenantId, a.member_id, a.id);
        return submitReport(
          tx,
          demo.tenantId,
          fresh,
          {
            answers: {
              service: REMARKS[Math.floor(rand.next() * REMARKS.length)],
              food: 3 + Math.floor(rand.next() * 3),
              clean: rand.next() < 0.8,
              wait: Math.floor(rand.next() * 30),
            },
          },
          at,
        );
      });
      // The latest task waits for review; older ones were reviewed within two days, about one in six rejected.
      if (task.daysAgo < 10) continue;
      const reject = rand.next() < 0.17;
      await ctx.db.transaction(async (tx) => {
        const s = await getSubmission(tx, owner, subId, { lock: true });
        await reviewSubmission(
          tx,
          owner,
          s,
          reject
            ? { decision: 'reject', note: '照片看不出是本店，报告过于简单，请下次补充细节。' }
            : { decision: 'approve' },
          '体验达人计划',
          new Date(at.getTime() + 2 * DAY),
        );
      });
    }
  }
  await ctx.db.transaction((tx) =>
    retier(tx, demo.tenantId, panelId, [
      { name: '新手', minPoints: 0 },
      { name: '达人', minPoints: 100 },
      { name: '资深达人', minPoints: 300 },
    ]),
  );
  await markOverdue(ctx);
}
