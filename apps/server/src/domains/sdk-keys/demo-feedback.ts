import { randomBytes, randomUUID } from 'node:crypto';
import type { TSdkWidget } from '@loopcx/shared';
import type { AppContext } from '../../platform/context.ts';
import { one, rows, sql } from '../../platform/db.ts';
import type { DemoTenant } from '../../seed/demo.ts';
import { prng } from '../../seed/random.ts';
import { evaluateFeedbackRules } from '../alerts/commands/evaluate-feedback-rules.ts';
import { insertFeedback } from '../feedback/commands/create-feedback.ts';
import { sealContact } from '../feedback/contact.ts';
import { analyzeSources } from '../text/commands/analyze-sources.ts';
import { replyTokenHash } from './commands/file-feedback.ts';

const HOUR = 3600_000;
const SITE = 'https://www.savor.example';

/** The demo key's widget: the button bottom right, 吐槽 / Feedback, screenshot and contact offered. */
export const DEMO_WIDGET: TSdkWidget = {
  position: 'bottom_right',
  label: { 'zh-CN': '吐槽', en: 'Feedback' },
  title: { 'zh-CN': '遇到问题了？告诉我们', en: 'Something wrong? Tell us' },
  screenshot: true,
  askContact: true,
};

/** [text, page, hours ago, left an email] — what visitors of the web shop complain about in a week. */
const COMPLAINTS: Array<[string, string, number, boolean]> = [
  ['支付时一直提示“网络超时”，试了三次都没成功，钱却被扣了！太差了', '/checkout', 150, true],
  ['菜单页面图片加载特别慢，半天都看不到菜品长什么样，体验很差', '/menu', 130, false],
  ['优惠券在结算页用不了，提示不满足条件，但明明已经满 100 元了，很失望', '/checkout', 110, true],
  ['门店查询里显示营业中，到了店门口发现已经关门了，白跑一趟，非常生气', '/stores', 96, false],
  ['会员积分兑换后一直没有到账，客服电话也打不通，差评', '/member', 80, true],
  ['手机上结算按钮被底部栏挡住了，点不到，只能换电脑下单', '/checkout', 60, false],
  ['希望菜单能加上辣度筛选，想找不辣的菜要一个个点进去看', '/menu', 44, false],
  ['新版点餐页面比以前清爽多了，下单很快，点赞', '/menu', 30, false],
  ['招牌麻辣面详情页的价格和结算时不一样，多收了 3 块钱，太坑了', '/menu/spicy-noodles', 20, false],
  ['订单支付成功后页面一直转圈，不知道到底下单没有，很糟糕', '/checkout', 6, true],
];

/**
 * The 吐槽 story of the demo: the web site's key "官网 Web" shows the button (bottom right, 吐槽 / Feedback); a
 * feedback rule "网页吐槽 → 工单" (in-app and negative → a ticket for the unit's manager); and ten complaints of the
 * past week from the web shop (payment, menu, coupons), analysed so the rule opened tickets for the negative ones,
 * the oldest answered (the reply the complainant reads in the widget) and its ticket resolved. Idempotent: skipped
 * when the tenant already has in-app feedback.
 */
export async function seedInAppFeedback(ctx: AppContext, demo: DemoTenant) {
  const t = demo.tenantId;
  if (await one(ctx.db, sql`SELECT 1 AS x FROM feedback_items WHERE tenant_id = ${t} AND source = 'in_app' LIMIT 1`))
    return;
  const key = await one<{ id: string; name: string; org_unit_id: string; touchpoint_id: string | null }>(
    ctx.db,
    sql`SELECT id, name, org_unit_id, touchpoint_id FROM sdk_keys WHERE tenant_id = ${t} AND revoked_at IS NULL
        ORDER BY created_at LIMIT 1`,
  );
  if (!key) return;
  await ctx.db.execute(
    sql`UPDATE sdk_keys SET feedback_widget = ${JSON.stringify(DEMO_WIDGET)}::jsonb
        WHERE tenant_id = ${t} AND id = ${key.id} AND feedback_widget IS NULL`,
  );
  const owner = demo.users.get('owner@savor.example') ?? null;
  if (!(await one(ctx.db, sql`SELECT 1 AS x FROM alert_rules WHERE tenant_id = ${t} AND name = '网页吐槽 → 工单'`)))
    await ctx.db.execute(
      sql`INSERT INTO alert_rules (tenant_id, id, name, kind, enabled, scope, condition, actions, created_by)
          VALUES (${t}, ${randomUUID()}, '网页吐槽 → 工单', 'feedback', true, '{}'::jsonb,
                  ${JSON.stringify({ sources: ['in_app'], sentiments: ['negative'] })}::jsonb,
                  ${JSON.stringify({ ticket: { priority: 'high', assign: 'unit_manager' }, notify: { inApp: true, emails: [] } })}::jsonb,
                  ${owner})`,
    );

  const rand = prng(demo.seed + 2001);
  const now = ctx.clock.now().getTime();
  const members = await rows<{ value: string }>(
    ctx.db,
    sql`SELECT value FROM customer_identities WHERE tenant_id = ${t} AND kind = 'member' ORDER BY value LIMIT 50`,
  );
  const ids = await ctx.db.transaction(async (tx) => {
    const out: string[] = [];
    for (const [i, [text, page, hoursAgo, email]] of COMPLAINTS.entries()) {
      const at = new Date(now - hoursAgo * HOUR - rand.int(0, 50) * 60_000).toISOString();
      const member = members.length && rand.chance(0.5) ? members[rand.int(0, members.length - 1)].value : undefined;
      const [id] = await insertFeedback(tx, t, null, [
        {
          source: 'in_app',
          channel: key.name,
          url: `${SITE}${page}`,
          text,
          orgUnitId: key.org_unit_id,
          touchpointId: key.touchpoint_id ?? undefined,
          customerRef: member,
          occurredAt: at,
        },
      ]);
      const contact = email ? sealContact(ctx.config.secret, t, { email: `guest${i + 1}@example.com` }) : null;
      await tx.execute(
        sql`UPDATE feedback_items SET created_at = ${at}::timestamptz, sdk_key_id = ${key.id},
              app_version = ${i < 5 ? 'web-2.3.0' : 'web-2.4.1'}, locale = 'zh-CN',
              user_agent = ${rand.chance(0.6) ? 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) Mobile/15E148 MicroMessenger/8.0.49' : 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126.0'},
              anonymous_id = ${randomBytes(16).toString('hex')}, contact_sealed = ${contact},
              reply_token_hash = ${replyTokenHash(`fr_${randomBytes(24).toString('base64url')}`)}
            WHERE tenant_id = ${t} AND id = ${id}`,
      );
      out.push(id);
    }
    return out;
  });
  await analyzeSources(ctx, t, 'feedback', ids);
  await evaluateFeedbackRules(ctx, t, ids);

  // The tickets opened a few minutes after their complaint arrived (deadlines moved with them), not at seed time.
  await ctx.db.execute(
    sql`UPDATE tickets k SET created_at = f.created_at + interval '4 minutes', status_changed_at = f.created_at + interval '4 minutes',
          first_response_due_at = k.first_response_due_at - (k.created_at - f.created_at - interval '4 minutes'),
          resolution_due_at = k.resolution_due_at - (k.created_at - f.created_at - interval '4 minutes')
        FROM feedback_items f
        WHERE k.tenant_id = ${t} AND f.tenant_id = k.tenant_id AND f.id = k.feedback_id AND f.source = 'in_app'`,
  );
  // The oldest complaint with a ticket was answered (the complainant reads it in the widget) and its ticket resolved.
  const first = await one<{ item: string; ticket: string; at: string | Date }>(
    ctx.db,
    sql`SELECT f.id AS item, k.id AS ticket, f.created_at AS at FROM feedback_items f
        JOIN tickets k ON k.tenant_id = f.tenant_id AND k.feedback_id = f.id
        WHERE f.tenant_id = ${t} AND f.source = 'in_app' ORDER BY f.created_at LIMIT 1`,
  );
  if (!first) return;
  const replied = new Date(new Date(first.at).getTime() + 5 * HOUR).toISOString();
  const replier = demo.users.get('agent@savor.example') ?? owner;
  await ctx.db.execute(
    sql`INSERT INTO root_causes (tenant_id, id, code, name, name_en) VALUES (${t}, ${randomUUID()}, 'payment', '支付故障', 'Payment failure')
        ON CONFLICT (tenant_id, code) DO NOTHING`,
  );
  await ctx.db.transaction(async (tx) => {
    await tx.execute(
      sql`INSERT INTO feedback_replies (tenant_id, id, feedback_id, text, channel, author_id, created_at)
          VALUES (${t}, ${randomUUID()}, ${first.item},
                  '非常抱歉给您添麻烦了！经核实，这笔支付因网关超时未生成订单，扣款已原路退回，1–3 个工作日到账。我们已修复结算页的超时问题。',
                  ${key.name}, ${replier}, ${replied}::timestamptz)`,
    );
    await tx.execute(
      sql`UPDATE feedback_items SET first_reply_at = ${replied}::timestamptz WHERE tenant_id = ${t} AND id = ${first.item}`,
    );
    await tx.execute(
      sql`UPDATE tickets SET status = 'resolved', resolution = '支付网关超时未生成订单，已全额退款并修复结算页超时。',
            root_cause_id = (SELECT id FROM root_causes WHERE tenant_id = ${t} AND code = 'payment'),
            first_responded_at = ${replied}::timestamptz, resolved_at = ${replied}::timestamptz,
            status_changed_at = ${replied}::timestamptz, updated_at = ${replied}::timestamptz
          WHERE tenant_id = ${t} AND id = ${first.ticket}`,
    );
  });
}
