import type { Actor } from '../../../platform/auth.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import { INVITATIONS_FROM, invitationScope } from '../../surveys/queries/invitation-status.ts';
import type { TFunnelQuery } from '../schema.ts';

const GROUPS = {
  channel: {
    key: sql`i.channel_id`,
    label: sql`(SELECT name FROM channels c WHERE c.tenant_id = i.tenant_id AND c.id = i.channel_id)`,
  },
  unit: { key: sql`i.org_unit_id`, label: sql`o.name` },
  touchpoint: {
    key: sql`i.touchpoint_id`,
    label: sql`(SELECT name FROM touchpoints t WHERE t.tenant_id = i.tenant_id AND t.id = i.touchpoint_id)`,
  },
  survey: {
    key: sql`i.survey_id`,
    label: sql`(SELECT name FROM surveys s WHERE s.tenant_id = i.tenant_id AND s.id = i.survey_id)`,
  },
} as const;

/**
 * The response-rate funnel of channel-sent invitations in scope: sent → opened → started → completed, each a
 * plain count of invitations that reached the step (completed implies started and opened, so the steps never
 * grow), plus suppressed and failed. Period filter on the invitation's creation.
 */
export async function invitationFunnel(ex: Executor, actor: Actor, q: TFunnelQuery) {
  const g = GROUPS[q.groupBy];
  const filters = [invitationScope(actor), sql`i.channel_id IS NOT NULL`];
  if (q.from) filters.push(sql`i.created_at >= ${q.from}::timestamptz`);
  if (q.to) filters.push(sql`i.created_at < ${q.to}::timestamptz`);
  if (q.surveyId) filters.push(sql`i.survey_id = ${q.surveyId}`);
  if (q.triggerId) filters.push(sql`i.trigger_id = ${q.triggerId}`);
  const list = await rows<{
    key: string | null;
    label: string | null;
    sent: number;
    opened: number;
    started: number;
    completed: number;
    suppressed: number;
    failed: number;
  }>(
    ex,
    sql`SELECT k.key::text AS key, min(k.label) AS label,
          count(*) FILTER (WHERE k.sent)::int AS sent,
          count(*) FILTER (WHERE k.sent AND (k.opened OR k.started OR k.completed))::int AS opened,
          count(*) FILTER (WHERE k.sent AND (k.started OR k.completed))::int AS started,
          count(*) FILTER (WHERE k.sent AND k.completed)::int AS completed,
          count(*) FILTER (WHERE k.status = 'suppressed')::int AS suppressed,
          count(*) FILTER (WHERE k.status = 'failed')::int AS failed
        FROM (SELECT ${g.key} AS key, ${g.label} AS label, i.status, i.sent_at IS NOT NULL AS sent,
                     i.opened_at IS NOT NULL AS opened, i.started_at IS NOT NULL AS started, i.responded_at IS NOT NULL AS completed
              FROM ${INVITATIONS_FROM} WHERE ${sql.join(filters, sql` AND `)}) k
        GROUP BY k.key ORDER BY sent DESC, key`,
  );
  return {
    groupBy: q.groupBy,
    items: list.map((r) => ({
      ...r,
      responseRate: r.sent > 0 ? Math.round((r.completed / r.sent) * 1000) / 10 : null,
    })),
  };
}
