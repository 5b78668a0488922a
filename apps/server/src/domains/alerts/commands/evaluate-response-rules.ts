import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../../platform/context.ts';
import { one, rows, sql } from '../../../platform/db.ts';
import { createTicket } from '../../tickets/commands/create-ticket.ts';
import { findUnitManager } from '../../tickets/commands/route-ticket.ts';
import { textVariables } from '../../text/queries/text-variables.ts';
import { evaluateCondition } from '../condition.ts';
import { notify } from './notify.ts';

interface ResponseRow {
  id: string;
  survey_id: string;
  survey_name: string;
  org_unit_id: string | null;
  org_path: string | null;
  unit_code: string | null;
  unit_name: string | null;
  touchpoint_id: string | null;
  touchpoint_code: string | null;
  customer_ref: string | null;
  answers: Record<string, unknown>;
  scores: Record<string, number>;
  context: Record<string, unknown> | null;
}

interface RuleRow {
  id: string;
  name: string;
  scope: { orgUnitId?: string; surveyIds?: string[]; touchpointIds?: string[] };
  condition: { expression: string };
  actions: { ticket?: { priority: 'low' | 'normal' | 'high' | 'urgent'; assign: 'unit_manager' | 'round_robin' } | null; notify?: { inApp?: boolean; emails?: string[]; webhookUrl?: string } };
  scope_path: string | null;
}

/** The variables a rule condition sees for one response (see condition.ts). */
export function responseVariables(r: ResponseRow, extra: { customer?: Record<string, unknown>; sentiment?: string; topics?: string[] } = {}) {
  const texts = Object.values(r.answers ?? {}).filter((v): v is string => typeof v === 'string');
  return {
    ...r.answers,
    nps: r.scores?.nps,
    csat: r.scores?.csat,
    ces: r.scores?.ces,
    score: r.scores ?? {},
    comment: texts.join('\n'),
    context: r.context ?? {},
    customer: extra.customer ?? (r.context?.customer as Record<string, unknown> | undefined) ?? {},
    sentiment: extra.sentiment,
    topics: extra.topics ?? [],
    unit: r.unit_code,
    touchpoint: r.touchpoint_code,
  };
}

/** Rules whose condition reads `{sentiment}` or `{topics}` wait for the response's text analysis. */
export const readsText = (expression: string) => /\{\s*(sentiment|topics)\s*\}/i.test(expression);

/**
 * Runs every enabled response rule of the tenant against the given responses. Idempotent: an alert is unique
 * per (rule, response), so a re-run after a crash neither alerts nor tickets twice. Returns created ticket ids.
 * Phase `commit` (the default, run when responses commit) skips rules that read text analysis; phase `text` (run
 * by the text-analysis job once the response's texts are analysed) runs exactly those, with `{sentiment}` and
 * `{topics}` filled in.
 */
export async function evaluateResponseRules(ctx: AppContext, tenantId: string, responseIds: string[], opts: { phase?: 'commit' | 'text' } = {}): Promise<string[]> {
  const phase = opts.phase ?? 'commit';
  if (responseIds.length === 0) return [];
  const created: Array<{ id: string; orgPath: string | null; responseId: string }> = [];
  const rules = await rows<RuleRow>(
    ctx.db,
    sql`SELECT r.id, r.name, r.scope, r.condition, r.actions, o.path AS scope_path FROM alert_rules r
        LEFT JOIN org_units o ON o.tenant_id = r.tenant_id AND o.id = (r.scope->>'orgUnitId')::uuid
        WHERE r.tenant_id = ${tenantId} AND r.kind = 'response' AND r.enabled`,
  );
  const phaseRules = rules.filter((rule) => readsText(rule.condition.expression) === (phase === 'text'));
  if (phaseRules.length === 0) return [];
  const responses = await rows<ResponseRow>(
    ctx.db,
    sql`SELECT r.id, r.survey_id, s.name AS survey_name, r.org_unit_id, o.path AS org_path, o.code AS unit_code, o.name AS unit_name,
               r.touchpoint_id, tp.code AS touchpoint_code, r.customer_ref, r.answers, r.scores, r.context
        FROM responses r
        JOIN surveys s ON s.tenant_id = r.tenant_id AND s.id = r.survey_id
        LEFT JOIN org_units o ON o.tenant_id = r.tenant_id AND o.id = r.org_unit_id
        LEFT JOIN touchpoints tp ON tp.tenant_id = r.tenant_id AND tp.id = r.touchpoint_id
        WHERE r.tenant_id = ${tenantId} AND r.id IN (${sql.join(responseIds.map((id) => sql`${id}`), sql`, `)})`,
  );
  // One short transaction per response: the per-tenant ticket counter is locked only briefly, so several
  // workers (PostgreSQL) evaluate in parallel, and a crash loses at most the response being handled.
  const text = phase === 'text' ? await textVariables(ctx.db, tenantId, responseIds) : undefined;
  for (const resp of responses) {
    const vars = responseVariables(resp, text?.get(resp.id) ?? {});
    const matching = phaseRules.filter((rule) => {
      if (rule.scope.orgUnitId && !(resp.org_path && rule.scope_path && resp.org_path.startsWith(rule.scope_path))) return false;
      if (rule.scope.surveyIds?.length && !rule.scope.surveyIds.includes(resp.survey_id)) return false;
      if (rule.scope.touchpointIds?.length && !(resp.touchpoint_id && rule.scope.touchpointIds.includes(resp.touchpoint_id))) return false;
      return evaluateCondition(rule.condition.expression, vars);
    });
    if (matching.length === 0) continue;
    await ctx.db.transaction(async (tx) => {
      for (const rule of matching) {
        const alertId = randomUUID();
        const inserted = await one<{ id: string }>(
          tx,
          sql`INSERT INTO alerts (tenant_id, id, rule_id, source, source_key, org_unit_id, data)
              VALUES (${tenantId}, ${alertId}, ${rule.id}, 'response', ${resp.id}, ${resp.org_unit_id}, ${JSON.stringify({ scores: resp.scores })}::jsonb)
              ON CONFLICT (tenant_id, rule_id, source_key) DO NOTHING RETURNING id`,
        );
        if (!inserted) continue; // already handled by an earlier run
        let ticketId: string | null = null;
        let assigneeId: string | null = null;
        if (rule.actions.ticket && resp.org_unit_id) {
          const scoreText = Object.entries(resp.scores ?? {}).filter(([k]) => !k.includes(':')).map(([k, v]) => `${k.toUpperCase()} ${v}`).join(', ');
          const t = await createTicket(tx, ctx.clock, {
            tenantId,
            source: 'response',
            title: `${rule.name}: ${resp.unit_name ?? ''} ${scoreText}`.trim().slice(0, 300),
            description: vars.comment || null,
            priority: rule.actions.ticket.priority,
            orgUnitId: resp.org_unit_id,
            touchpointId: resp.touchpoint_id,
            assign: rule.actions.ticket.assign,
            responseId: resp.id,
            surveyId: resp.survey_id,
            customerRef: resp.customer_ref,
            ruleId: rule.id,
          });
          ticketId = t.id;
          assigneeId = t.existing
            ? ((await one<{ assignee_id: string | null }>(tx, sql`SELECT assignee_id FROM tickets WHERE tenant_id = ${tenantId} AND id = ${t.id}`))?.assignee_id ?? null)
            : (t.assigneeId ?? null);
          await tx.execute(sql`UPDATE alerts SET ticket_id = ${t.id} WHERE tenant_id = ${tenantId} AND id = ${alertId}`);
          if (!t.existing) created.push({ id: t.id, orgPath: resp.org_path, responseId: resp.id });
          else {
            await tx.execute(
              sql`INSERT INTO ticket_events (tenant_id, ticket_id, kind, data, at) VALUES (${tenantId}, ${t.id}, 'alert_attached', ${JSON.stringify({ responseId: resp.id, ruleId: rule.id })}::jsonb, ${ctx.clock.now().toISOString()})`,
            );
          }
        }
        const n = rule.actions.notify;
        if (n) {
          const manager = resp.org_unit_id ? await findUnitManager(tx, tenantId, resp.org_unit_id) : null;
          await notify(tx, ctx, {
            tenantId,
            subject: `${rule.name} — ${resp.unit_name ?? ''}`,
            body: `${resp.survey_name}: ${JSON.stringify(resp.scores)}${vars.comment ? `\n${vars.comment}` : ''}`,
            data: { ruleId: rule.id, responseId: resp.id, ticketId },
            userIds: n.inApp === false ? [] : [assigneeId, manager].filter((x): x is string => !!x),
            emails: n.emails,
            webhookUrl: n.webhookUrl,
          });
        }
      }
    });
  }
  // After commit: open inboxes see the new tickets at once.
  for (const t of created) ctx.bus.publish({ tenantId, type: 'tickets.created', orgPath: t.orgPath ?? undefined, data: { id: t.id, responseId: t.responseId } });
  return created.map((t) => t.id);
}
