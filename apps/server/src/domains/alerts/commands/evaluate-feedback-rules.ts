import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../../platform/context.ts';
import { rows, sql } from '../../../platform/db.ts';
import { announce, type NotifyResult, notify } from '../../notifications/commands/notify.ts';
import { pathWithin } from '../../org/scope.ts';
import { clusterSizeSql } from '../../text/queries/text-variables.ts';
import { openTickets, unitManagers } from '../../tickets/commands/open-tickets.ts';
import type { TFeedbackCondition } from '../schema.ts';
import { notifyMany } from './notify.ts';

interface ItemRow {
  id: string;
  source: string;
  channel: string | null;
  text: string;
  rating: number | null;
  author: string | null;
  org_unit_id: string | null;
  org_path: string | null;
  unit_name: string | null;
  touchpoint_id: string | null;
  customer_ref: string | null;
  sentiment: 'negative' | 'neutral' | 'positive' | null;
  topics: string[] | null;
  triage: string | null;
  cluster_size?: number | null;
}

interface RuleRow {
  id: string;
  name: string;
  scope: { orgUnitId?: string; touchpointIds?: string[] };
  condition: TFeedbackCondition;
  actions: {
    ticket?: { priority: 'low' | 'normal' | 'high' | 'urgent'; assign: 'unit_manager' | 'round_robin' } | null;
    notify?: { inApp?: boolean; emails?: string[]; webhookId?: string };
  };
  scope_unit: string | null;
  scope_path: string | null;
}

/** Whether one analysed feedback item meets a feedback rule's condition (every criterion given; lists: any value). */
export function feedbackMatches(c: TFeedbackCondition, item: Omit<ItemRow, 'org_path' | 'unit_name'>): boolean {
  const lower = (s: string) => s.toLowerCase();
  if (c.sources?.length && !c.sources.includes(item.source as never)) return false;
  if (c.channels?.length && !(item.channel && c.channels.map(lower).includes(lower(item.channel)))) return false;
  if (c.sentiments?.length && !(item.sentiment && c.sentiments.includes(item.sentiment))) return false;
  if (c.topics?.length) {
    const have = new Set((item.topics ?? []).map(lower));
    if (!c.topics.some((t) => have.has(lower(t)))) return false;
  }
  if (c.triage?.length && !(item.triage && (c.triage as readonly string[]).includes(item.triage))) return false;
  if (c.ratingAtMost !== undefined && !(item.rating !== null && item.rating <= c.ratingAtMost)) return false;
  if (c.ratingAtLeast !== undefined && !(item.rating !== null && item.rating >= c.ratingAtLeast)) return false;
  if (c.keywords?.length && !c.keywords.some((k) => lower(item.text).includes(lower(k)))) return false;
  if (c.clusterSizeAtLeast !== undefined && !((item.cluster_size ?? 0) >= c.clusterSizeAtLeast)) return false;
  return true;
}

/**
 * Runs every enabled feedback rule of the tenant against newly analysed feedback items (the text module's
 * `feedbackTextListeners`, after `text.analyze`). Like response rules: an alert is unique per (rule, item), so a
 * re-run neither alerts nor tickets twice, and everything is written in one transaction. An item without a unit
 * (a brand-wide post) opens its ticket at the rule's scope unit, or the tenant's root. Returns created ticket ids.
 */
export async function evaluateFeedbackRules(ctx: AppContext, tenantId: string, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rules = await rows<RuleRow>(
    ctx.db,
    sql`SELECT r.id, r.name, r.scope, r.condition, r.actions, coalesce(o.id, root.id) AS scope_unit, o.path AS scope_path
        FROM alert_rules r
        LEFT JOIN org_units o ON o.tenant_id = r.tenant_id AND o.id = (r.scope->>'orgUnitId')::uuid
        LEFT JOIN LATERAL (SELECT id FROM org_units WHERE tenant_id = r.tenant_id AND parent_id IS NULL ORDER BY created_at LIMIT 1) root ON true
        WHERE r.tenant_id = ${tenantId} AND r.kind = 'feedback' AND r.enabled`,
  );
  if (rules.length === 0) return [];
  const items = await rows<ItemRow>(
    ctx.db,
    sql`SELECT f.id, f.source, f.channel, f.text, f.rating, f.author, f.org_unit_id, o.path AS org_path, o.name AS unit_name,
               f.touchpoint_id, f.customer_ref, a.sentiment, a.topics, a.triage, a.cluster_size
        FROM feedback_items f
        LEFT JOIN org_units o ON o.tenant_id = f.tenant_id AND o.id = f.org_unit_id
        LEFT JOIN LATERAL (
          SELECT (array_agg(t.sentiment ORDER BY t.score))[1] AS sentiment,
                 (array_agg(t.triage ORDER BY array_position(ARRAY['complaint','suggestion','question','praise','noise'], t.triage)) FILTER (WHERE t.triage IS NOT NULL))[1] AS triage,
                 max(CASE WHEN t.cluster_id IS NOT NULL THEN ${clusterSizeSql('t')} END) AS cluster_size,
                 (SELECT coalesce(jsonb_agg(DISTINCT n), '[]') FROM text_analyses t2, jsonb_array_elements(t2.topics) tp,
                         LATERAL (VALUES (tp->>'code'), (tp->>'topic'), (tp->>'nameEn')) v(n)
                  WHERE t2.tenant_id = f.tenant_id AND t2.source_kind = 'feedback' AND t2.source_id = f.id AND n IS NOT NULL) AS topics
          FROM text_analyses t WHERE t.tenant_id = f.tenant_id AND t.source_kind = 'feedback' AND t.source_id = f.id
        ) a ON true
        WHERE f.tenant_id = ${tenantId} AND f.id IN (SELECT x::uuid FROM jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb) x)`,
  );
  const matches: Array<{ item: ItemRow; rule: RuleRow }> = [];
  for (const item of items)
    for (const rule of rules) {
      if (rule.scope.orgUnitId && !pathWithin(item.org_path, rule.scope_path)) continue;
      if (
        rule.scope.touchpointIds?.length &&
        !(item.touchpoint_id && rule.scope.touchpointIds.includes(item.touchpoint_id))
      )
        continue;
      if (feedbackMatches(rule.condition, item)) matches.push({ item, rule });
    }
  if (matches.length === 0) return [];
  const created: Array<{ id: string; orgPath: string | null }> = [];
  let notified: NotifyResult[] = [];
  await ctx.db.transaction(async (tx) => {
    const alertRows = matches.map((m) => ({
      id: randomUUID(),
      rule: m.rule.id,
      key: m.item.id,
      unit: m.item.org_unit_id,
      data: { feedbackId: m.item.id, sentiment: m.item.sentiment, rating: m.item.rating },
    }));
    const fresh = new Set(
      (
        await rows<{ id: string }>(
          tx,
          sql`INSERT INTO alerts (tenant_id, id, rule_id, source, source_key, org_unit_id, data)
              SELECT ${tenantId}, x.id, x.rule, 'feedback', x.key, x.unit, x.data
              FROM jsonb_to_recordset(${JSON.stringify(alertRows)}::jsonb) AS x(id uuid, rule uuid, key text, unit uuid, data jsonb)
              ON CONFLICT (tenant_id, rule_id, source_key) DO NOTHING RETURNING id`,
        )
      ).map((r) => r.id),
    );
    const todo = matches.map((m, i) => ({ ...m, alertId: alertRows[i].id })).filter((m) => fresh.has(m.alertId));
    if (todo.length === 0) return;
    const withTicket = todo.filter((m) => m.rule.actions.ticket && (m.item.org_unit_id || m.rule.scope_unit));
    const opened = await openTickets(
      tx,
      ctx.clock,
      tenantId,
      withTicket.map(({ item, rule }) => ({
        tenantId,
        source: 'feedback' as const,
        title: `${rule.name}: ${[item.channel, item.author].filter(Boolean).join(' · ')} ${item.text.slice(0, 80)}`
          .trim()
          .slice(0, 300),
        description: item.text,
        priority: rule.actions.ticket!.priority,
        orgUnitId: (item.org_unit_id ?? rule.scope_unit)!,
        touchpointId: item.touchpoint_id,
        assign: rule.actions.ticket!.assign,
        feedbackId: item.id,
        customerRef: item.customer_ref,
        ruleId: rule.id,
      })),
    );
    const ticketOf = new Map<string, { id: string; assigneeId: string | null }>();
    withTicket.forEach((m, i) => {
      ticketOf.set(m.alertId, opened[i]);
      if (!opened[i].existing) created.push({ id: opened[i].id, orgPath: m.item.org_path });
    });
    if (withTicket.length) {
      const links = withTicket.map((m, i) => ({ a: m.alertId, t: opened[i].id }));
      await tx.execute(
        sql`UPDATE alerts a SET ticket_id = x.t FROM jsonb_to_recordset(${JSON.stringify(links)}::jsonb) AS x(a uuid, t uuid)
            WHERE a.tenant_id = ${tenantId} AND a.id = x.a`,
      );
    }
    const notifying = todo.filter((m) => m.rule.actions.notify);
    if (notifying.length) {
      const managers = await unitManagers(tx, tenantId, [
        ...new Set(notifying.map((m) => m.item.org_unit_id).filter((x): x is string => !!x)),
      ]);
      await notifyMany(
        tx,
        ctx,
        notifying.map(({ item, rule, alertId }) => {
          const n = rule.actions.notify!;
          const ticket = ticketOf.get(alertId);
          return {
            tenantId,
            subject: `${rule.name} — ${item.unit_name ?? item.channel ?? item.source}`,
            body: item.text.slice(0, 1000),
            data: { ruleId: rule.id, feedbackId: item.id, ticketId: ticket?.id ?? null },
            emails: n.emails,
            webhookId: n.webhookId,
          };
        }),
      );
      // People (the ticket's assignee and the unit's manager) through the notification centre: kind
      // `alert.feedback`, their preferences, push, the unit's robots and the live bell.
      notified = await notify(
        tx,
        ctx,
        notifying.map(({ item, rule, alertId }) => {
          const ticket = ticketOf.get(alertId);
          const manager = item.org_unit_id ? (managers.get(item.org_unit_id) ?? null) : null;
          return {
            tenantId,
            kind: 'alert.feedback' as const,
            userIds:
              rule.actions.notify!.inApp === false
                ? []
                : [ticket?.assigneeId ?? null, manager].filter((x): x is string => !!x),
            unitId: item.org_unit_id,
            title: `${rule.name} — ${item.unit_name ?? item.channel ?? item.source}`,
            body: item.text.slice(0, 1000),
            link: ticket ? `/tickets/${ticket.id}` : null,
            data: { ruleId: rule.id, feedbackId: item.id, ticketId: ticket?.id ?? null },
          };
        }),
      );
    }
  });
  announce(ctx, notified);
  for (const t of created)
    ctx.bus.publish({ tenantId, type: 'tickets.created', orgPath: t.orgPath ?? undefined, data: { id: t.id } });
  return created.map((t) => t.id);
}
