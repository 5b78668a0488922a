import type { TChecklistItemInput } from '@loopcx/shared';
import type { AppContext } from '../../platform/context.ts';
import { one, sql } from '../../platform/db.ts';
import { demoActors } from '../../seed/actors.ts';
import type { DemoTenant } from '../../seed/demo.ts';
import { prng } from '../../seed/random.ts';
import { createAudit } from './commands/create-audit.ts';
import { openAuditTickets } from './commands/open-audit-tickets.ts';
import { createChecklist } from './commands/save-checklist.ts';
import { submitAudit } from './commands/submit-audit.ts';
import { MYSTERY_SHOPPER, seedExternalAudit } from './demo-external.ts';
import { demoCheckIn, seedStoreLocations } from './demo-locations.ts';
import { openAuditTicketsJob } from './jobs.ts';
import { getAudit } from './queries/audits.ts';
import { checklistItems } from './queries/checklists.ts';

const DAY = 86400_000;

/** The dining journey as a mystery shopper walks it: 12 items, 3 fatal, grouped by process step. */
const ITEMS: TChecklistItemInput[] = [
  {
    code: 'GRT-1',
    text: '顾客进店 10 秒内有人问候',
    textEn: 'Greeted within 10 s of entering',
    severity: 'general',
    weight: 2,
    section: '迎宾 Greeting',
    nodeId: 'greet',
  },
  {
    code: 'GRT-2',
    text: '等位时告知预计等待时间',
    textEn: 'Told the expected wait when queueing',
    severity: 'general',
    weight: 1,
    section: '迎宾 Greeting',
    nodeId: 'queue',
  },
  {
    code: 'ORD-1',
    text: '主动介绍招牌菜或新品',
    textEn: 'Signature dishes or new items suggested',
    severity: 'general',
    weight: 1,
    section: '点餐 Ordering',
    nodeId: 'order',
  },
  {
    code: 'ORD-2',
    text: '复述订单并确认忌口',
    textEn: 'Order repeated back, allergies asked',
    severity: 'general',
    weight: 2,
    section: '点餐 Ordering',
    nodeId: 'order',
  },
  {
    code: 'SRV-1',
    text: '首道菜 15 分钟内上桌',
    textEn: 'First dish served within 15 min',
    severity: 'general',
    weight: 2,
    section: '上菜 Serving',
    nodeId: 'serve',
  },
  {
    code: 'SRV-2',
    text: '菜品温度与摆盘符合标准',
    textEn: 'Dishes at the right temperature and plated to standard',
    severity: 'general',
    weight: 1,
    section: '上菜 Serving',
    nodeId: 'serve',
  },
  {
    code: 'FS-1',
    text: '食材在保质期内、无变质异味',
    textEn: 'No expired or spoiled ingredients',
    severity: 'fatal',
    weight: 5,
    evidence: 'photo',
    section: '食品安全 Food safety',
    nodeId: 'cook',
  },
  {
    code: 'FS-2',
    text: '菜品中无异物（头发、虫等）',
    textEn: 'No foreign objects in food',
    severity: 'fatal',
    weight: 5,
    evidence: 'photo',
    section: '食品安全 Food safety',
    nodeId: 'cook',
  },
  {
    code: 'ENV-1',
    text: '桌面、餐具干净无油渍',
    textEn: 'Tables and tableware clean',
    severity: 'general',
    weight: 1,
    section: '环境 Environment',
    nodeId: 'seat',
  },
  {
    code: 'ENV-2',
    text: '卫生间整洁，洗手液与纸巾齐备',
    textEn: 'Restroom clean, soap and paper stocked',
    severity: 'general',
    weight: 1,
    section: '环境 Environment',
    nodeId: 'seat',
  },
  {
    code: 'PAY-1',
    text: '收银准确，找零无误',
    textEn: 'Bill correct, right change given',
    severity: 'fatal',
    weight: 5,
    evidence: 'note',
    section: '结账 Payment',
    nodeId: 'pay',
  },
  {
    code: 'PAY-2',
    text: '离店时有人道别',
    textEn: 'Farewell when leaving',
    severity: 'general',
    weight: 1,
    section: '结账 Payment',
    nodeId: 'farewell',
  },
];
const FATAL = new Set(['FS-1', 'FS-2', 'PAY-1']);
const NOTES: Record<string, string> = {
  'FS-1': '后厨冷柜内两盒牛腩已过保质期 1 天，仍在备餐区。',
  'FS-2': '酸菜鱼中发现一根头发，服务员更换后未做说明。',
  'PAY-1': '账单 268 元，付 300 元只找回 22 元，提醒后补回。',
  'SRV-1': '首道菜 24 分钟才上。',
  'ENV-2': '卫生间洗手液已空。',
};
/** Stores audited and how often each general item fails there (SZ-03 also fails fatal items). */
const STORES: Array<[string, number]> = [
  ['SH-01', 0.12],
  ['SH-02', 0.18],
  ['HZ-01', 0.15],
  ['BJ-01', 0.2],
  ['GZ-02', 0.3],
  ['SZ-01', 0.16],
  ['SZ-03', 0.38],
];

/**
 * Service QA in the demo, through the same commands as the API at past times: HQ's mystery-shopping checklist for
 * the dining journey; two months of mystery shops and sampling checks in seven stores (SZ-03 fails fatal items,
 * whose tickets the real job opens), self-inspections that grade kinder than the outside audits, and two
 * self-inspections assigned to the SH-01 store manager for the coming days.
 */
export async function seedInspections(ctx: AppContext, demo: DemoTenant): Promise<void> {
  if (await one(ctx.db, sql`SELECT 1 FROM checklists WHERE tenant_id = ${demo.tenantId}`)) return;
  const as = await demoActors(ctx.db, demo.tenantId);
  const analyst = as('analyst@savor.example');
  const owner = as('owner@savor.example');
  const storeManager = as('sh01.manager@savor.example');
  const rand = prng(demo.seed + 68);
  const now = ctx.clock.now().getTime();
  const journey = await one<{ id: string }>(
    ctx.db,
    sql`SELECT id FROM journeys WHERE tenant_id = ${demo.tenantId} ORDER BY created_at LIMIT 1`,
  );
  // The dining blueprint (demo step 67) whose nodes the items check; without it the items name no node.
  const blueprint = await one<{ id: string }>(
    ctx.db,
    sql`SELECT id FROM blueprints WHERE tenant_id = ${demo.tenantId} ORDER BY created_at LIMIT 1`,
  );
  const checklistId = await ctx.db.transaction((tx) =>
    createChecklist(
      tx,
      analyst,
      {
        name: '神秘顾客·堂食就餐 Mystery shop: dine-in',
        description: '按堂食旅程逐步检查：迎宾、点餐、上菜、食品安全、环境、结账。致命项不合格自动开工单。',
        journeyId: journey?.id,
        blueprintId: blueprint?.id,
        unitKinds: ['store'],
        items: blueprint ? ITEMS : ITEMS.map(({ nodeId: _n, ...i }) => i),
      },
      new Date(now - 70 * DAY),
    ),
  );
  const items = await checklistItems(ctx.db, demo.tenantId, checklistId, 1);
  const withFatal: string[] = [];
  await seedStoreLocations(ctx.db, demo.tenantId);
  // A stream of its own, so the positions leave the audits' results as they were.
  const geoRand = prng(demo.seed + 69);

  for (const [code, failRate] of STORES) {
    const unit = demo.units.get(code);
    if (!unit) continue;
    // External audits every ~2 weeks, self-inspections monthly (they fail half as much: they grade kinder).
    const plan: Array<{ kind: 'mystery_shop' | 'sampling' | 'self_inspection'; daysAgo: number }> = [
      { kind: 'mystery_shop', daysAgo: 56 },
      { kind: 'sampling', daysAgo: 42 },
      { kind: 'mystery_shop', daysAgo: 27 },
      { kind: 'mystery_shop', daysAgo: 9 },
      { kind: 'self_inspection', daysAgo: 48 },
      { kind: 'self_inspection', daysAgo: 18 },
    ];
    for (const p of plan) {
      const at = new Date(now - p.daysAgo * DAY + Math.floor(rand.next() * 8) * 3600_000);
      const self = p.kind === 'self_inspection';
      const actor = self ? storeManager : p.kind === 'sampling' ? owner : analyst;
      const creator = self ? owner : actor;
      const rate = self ? failRate / 2 : failRate;
      const results = items.map((item) => {
        // SZ-03's outside audits of the last six weeks fail fatal items; the latest always finds expired food.
        const fatalFail =
          !self &&
          code === 'SZ-03' &&
          FATAL.has(item.code) &&
          p.daysAgo < 45 &&
          ((p.daysAgo === 9 && item.code === 'FS-1') || rand.next() < 0.3);
        const fail = FATAL.has(item.code) ? fatalFail : rand.next() < rate;
        const na = !fail && item.code === 'GRT-2' && rand.next() < 0.5;
        return {
          code: item.code,
          result: (fail ? 'fail' : na ? 'na' : 'pass') as 'pass' | 'fail' | 'na',
          note: fail ? NOTES[item.code] : undefined,
        };
      });
      // The demo ships no photos: its failures carry the inspector's note, and the photo rule is relaxed for them.
      const id = await ctx.db.transaction(async (tx) => {
        const auditId = await createAudit(
          tx,
          creator,
          {
            checklistId,
            orgUnitId: unit.id,
            kind: p.kind,
            // Mystery shops are the agency's (external, through the signed link); the rest are staff's.
            ...(p.kind === 'mystery_shop' ? { external: MYSTERY_SHOPPER } : { inspectorId: actor.id }),
            dueAt: at.toISOString(),
          },
          new Date(at.getTime() - 5 * DAY),
        );
        const a = await getAudit(tx, owner, auditId, { lock: true });
        // One mystery shopper of SZ-03 checked in from the metro station, 0.8 km off (the console flags it).
        const pos = demoCheckIn(code, geoRand, code === 'SZ-03' && p.daysAgo === 27);
        await tx.execute(
          sql`UPDATE audits SET checked_in_at = ${new Date(at.getTime() - 3600_000).toISOString()},
                 check_in_lat = ${pos?.lat ?? null}, check_in_lng = ${pos?.lng ?? null},
                 check_in_distance_m = ${pos?.distanceM ?? null}
              WHERE tenant_id = ${demo.tenantId} AND id = ${auditId}`,
        );
        await submitAudit(
          tx,
          owner,
          a,
          items.map((i) => ({ ...i, evidence: 'none' as const })),
          { results },
          at,
        );
        return auditId;
      });
      if (results.some((r) => r.result === 'fail' && FATAL.has(r.code))) withFatal.push(id);
    }
  }
  // The job the submits wrote, run now at each audit's time (as the worker would have then): tickets for SZ-03.
  for (const id of withFatal) {
    const at = (
      await one<{ submitted_at: Date | string }>(
        ctx.db,
        sql`SELECT submitted_at FROM audits WHERE tenant_id = ${demo.tenantId} AND id = ${id}`,
      )
    )?.submitted_at;
    await openAuditTickets(
      { ...ctx, clock: { now: () => new Date(new Date(at!).getTime() + 60_000) } },
      demo.tenantId,
      id,
    );
  }
  await ctx.db.execute(sql`DELETE FROM jobs WHERE tenant_id = ${demo.tenantId} AND kind = ${openAuditTicketsJob.kind}`);

  // Two self-inspections of SH-01 waiting for its manager.
  const sh01 = demo.units.get('SH-01');
  if (sh01)
    await ctx.db.transaction(async (tx) => {
      for (const days of [1, 4])
        await createAudit(
          tx,
          owner,
          {
            checklistId,
            orgUnitId: sh01.id,
            kind: 'self_inspection',
            inspectorId: storeManager.id,
            dueAt: new Date(now + days * DAY).toISOString(),
          },
          new Date(now - DAY),
        );
    });
  await seedExternalAudit(ctx, demo.tenantId, owner, checklistId);
}
