import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/context.ts';
import { one, rows, sql } from '../../platform/db.ts';
import type { DemoTenant } from '../../seed/demo.ts';
import { prng } from '../../seed/random.ts';
import { evaluateFeedbackRules } from '../alerts/commands/evaluate-feedback-rules.ts';
import { recordRun, storeConnectorItems } from './commands/store-items.ts';
import { ageFeedbackTickets } from './demo-tickets.ts';
import type { MappedItem } from './mapping.ts';
import { type ConnectorRow, connectorById } from './queries/get-connector.ts';
import { newInboundSecret } from './secret.ts';

const DAY = 86400_000;
const WEIBO = '微博舆情监测（鹰眼）';
const APPSTORE = 'App Store 评论（味道点餐 iOS）';

// What the 舆情 system pushes for Savor Chain: mostly complaints (that is what listening systems flag), a few raves.
const WEIBO_POSTS: Array<[string, boolean]> = [
  ['在味道连锁吃出了头发，服务员态度还很差，太恶心了 #食品安全#', false],
  ['排队一个小时才吃上，菜还是凉的，再也不去了', false],
  ['外卖汤洒了一袋子，客服电话一直占线，差评', false],
  ['味道连锁的酸菜鱼太好吃了，强烈推荐！', true],
  ['服务员小哥很热情，还送了甜品，给个大大的赞', true],
  ['结账多收了钱，找经理也不理人，非常失望', false],
  ['卫生间很脏，桌子油腻，体验太差', false],
  ['带孩子去没有儿童座椅，服务员说没办法，很不满意', false],
  ['新店装修很好看，菜品也不错，会再来', true],
  ['点的红烧肉太咸了，跟以前比退步很多', false],
];
const REVIEWS: Array<[string, number]> = [
  ['下单时闪退，试了三次都不行，差评', 1],
  ['更新后打不开了，一直转圈', 1],
  ['点餐很方便，优惠券好用', 5],
  ['支付完成后订单状态不更新，客服也联系不上', 2],
  ['界面清爽，配送进度清楚', 5],
  ['积分兑换老是失败', 2],
  ['Easy to order, food arrived hot', 5],
  ['App crashes on checkout every time', 1],
];

const pick = <T>(r: ReturnType<typeof prng>, list: T[]) => list[Math.floor(r.next() * list.length)];

/**
 * Demo connectors: the Weibo-style 舆情 inbound webhook (signed; its secret is unknown to anyone, so nothing real
 * posts to it) and an App Store RSS poller that is switched off (no outbound call from a demo). Both carry two weeks
 * of history: inbound messages and scheduled polls with their items, a rejected message and a failed poll.
 */
export async function seedConnectors(ctx: AppContext, demo: DemoTenant): Promise<void> {
  const exists = await one(
    ctx.db,
    sql`SELECT 1 AS x FROM feedback_connectors WHERE tenant_id = ${demo.tenantId} AND name = ${WEIBO}`,
  );
  if (exists) return;
  const r = prng(demo.seed + 1801);
  const now = ctx.clock.now().getTime();
  const stores = [...demo.units].filter(([, u]) => u.kind === 'store').map(([code]) => code);
  const owner = demo.users.get('owner@savor.example') ?? null;
  const weiboId = randomUUID();
  const rssId = randomUUID();
  const { sealed } = newInboundSecret(ctx.config, demo.tenantId);
  await ctx.db.execute(
    sql`INSERT INTO feedback_connectors (tenant_id, id, name, kind, source, channel, org_unit_id, enabled, mapping, secret_sealed, created_by, created_at)
        VALUES (${demo.tenantId}, ${weiboId}, ${WEIBO}, 'webhook', 'social', '微博', ${demo.rootId}, true,
                ${JSON.stringify({ text: 'data.content', externalId: 'data.mid', author: 'data.user.screen_name', url: 'data.url', occurredAt: 'data.created_at', orgUnitCode: 'data.store_code' })}::jsonb,
                ${sealed}, ${owner}, ${new Date(now - 15 * DAY).toISOString()})`,
  );
  await ctx.db.execute(
    sql`INSERT INTO feedback_connectors (tenant_id, id, name, kind, source, channel, org_unit_id, enabled, url, poll_minutes, next_poll_at, created_by, created_at)
        VALUES (${demo.tenantId}, ${rssId}, ${APPSTORE}, 'rss', 'app_review', 'App Store', ${demo.rootId}, false,
                'https://itunes.apple.com/cn/rss/customerreviews/id=1000000000/sortby=mostrecent/xml', 60,
                ${new Date(now).toISOString()}, ${owner}, ${new Date(now - 15 * DAY).toISOString()})`,
  );
  const weibo = (await connectorById(ctx.db, weiboId)) as ConnectorRow;
  const rss = (await connectorById(ctx.db, rssId)) as ConnectorRow;

  // Inbound history: a message every ~12 hours with one to three posts, and one message the mapping could not read.
  for (let i = 0; i < 28; i++) {
    const at = new Date(now - 14 * DAY + i * (DAY / 2) + Math.floor(r.next() * 3600_000));
    const n = 1 + Math.floor(r.next() * 3);
    const items: Array<{ index: number; item: MappedItem }> = [];
    for (let k = 0; k < n; k++) {
      const [text] = pick(r, WEIBO_POSTS);
      items.push({
        index: k,
        item: {
          text,
          externalId: `wb-demo-${i}-${k}`,
          author: pick(r, ['吃货小王', '魔都美食家', 'Lily爱吃', '深夜食堂', '路人甲']),
          url: `https://weibo.example/status/${4900000 + i * 10 + k}`,
          occurredAt: new Date(at.getTime() - 20 * 60_000).toISOString(),
          orgUnitCode: r.next() < 0.8 ? pick(r, stores) : undefined,
        },
      });
    }
    await ctx.db.transaction(async (tx) => {
      const out = await storeConnectorItems(tx, weibo, items, at);
      await recordRun(tx, weibo, {
        trigger: 'inbound',
        status: 'ok',
        messageId: `msg_demo_${i}`,
        startedAt: at,
        finishedAt: at,
        fetched: n,
        stored: out.stored,
        duplicates: out.duplicates,
      });
    });
    if (i === 17) {
      await ctx.db.transaction((tx) =>
        recordRun(tx, weibo, {
          trigger: 'inbound',
          status: 'error',
          messageId: 'msg_demo_bad',
          startedAt: new Date(at.getTime() + 60_000),
          finishedAt: new Date(at.getTime() + 60_000),
          fetched: 1,
          rejected: 1,
          error: '#0: no text at data.content',
        }),
      );
    }
  }

  // Poll history: hourly polls kept only when something happened (every ~8 h), one failure, then switched off.
  let cursor: string | null = null;
  for (let i = 0; i < 40; i++) {
    const at = new Date(now - 14 * DAY + i * 8 * 3600_000);
    if (i === 23) {
      await ctx.db.transaction((tx) =>
        recordRun(tx, rss, {
          trigger: 'schedule',
          status: 'error',
          startedAt: at,
          finishedAt: at,
          cursorBefore: cursor,
          cursorAfter: cursor,
          error: 'HTTP 503 from https://itunes.apple.com',
        }),
      );
      continue;
    }
    const n = r.next() < 0.5 ? 1 : 0;
    const items: Array<{ index: number; item: MappedItem }> = [];
    for (let k = 0; k < n; k++) {
      const [text, rating] = pick(r, REVIEWS);
      items.push({
        index: k,
        item: {
          text,
          rating,
          externalId: `as-demo-${i}`,
          author: pick(r, ['iPhone用户', 'cx_fan', '小明']),
          occurredAt: new Date(at.getTime() - 3600_000).toISOString(),
        },
      });
    }
    const before: string | null = cursor;
    if (n) cursor = new Date(at.getTime() - 3600_000).toISOString();
    await ctx.db.transaction(async (tx) => {
      const out = await storeConnectorItems(tx, rss, items, at);
      await recordRun(tx, rss, {
        trigger: i % 9 === 4 ? 'manual' : 'schedule',
        status: 'ok',
        startedAt: at,
        finishedAt: at,
        fetched: 12 + n,
        stored: out.stored,
        duplicates: 12,
        cursorBefore: before,
        cursorAfter: cursor,
      });
    });
  }
  await ctx.db.execute(
    sql`UPDATE feedback_connectors SET cursor = ${cursor} WHERE tenant_id = ${demo.tenantId} AND id = ${rssId}`,
  );
  // Items arrived shortly after they were posted: the SLA clock of reply coverage starts then.
  await ctx.db.execute(
    sql`UPDATE feedback_items SET created_at = occurred_at + interval '20 minutes'
        WHERE tenant_id = ${demo.tenantId} AND connector_id IN (${weiboId}, ${rssId})`,
  );
}

/**
 * After text analysis (order 65): two feedback rules (negative Weibo posts; low App Store ratings) run over the
 * connector items and open tickets, and store managers' replies are recorded on part of them — most within the day,
 * some late — so reply coverage and the customer timeline have something to show. The tickets then get the history
 * they would have had (`ageFeedbackTickets`).
 */
export async function seedFeedbackLoop(ctx: AppContext, demo: DemoTenant): Promise<void> {
  const exists = await one(
    ctx.db,
    sql`SELECT 1 AS x FROM alert_rules WHERE tenant_id = ${demo.tenantId} AND kind = 'feedback'`,
  );
  if (exists) return;
  const owner = demo.users.get('owner@savor.example') ?? null;
  const rules = [
    {
      name: '微博负面舆情 → 工单',
      condition: { sources: ['social'], sentiments: ['negative'] },
      actions: { ticket: { priority: 'high', assign: 'unit_manager' }, notify: { inApp: true, emails: [] } },
    },
    {
      name: 'App Store 低分评论',
      condition: { channels: ['App Store'], ratingAtMost: 2 },
      actions: { ticket: { priority: 'normal', assign: 'unit_manager' }, notify: { inApp: true, emails: [] } },
    },
  ];
  for (const rule of rules)
    await ctx.db.execute(
      sql`INSERT INTO alert_rules (tenant_id, id, name, kind, enabled, scope, condition, actions, created_by)
          VALUES (${demo.tenantId}, ${randomUUID()}, ${rule.name}, 'feedback', true, '{}'::jsonb,
                  ${JSON.stringify(rule.condition)}::jsonb, ${JSON.stringify(rule.actions)}::jsonb, ${owner})`,
    );
  const items = await rows<{
    id: string;
    channel: string | null;
    created_at: Date | string;
    org_unit_id: string | null;
  }>(
    ctx.db,
    sql`SELECT id, channel, created_at, org_unit_id FROM feedback_items
        WHERE tenant_id = ${demo.tenantId} AND connector_id IS NOT NULL ORDER BY occurred_at`,
  );
  for (let i = 0; i < items.length; i += 200)
    await evaluateFeedbackRules(
      ctx,
      demo.tenantId,
      items.slice(i, i + 200).map((x) => x.id),
    );
  const r = prng(demo.seed + 1802);
  const replier = demo.users.get('sh01.manager@savor.example') ?? owner;
  const texts = [
    '非常抱歉给您带来不好的体验，店长已私信联系您，下次到店为您赠送甜品。',
    '感谢反馈！我们已安排门店整改，欢迎再次监督。',
    '您好，问题已记录并转交技术同事，新版本会修复，给您添麻烦了。',
    '谢谢您的喜爱，期待再次光临！',
  ];
  const now = ctx.clock.now().getTime();
  const replies = items.flatMap((it) => {
    if (r.next() > 0.7) return [];
    // Most answers come within hours; one in five after the 24-hour SLA.
    const hours = r.next() < 0.8 ? 1 + r.next() * 20 : 26 + r.next() * 40;
    const at = new Date(new Date(it.created_at).getTime() + hours * 3600_000);
    if (at.getTime() > now) return [];
    return [
      {
        id: randomUUID(),
        f: it.id,
        t: pick(r, texts),
        c: it.channel === '微博' ? '微博评论' : 'App Store 开发者回复',
        at: at.toISOString(),
      },
    ];
  });
  await ctx.db.execute(
    sql`INSERT INTO feedback_replies (tenant_id, id, feedback_id, text, channel, author_id, created_at)
        SELECT ${demo.tenantId}, x.id, x.f, x.t, x.c, ${replier}::uuid, x.at
        FROM jsonb_to_recordset(${JSON.stringify(replies)}::jsonb) AS x(id uuid, f uuid, t text, c text, at timestamptz)`,
  );
  await ctx.db.execute(
    sql`UPDATE feedback_items f SET first_reply_at = x.at
        FROM (SELECT feedback_id, min(created_at) AS at FROM feedback_replies WHERE tenant_id = ${demo.tenantId} GROUP BY 1) x
        WHERE f.tenant_id = ${demo.tenantId} AND f.id = x.feedback_id`,
  );
  await ageFeedbackTickets(ctx, demo);
}
