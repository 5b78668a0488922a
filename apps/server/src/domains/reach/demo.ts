import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/context.ts';
import { one, rows, sql } from '../../platform/db.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { seal } from '../../platform/seal.ts';
import type { DemoTenant } from '../../seed/demo.ts';
import { publishSurvey } from '../surveys/commands/change-survey-status.ts';
import { createSurvey } from '../surveys/commands/save-survey.ts';
import { demoOwner } from '../surveys/demo.ts';
import { newWebhookSecret } from '../webhooks/sign.ts';
import { CHANNEL_SECRETS_SEAL } from './queries/channels.ts';

/** The checkout survey: NPS, then one question per bought category, shown only when the order had it (千人千面). */
const CHECKOUT_SURVEY = {
  title: { default: '购后体验回访', en: 'How was your order?' },
  locale: 'zh-cn',
  elements: [
    {
      type: 'rating',
      name: 'nps',
      title: { default: '您有多大可能向朋友推荐我们？', en: 'How likely are you to recommend us to a friend?' },
      rateMin: 0,
      rateMax: 10,
      isRequired: true,
    },
    ...[
      ['fresh', '鲜食的新鲜程度', 'How fresh was the fresh food?'],
      ['bakery', '烘焙产品的口感', 'How did you like the bakery items?'],
      ['drinks', '饮品的口味', 'How were the drinks?'],
    ].map(([name, zh, en]) => ({
      type: 'rating',
      name,
      title: { default: zh, en },
      rateMin: 1,
      rateMax: 5,
      isRequired: true,
      visibleIf: `{context.categories} contains '${name}'`,
    })),
    { type: 'comment', name: 'comment', title: { default: '还有什么想告诉我们的？', en: 'Anything else?' } },
  ],
};

const DAY = 86_400_000;

/**
 * The demo's Reach setup: the checkout survey, a webhook channel to the chain's SMS/WeChat gateway (an example
 * address: sends from a demo server fail and are retried, then shown failed — point it at a real gateway to see
 * them go), an `order.completed` trigger mapping the order's `categories` into the survey context, the policy
 * "at most 1 invitation per 7 days, none while a ticket is open", and two weeks of invitation history written
 * directly (sent, opened, completed, suppressed by frequency, failed after retries), so the funnel has numbers.
 * A demo `order.completed` with `categories: ["fresh"]` for a member not invited this week becomes an invitation
 * whose survey shows only the fresh question; a second one that day is suppressed (`frequency`).
 */
export async function seedReach(ctx: AppContext, demo: DemoTenant) {
  if (await one(ctx.db, sql`SELECT 1 FROM channels WHERE tenant_id = ${demo.tenantId}`)) return;
  const actor = await demoOwner(ctx, demo);
  const now = ctx.clock.now().getTime();
  const members = await rows<{ value: string; customer_id: string }>(
    ctx.db,
    sql`SELECT value, customer_id FROM customer_identities WHERE tenant_id = ${demo.tenantId} AND kind = 'member'
        ORDER BY value LIMIT 60`,
  );
  const stores = [...demo.units.entries()].filter(([, u]) => u.kind === 'store').map(([, u]) => u.id);
  await ctx.db.transaction(async (tx) => {
    const survey = await createSurvey(tx, actor, {
      name: '购后品类回访 Checkout survey',
      description: '订单完成后按购买品类推送 Sent after an order, asking only about the categories bought',
      definition: CHECKOUT_SURVEY,
      bindings: { nps: 'nps', ratings: ['fresh', 'bakery', 'drinks'] },
      touchpointId: null,
    });
    await publishSurvey(tx, actor, survey.id);
    const channelId = randomUUID();
    await tx.execute(
      sql`INSERT INTO channels (tenant_id, id, kind, name, url, config, secrets_sealed, enabled, created_by, created_at, updated_at)
          VALUES (${demo.tenantId}, ${channelId}, 'webhook', '短信/公众号网关 SMS & WeChat gateway',
                  'https://gateway.savor.example/loopcx/invitations', '{}'::jsonb,
                  ${seal(ctx.config.secret, CHANNEL_SECRETS_SEAL, demo.tenantId, JSON.stringify({ signingSecret: newWebhookSecret() }))},
                  true, ${actor.id}, ${new Date(now - 30 * DAY).toISOString()}, ${new Date(now - 30 * DAY).toISOString()})`,
    );
    const triggerId = randomUUID();
    await tx.execute(
      sql`INSERT INTO reach_triggers (tenant_id, id, name, event_type, condition, survey_id, channel_id, delay_minutes, sample_percent,
            expires_in_hours, context, reminder_after_days, created_by, created_at, updated_at)
          VALUES (${demo.tenantId}, ${triggerId}, '订单完成后品类回访 After-order category survey', 'order.completed',
                  '{categories} notempty', ${survey.id}, ${channelId}, 0, 100, 72, ${JSON.stringify({ categories: 'categories' })}::jsonb,
                  3, ${actor.id}, ${new Date(now - 30 * DAY).toISOString()}, ${new Date(now - 30 * DAY).toISOString()})`,
    );
    await tx.execute(
      sql`INSERT INTO contact_policies (tenant_id, max_count, max_days, min_days_between, suppress_while_ticket_open, updated_by)
          VALUES (${demo.tenantId}, 1, 7, NULL, true, ${actor.id}) ON CONFLICT (tenant_id) DO NOTHING`,
    );
    // Two weeks of history: links older than their 72 h expiry and unanswered read expired.
    const cats = [['fresh'], ['bakery'], ['fresh', 'drinks'], ['drinks'], ['bakery', 'fresh']];
    const list = members.slice(0, 48).map((m, i) => {
      const at = now - (1 + (i % 14)) * DAY - (i % 5) * 3600_000;
      const kind = i % 12;
      const sent = kind !== 9 && kind !== 10;
      const opened = sent && kind % 3 !== 0;
      const completed = opened && kind % 2 === 0;
      const iso = (t: number) => new Date(t).toISOString();
      return {
        id: uuidv7(at),
        cu: { externalId: m.value },
        c: m.customer_id,
        o: stores[i % stores.length] ?? null,
        cx: { categories: cats[i % cats.length] },
        ca: iso(at),
        ex: iso(at + 72 * 3600_000),
        st: kind === 9 ? 'suppressed' : kind === 10 ? 'failed' : 'sent',
        r: kind === 9 ? 'frequency' : null,
        er: kind === 10 ? 'the gateway at https://gateway.savor.example answered 503' : null,
        at: kind === 10 ? 8 : sent ? 1 : 0,
        sa: sent ? iso(at + 2000) : null,
        op: opened ? iso(at + 40 * 60_000) : null,
        sd: opened && (completed || kind % 4 === 1) ? iso(at + 42 * 60_000) : null,
        rs: completed ? iso(at + 45 * 60_000) : null,
        fa: kind === 10 ? iso(at + 9 * 3600_000) : null,
      };
    });
    await tx.execute(
      sql`INSERT INTO invitations (tenant_id, id, survey_id, org_unit_id, customer, context, expires_at, customer_id, trigger_id, channel_id,
            status, reason, error, attempts, sends, send_at, sent_at, opened_at, started_at, responded_at, failed_at, created_at)
          SELECT ${demo.tenantId}::uuid, x.id, ${survey.id}::uuid, x.o, x.cu, x.cx, x.ex, x.c, ${triggerId}::uuid, ${channelId}::uuid,
                 x.st, x.r, x.er, x.at, CASE WHEN x.sa IS NULL THEN 0 ELSE 1 END, x.ca, x.sa, x.op, x.sd, x.rs, x.fa, x.ca
          FROM jsonb_to_recordset(${JSON.stringify(list)}::jsonb)
            AS x(id uuid, cu jsonb, c uuid, o uuid, cx jsonb, ca timestamptz, ex timestamptz, st text, r text, er text, at int,
                 sa timestamptz, op timestamptz, sd timestamptz, rs timestamptz, fa timestamptz)`,
    );
  });
}
