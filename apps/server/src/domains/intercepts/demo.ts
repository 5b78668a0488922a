import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/context.ts';
import { one, rows, sql } from '../../platform/db.ts';
import { uuidv7 } from '../../platform/ids.ts';
import type { DemoTenant } from '../../seed/demo.ts';
import { prng } from '../../seed/random.ts';
import { ensureMemberProfiles } from '../customers/commands/resolve-customers.ts';
import { prepareResponse } from '../responses/prepare.ts';
import { type PreparedResponse, writeResponses } from '../responses/writer.ts';
import { publishSurvey } from '../surveys/commands/change-survey-status.ts';
import { createSurvey } from '../surveys/commands/save-survey.ts';
import { demoOwner } from '../surveys/demo.ts';
import { transitionTicket } from '../tickets/commands/transition-ticket.ts';

/** A two-question survey for a visitor whose payment just failed: how easy was it (CSAT 1–5), and what went wrong. */
const PAYMENT_SURVEY = {
  title: { default: '支付体验回访', en: 'How was paying?' },
  locale: 'zh-cn',
  elements: [
    {
      type: 'rating',
      name: 'csat',
      title: { default: '您对刚才的支付体验满意吗？', en: 'How satisfied are you with paying just now?' },
      rateMin: 1,
      rateMax: 5,
      isRequired: true,
    },
    {
      type: 'comment',
      name: 'comment',
      title: { default: '遇到了什么问题？我们会尽快改进', en: 'What went wrong? We will fix it' },
    },
  ],
};

const DAY = 86_400_000;
const COMMENTS = [
  '付款一直转圈，最后提示超时',
  '银行卡被拒了三次，换微信才付成功',
  '支付页面卡住，重复扣款了吗？',
  '还好，第二次就成功了',
  '提示风控拦截，不知道为什么',
  '希望支持更多付款方式',
];

/**
 * The demo's intercept: the published survey "支付体验回访" and the intercept "支付失败 3 次" on the web key (three
 * `payment.failed` in a session → a modal at once, everyone sampled, once per 30 days), with a week of history: 20
 * shows recorded as invitations (as the show call writes them) of which 8, by identified members, were answered
 * through the response writer (validated, scored, on the member's timeline).
 */
export async function seedIntercepts(ctx: AppContext, demo: DemoTenant) {
  const t = demo.tenantId;
  if (await one(ctx.db, sql`SELECT 1 AS x FROM sdk_intercepts WHERE tenant_id = ${t} LIMIT 1`)) return;
  const key = await one<{ id: string; org_unit_id: string; path: string; touchpoint_id: string | null }>(
    ctx.db,
    sql`SELECT k.id, k.org_unit_id, o.path, k.touchpoint_id FROM sdk_keys k
        JOIN org_units o ON o.tenant_id = k.tenant_id AND o.id = k.org_unit_id
        WHERE k.tenant_id = ${t} AND k.revoked_at IS NULL ORDER BY k.created_at LIMIT 1`,
  );
  if (!key) return;
  const actor = await demoOwner(ctx, demo);
  const now = ctx.clock.now().getTime();
  const rand = prng(demo.seed + 37);
  const iso = (ms: number) => new Date(ms).toISOString();
  // Twelve members who failed to pay (profiles made as the show call makes them, `ensureMemberProfiles`).
  const refs = Array.from({ length: 12 }, (_, i) => `M-${13100 + i * 7}`);
  await ensureMemberProfiles(ctx.db, t, refs, new Date(now - 8 * DAY));
  const members = await rows<{ value: string; customer_id: string }>(
    ctx.db,
    sql`SELECT value, customer_id FROM customer_identities WHERE tenant_id = ${t} AND kind = 'member'
          AND value = ANY(${`{${refs.join(',')}}`}::text[]) ORDER BY value`,
  );
  const { survey, interceptId } = await ctx.db.transaction(async (tx) => {
    const s = await createSurvey(tx, actor, {
      name: '支付体验回访 Payment experience',
      description: '支付失败 3 次后在网站弹出 Shown on the web site after three failed payments',
      definition: PAYMENT_SURVEY,
      bindings: { csat: 'csat' },
      touchpointId: null,
    });
    await publishSurvey(tx, actor, s.id);
    const id = randomUUID();
    await tx.execute(
      sql`INSERT INTO sdk_intercepts (tenant_id, id, name, survey_id, enabled, key_ids, display, selector, conditions,
            delay_ms, sample_percent, once_per_days, created_by, created_at, updated_at)
          VALUES (${t}, ${id}, '支付失败 3 次', ${s.id}, true, ARRAY[${key.id}]::uuid[], 'modal', NULL,
            ${JSON.stringify({ urls: [], event: { type: 'payment.failed', minCount: 3, where: [] } })}::jsonb,
            0, 100, 30, ${actor.id}, ${iso(now - 8 * DAY)}, ${iso(now - 8 * DAY)})`,
    );
    return { survey: s, interceptId: id };
  });
  const version = await one<{ id: string; definition: Record<string, unknown>; bindings: Record<string, unknown> }>(
    ctx.db,
    sql`SELECT v.id, v.definition, v.bindings FROM surveys s JOIN survey_versions v ON v.tenant_id = s.tenant_id AND v.id = s.current_version_id
        WHERE s.tenant_id = ${t} AND s.id = ${survey.id}`,
  );
  if (!version) return;

  // 20 shows over the last 7 days: 12 identified members (8 of whom answered), 8 anonymous visitors.
  const shows = Array.from({ length: 20 }, (_, i) => {
    const at = now - (i % 7) * DAY - rand.int(1, 20) * 3600_000;
    const member = i < members.length ? members[i] : null;
    return {
      id: uuidv7(at),
      at,
      member,
      anon: randomUUID().replace(/-/g, ''),
      answered: member !== null && i < 8,
      opened: i < 16,
    };
  });
  await ctx.db.execute(
    sql`INSERT INTO invitations (tenant_id, id, survey_id, org_unit_id, touchpoint_id, customer, context, expires_at, customer_id,
          intercept_id, anonymous_id, sdk_key_id, status, attempts, sends, sent_at, opened_at, created_at)
        SELECT ${t}::uuid, x.id, ${survey.id}::uuid, ${key.org_unit_id}::uuid, ${key.touchpoint_id}::uuid, x.cu,
          ${JSON.stringify({ source: 'intercept', pageUrl: 'https://www.savor.example/checkout' })}::jsonb, x.ex, x.c,
          ${interceptId}::uuid, x.a, ${key.id}::uuid, 'sent', 1, 1, x.ca, x.op, x.ca
        FROM jsonb_to_recordset(${JSON.stringify(
          shows.map((s) => ({
            id: s.id,
            cu: s.member ? { externalId: s.member.value } : null,
            c: s.member?.customer_id ?? null,
            a: s.anon,
            ex: iso(s.at + DAY),
            ca: iso(s.at),
            op: s.opened ? iso(s.at + 3000) : null,
          })),
        )}::jsonb) AS x(id uuid, cu jsonb, c uuid, a text, ex timestamptz, ca timestamptz, op timestamptz)`,
  );
  const items: PreparedResponse[] = [];
  for (const s of shows.filter((x) => x.answered)) {
    const csat = rand.int(1, 4);
    const answers: Record<string, unknown> = { csat };
    if (csat <= 3) answers.comment = COMMENTS[rand.int(0, COMMENTS.length - 1)];
    const { item, errors } = await prepareResponse(ctx, {
      tenantId: t,
      surveyId: survey.id,
      version,
      answers,
      context: { source: 'intercept', pageUrl: 'https://www.savor.example/checkout' },
      orgUnitId: key.org_unit_id,
      orgPath: key.path,
      touchpointId: key.touchpoint_id,
      customerRef: s.member!.value,
      channel: 'personal',
      invitationId: s.id,
      locale: 'zh-cn',
      idempotencyKey: `demo-intercept-${demo.seed}-${s.id}`,
      submittedAt: new Date(s.at + 90_000),
      hashOf: answers,
    });
    if (!item) throw new Error(`demo intercept response does not validate: ${JSON.stringify(errors)}`);
    items.push(item);
  }
  await ctx.db.transaction(async (tx) => {
    await writeResponses(tx, items, { listeners: false });
    // The writer stamps responded_at with the time of writing; the history answered a minute and a half after showing.
    for (const s of shows.filter((x) => x.answered))
      await tx.execute(
        sql`UPDATE invitations SET started_at = ${iso(s.at + 20_000)}::timestamptz, responded_at = ${iso(s.at + 90_000)}::timestamptz
            WHERE tenant_id = ${t} AND id = ${s.id}`,
      );
  });
}

/**
 * The SDK demo page logs in as the featured member (the first member with a name, as demo-page.ts lists them), and
 * the demo tenant's contact policy suppresses surveys while the customer has an open ticket. Which of the demo's
 * tickets are still open depends on every step before (a low-score response of theirs opens one), so the last
 * step closes the loop on the featured member's open tickets — called back and resolved — and the intercept on
 * the demo page shows.
 */
export async function settleFeaturedTickets(ctx: AppContext, demo: DemoTenant) {
  const t = demo.tenantId;
  const featured = await one<{ value: string }>(
    ctx.db,
    sql`SELECT i.value FROM customer_identities i JOIN customers c ON c.tenant_id = i.tenant_id AND c.id = i.customer_id
        WHERE i.tenant_id = ${t} AND i.kind = 'member'
        ORDER BY (c.display_name IS NOT NULL) DESC, i.value LIMIT 1`,
  );
  if (!featured) return;
  const open = await rows<{ id: string }>(
    ctx.db,
    sql`SELECT id FROM tickets WHERE tenant_id = ${t} AND customer_ref = ${featured.value}
          AND status NOT IN ('resolved', 'closed') ORDER BY created_at`,
  );
  if (!open.length) return;
  const cause = await one<{ code: string }>(
    ctx.db,
    sql`SELECT code FROM root_causes WHERE tenant_id = ${t} AND status = 'active' ORDER BY (code = 'other') DESC, code LIMIT 1`,
  );
  if (!cause) return;
  const actor = await demoOwner(ctx, demo);
  for (const { id } of open)
    await ctx.db.transaction((tx) =>
      transitionTicket(tx, ctx.clock, actor, id, {
        to: 'resolved',
        rootCause: cause.code,
        resolution: '已致电会员致歉并补发优惠券 Called the member back, apologised and sent a coupon',
      }),
    );
}
