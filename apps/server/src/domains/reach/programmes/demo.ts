import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../../platform/context.ts';
import { one, rows, sql } from '../../../platform/db.ts';
import { uuidv7 } from '../../../platform/ids.ts';
import type { DemoTenant } from '../../../seed/demo.ts';
import { publishSurvey } from '../../surveys/commands/change-survey-status.ts';
import { createSurvey } from '../../surveys/commands/save-survey.ts';
import { demoOwner } from '../../surveys/demo.ts';
import { nextRunAfter } from './schedule.ts';

const RELATIONAL_NPS = {
  title: { default: '会员关系调研', en: 'How are we doing for you?' },
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
    { type: 'comment', name: 'why', title: { default: '最主要的原因是什么？', en: 'What is the main reason?' } },
  ],
};

const DAY = 86_400_000;

/**
 * The demo's programme: a quarterly relational NPS to the gold segment (金卡常客, from the customers demo) through
 * the Reach demo's gateway channel, started 60 days ago with an 80-day cooldown, and its first wave written as
 * history (sent, opened, completed, suppressed by frequency and by opt-out), so the wave list has numbers.
 */
export async function seedProgrammes(ctx: AppContext, demo: DemoTenant) {
  const t = demo.tenantId;
  if (await one(ctx.db, sql`SELECT 1 FROM reach_programmes WHERE tenant_id = ${t}`)) return;
  const segment = await one<{ id: string }>(
    ctx.db,
    sql`SELECT id FROM customer_segments WHERE tenant_id = ${t} AND name LIKE '金卡常客%' LIMIT 1`,
  );
  const channel = await one<{ id: string }>(
    ctx.db,
    sql`SELECT id FROM channels WHERE tenant_id = ${t} AND kind = 'webhook' ORDER BY created_at LIMIT 1`,
  );
  if (!segment || !channel) return;
  const actor = await demoOwner(ctx, demo);
  const now = ctx.clock.now().getTime();
  const startsAt = new Date(now - 60 * DAY);
  startsAt.setUTCHours(2, 0, 0, 0);
  const waveAt = startsAt.getTime();
  const members = await rows<{ customer_id: string; value: string | null }>(
    ctx.db,
    sql`SELECT m.customer_id, (SELECT i.value FROM customer_identities i WHERE i.tenant_id = m.tenant_id AND i.customer_id = m.customer_id
                               AND i.kind = 'member' ORDER BY i.value LIMIT 1) AS value
        FROM customer_segment_members m WHERE m.tenant_id = ${t} AND m.segment_id = ${segment.id} ORDER BY m.customer_id LIMIT 200`,
  );
  await ctx.db.transaction(async (tx) => {
    const survey = await createSurvey(tx, actor, {
      name: '季度关系型 NPS Relational NPS',
      description: '每季度向金卡会员发送 Sent to gold members every quarter',
      definition: RELATIONAL_NPS,
      bindings: { nps: 'nps' },
      touchpointId: null,
    });
    await publishSurvey(tx, actor, survey.id);
    const id = randomUUID();
    const next = nextRunAfter({ every: 1, unit: 'quarter', startsAt }, new Date(now), null);
    await tx.execute(
      sql`INSERT INTO reach_programmes (tenant_id, id, name, segment_id, survey_id, channel_id, every, unit, starts_at, sample_percent,
            cooldown_days, expires_in_hours, reminder_after_days, next_run_at, created_by, created_at, updated_at)
          VALUES (${t}, ${id}, '金卡会员季度 NPS Quarterly NPS for gold members', ${segment.id}, ${survey.id}, ${channel.id}, 1, 'quarter',
                  ${startsAt.toISOString()}, 100, 80, 336, 5, ${next?.toISOString() ?? null}, ${actor.id},
                  ${new Date(waveAt - 2 * DAY).toISOString()}, ${new Date(waveAt - 2 * DAY).toISOString()})`,
    );
    const waveId = randomUUID();
    const iso = (x: number) => new Date(x).toISOString();
    const list = members.map((m, i) => {
      const at = waveAt + i * 1000;
      const kind = i % 10;
      const sent = kind < 8;
      const opened = sent && kind % 2 === 0;
      const completed = opened && kind !== 6;
      return {
        id: uuidv7(at),
        cu: m.value ? { externalId: m.value } : {},
        c: m.customer_id,
        ca: iso(at),
        st: sent ? 'sent' : 'suppressed',
        r: kind === 8 ? 'frequency' : kind === 9 ? 'opted_out' : null,
        sa: sent ? iso(at + 3000) : null,
        op: opened ? iso(at + 3 * 3600_000) : null,
        rs: completed ? iso(at + 3 * 3600_000 + 90_000) : null,
      };
    });
    await tx.execute(
      sql`INSERT INTO reach_programme_waves (tenant_id, id, programme_id, wave_key, scheduled_for, cursor, audience, finished_at, created_at)
          VALUES (${t}, ${waveId}, ${id}, 'p0', ${iso(waveAt)}, ${members.at(-1)?.customer_id ?? null}, ${members.length},
                  ${iso(waveAt + 60_000)}, ${iso(waveAt)})`,
    );
    // The members the wave found opted out are opted out on their profiles too.
    const optedOut = list.filter((x) => x.r === 'opted_out').map((x) => x.c);
    if (optedOut.length)
      await tx.execute(
        sql`UPDATE customers SET opted_out_at = ${iso(waveAt - DAY)}::timestamptz
            WHERE tenant_id = ${t} AND id = ANY(${`{${optedOut.join(',')}}`}::uuid[]) AND opted_out_at IS NULL`,
      );
    if (list.length)
      await tx.execute(
        sql`INSERT INTO invitations (tenant_id, id, survey_id, customer, context, expires_at, customer_id, channel_id, programme_id, wave_id,
              status, reason, attempts, sends, send_at, sent_at, opened_at, started_at, responded_at, created_at)
            SELECT ${t}::uuid, x.id, ${survey.id}::uuid, x.cu, '{}'::jsonb, x.ca + interval '336 hours', x.c, ${channel.id}::uuid,
                   ${id}::uuid, ${waveId}::uuid, x.st, x.r, CASE WHEN x.sa IS NULL THEN 0 ELSE 1 END, CASE WHEN x.sa IS NULL THEN 0 ELSE 1 END,
                   x.sa, x.sa, x.op, x.rs, x.rs, x.ca
            FROM jsonb_to_recordset(${JSON.stringify(list)}::jsonb)
              AS x(id uuid, cu jsonb, c uuid, ca timestamptz, st text, r text, sa timestamptz, op timestamptz, rs timestamptz)`,
      );
  });
}
