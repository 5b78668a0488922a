import { randomUUID } from 'node:crypto';
import type { TUiLang } from '@loopcx/shared';
import type { AppContext } from '../../../platform/context.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import { announce, type NotifyResult, notify } from '../../notifications/commands/notify.ts';
import { consoleUrl } from '../../notifications/email.ts';
import { pathWithin } from '../../org/scope.ts';
import { textVariables } from '../../text/queries/text-variables.ts';
import { openTickets, unitManagers } from '../../tickets/commands/open-tickets.ts';
import { renderAlertEmail } from '../alert-email.ts';
import { alertBody, tenantLang } from '../alert-text.ts';
import { evaluateCondition } from '../condition.ts';
import { customerHistory } from '../queries/customer-history.ts';
import { notifyMany } from './notify.ts';

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
  customer_id: string | null;
  answers: Record<string, unknown>;
  scores: Record<string, number>;
  context: Record<string, unknown> | null;
  definition: unknown;
  tenant_locale: string;
  tenant_zone: string;
}

interface RuleRow {
  id: string;
  name: string;
  scope: { orgUnitId?: string; surveyIds?: string[]; touchpointIds?: string[] };
  condition: { expression: string };
  actions: {
    ticket?: { priority: 'low' | 'normal' | 'high' | 'urgent'; assign: 'unit_manager' | 'round_robin' } | null;
    notify?: { inApp?: boolean; emails?: string[]; webhookId?: string };
  };
  scope_path: string | null;
}

/** The variables a rule condition sees for one response (see condition.ts). */
export function responseVariables(
  r: ResponseRow,
  extra: {
    customer?: Record<string, unknown>;
    sentiment?: string;
    topics?: string[];
    triage?: string;
    clusterSize?: number;
  } = {},
) {
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
    triage: extra.triage,
    clusterSize: extra.clusterSize,
    unit: r.unit_code,
    touchpoint: r.touchpoint_code,
  };
}

/** The call-back phone a respondent left (`context.contact.phone`, written by responses/contact.ts). */
function contactPhoneOf(context: Record<string, unknown> | null): { display: string; sealed: string } | null {
  const phone = (context?.contact as { phone?: { display?: unknown; sealed?: unknown } } | undefined)?.phone;
  return typeof phone?.display === 'string' && typeof phone.sealed === 'string'
    ? { display: phone.display, sealed: phone.sealed }
    : null;
}

/** Rules whose condition reads `{sentiment}`, `{topics}`, `{triage}` or `{clusterSize}` wait for the response's text analysis. */
export const readsText = (expression: string) => /\{\s*(sentiment|topics|triage|clusterSize)\s*\}/i.test(expression);

/**
 * Runs every enabled response rule of the tenant against the given responses. Idempotent: an alert is unique
 * per (rule, response), so a re-run after a crash neither alerts nor tickets twice. Returns created ticket ids.
 * Phase `commit` (the default, run when responses commit) skips rules that read text analysis; phase `text` (run
 * by the text-analysis job once the response's texts are analysed) runs exactly those, with `{sentiment}` and
 * `{topics}` filled in.
 */
export async function evaluateResponseRules(
  ctx: AppContext,
  tenantId: string,
  responseIds: string[],
  opts: { phase?: 'commit' | 'text' } = {},
): Promise<string[]> {
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
               r.touchpoint_id, tp.code AS touchpoint_code, r.customer_ref, r.customer_id, r.answers, r.scores, r.context,
               v.definition, tn.default_locale AS tenant_locale, tn.timezone AS tenant_zone
        FROM responses r
        JOIN surveys s ON s.tenant_id = r.tenant_id AND s.id = r.survey_id
        JOIN survey_versions v ON v.tenant_id = r.tenant_id AND v.id = r.survey_version_id
        JOIN tenants tn ON tn.id = r.tenant_id
        LEFT JOIN org_units o ON o.tenant_id = r.tenant_id AND o.id = r.org_unit_id
        LEFT JOIN touchpoints tp ON tp.tenant_id = r.tenant_id AND tp.id = r.touchpoint_id
        WHERE r.tenant_id = ${tenantId} AND r.id IN (${sql.join(
          responseIds.map((id) => sql`${id}`),
          sql`, `,
        )})
          -- Historical imports (channel 'import', domains/imports) open no alerts: their moment has passed.
          AND r.channel <> 'import'`,
  );
  const matches: Array<{ resp: ResponseRow; rule: RuleRow; vars: ReturnType<typeof responseVariables> }> = [];
  const text = phase === 'text' ? await textVariables(ctx.db, tenantId, responseIds) : undefined;
  for (const resp of responses) {
    const vars = responseVariables(resp, text?.get(resp.id) ?? {});
    for (const rule of phaseRules) {
      if (rule.scope.orgUnitId && !pathWithin(resp.org_path, rule.scope_path)) continue;
      if (rule.scope.surveyIds?.length && !rule.scope.surveyIds.includes(resp.survey_id)) continue;
      if (
        rule.scope.touchpointIds?.length &&
        !(resp.touchpoint_id && rule.scope.touchpointIds.includes(resp.touchpoint_id))
      )
        continue;
      if (evaluateCondition(rule.condition.expression, vars)) matches.push({ resp, rule, vars });
    }
  }
  if (matches.length === 0) return [];
  // One transaction for the whole job with a fixed number of statements (alerts, tickets, history,
  // notifications), so the ticket counter row is locked briefly however many detractors arrived together.
  // A crash rolls the job back whole and the retry redoes it: alerts are unique per (rule, response).
  let notified: NotifyResult[] = [];
  await ctx.db.transaction(async (tx) => {
    const alertRows = matches.map((m) => ({
      id: randomUUID(),
      rule: m.rule.id,
      key: m.resp.id,
      unit: m.resp.org_unit_id,
      data: { scores: m.resp.scores },
    }));
    const fresh = new Set(
      (
        await rows<{ id: string }>(
          tx,
          sql`INSERT INTO alerts (tenant_id, id, rule_id, source, source_key, org_unit_id, data)
              SELECT ${tenantId}, x.id, x.rule, 'response', x.key, x.unit, x.data
              FROM jsonb_to_recordset(${JSON.stringify(alertRows)}::jsonb) AS x(id uuid, rule uuid, key text, unit uuid, data jsonb)
              ON CONFLICT (tenant_id, rule_id, source_key) DO NOTHING RETURNING id`,
        )
      ).map((r) => r.id),
    );
    const todo = matches.map((m, i) => ({ ...m, alertId: alertRows[i].id })).filter((m) => fresh.has(m.alertId)); // others: an earlier run
    if (todo.length === 0) return;
    const withTicket = todo.filter((m) => m.rule.actions.ticket && m.resp.org_unit_id);
    const opened = await openTickets(
      tx,
      ctx.clock,
      tenantId,
      withTicket.map(({ resp, rule, vars }) => {
        const scoreText = Object.entries(resp.scores ?? {})
          .filter(([k]) => !k.includes(':'))
          .map(([k, v]) => `${k.toUpperCase()} ${v}`)
          .join(', ');
        return {
          tenantId,
          source: 'response' as const,
          title: `${rule.name}: ${resp.unit_name ?? ''} ${scoreText}`.trim().slice(0, 300),
          description: vars.comment || null,
          priority: rule.actions.ticket!.priority,
          orgUnitId: resp.org_unit_id!,
          touchpointId: resp.touchpoint_id,
          assign: rule.actions.ticket!.assign,
          responseId: resp.id,
          surveyId: resp.survey_id,
          customerRef: resp.customer_ref,
          ruleId: rule.id,
          scores: resp.scores ?? null,
          contactPhone: contactPhoneOf(resp.context),
        };
      }),
    );
    const ticketOf = new Map<string, { id: string; assigneeId: string | null }>();
    withTicket.forEach((m, i) => {
      const t = opened[i];
      ticketOf.set(m.alertId, t);
      if (!t.existing) created.push({ id: t.id, orgPath: m.resp.org_path, responseId: m.resp.id });
    });
    if (withTicket.length) {
      const links = withTicket.map((m, i) => ({ a: m.alertId, t: opened[i].id }));
      await tx.execute(
        sql`UPDATE alerts a SET ticket_id = x.t FROM jsonb_to_recordset(${JSON.stringify(links)}::jsonb) AS x(a uuid, t uuid)
            WHERE a.tenant_id = ${tenantId} AND a.id = x.a`,
      );
      const attached = withTicket.flatMap((m, i) =>
        opened[i].existing ? [{ t: opened[i].id, d: { responseId: m.resp.id, ruleId: m.rule.id } }] : [],
      );
      if (attached.length) {
        await tx.execute(
          sql`INSERT INTO ticket_events (tenant_id, ticket_id, kind, data, at)
              SELECT ${tenantId}, x.t, 'alert_attached', x.d, ${ctx.clock.now().toISOString()} FROM jsonb_to_recordset(${JSON.stringify(attached)}::jsonb) AS x(t uuid, d jsonb)`,
        );
      }
    }
    const notifying = todo.filter((m) => m.rule.actions.notify);
    if (notifying.length) notified = await notifyAlerts(tx, ctx, tenantId, notifying, ticketOf);
  });
  // After commit: open inboxes see the new tickets at once.
  for (const t of created)
    ctx.bus.publish({
      tenantId,
      type: 'tickets.created',
      orgPath: t.orgPath ?? undefined,
      data: { id: t.id, responseId: t.responseId },
    });
  announce(ctx, notified);
  return created.map((t) => t.id);
}

/**
 * The notifications of new alerts, in the alerting transaction: the ticket's assignee and the unit's manager through
 * `notify` (kind `alert.response`: the bell, and email/web push per their preferences, in their language, plus the
 * unit's group robots), the rule's own email addresses (in the tenant's language) and webhook through `notifyMany`.
 * Emails are HTML (alert-email.ts) with the score, the comment, the ticket link and the customer's recent history.
 */
async function notifyAlerts(
  tx: Executor,
  ctx: AppContext,
  tenantId: string,
  notifying: Array<{ resp: ResponseRow; rule: RuleRow; vars: ReturnType<typeof responseVariables>; alertId: string }>,
  ticketOf: Map<string, { id: string; assigneeId: string | null }>,
): Promise<NotifyResult[]> {
  const managers = await unitManagers(tx, tenantId, [
    ...new Set(notifying.map((m) => m.resp.org_unit_id).filter((x): x is string => !!x)),
  ]);
  const history = await customerHistory(
    tx,
    tenantId,
    notifying.map((m) => ({ responseId: m.resp.id, customerId: m.resp.customer_id, customerRef: m.resp.customer_ref })),
  );
  const ticketIds = [...new Set([...ticketOf.values()].map((t) => t.id))];
  const numbers = new Map(
    ticketIds.length
      ? (
          await rows<{ id: string; number: string }>(
            tx,
            sql`SELECT id, number::text AS number FROM tickets WHERE tenant_id = ${tenantId} AND id IN (${sql.join(
              ticketIds.map((id) => sql`${id}`),
              sql`, `,
            )})`,
          )
        ).map((t) => [t.id, t.number])
      : [],
  );
  const emailsOf = (m: (typeof notifying)[number]) => {
    const ticket = ticketOf.get(m.alertId);
    const zone = m.resp.tenant_zone || 'Asia/Shanghai';
    const render = (lang: TUiLang) =>
      renderAlertEmail({
        lang,
        ruleName: m.rule.name,
        response: m.resp,
        comment: m.vars.comment,
        ticket: ticket
          ? { number: numbers.get(ticket.id) ?? null, url: consoleUrl(ctx.config.publicUrl, `/tickets/${ticket.id}`) }
          : null,
        history: history.get(m.resp.id) ?? { responses: [], tickets: [] },
        when: (iso) =>
          new Intl.DateTimeFormat(lang, { timeZone: zone, dateStyle: 'medium', timeStyle: 'short' }).format(
            new Date(iso),
          ),
      });
    return { 'zh-CN': render('zh-CN'), en: render('en') };
  };
  const rendered = notifying.map(emailsOf);
  await notifyMany(
    tx,
    ctx,
    notifying.map(({ resp, rule, alertId }, i) => {
      const n = rule.actions.notify!;
      const ticket = ticketOf.get(alertId);
      const mail = rendered[i][tenantLang(resp.tenant_locale)];
      return {
        tenantId,
        subject: mail.subject,
        body: mail.text,
        html: mail.html,
        data: { ruleId: rule.id, responseId: resp.id, ticketId: ticket?.id ?? null },
        emails: n.emails,
        webhookId: n.webhookId,
      };
    }),
  );
  return notify(
    tx,
    ctx,
    notifying.map(({ resp, rule, alertId }, i) => {
      const ticket = ticketOf.get(alertId);
      const manager = resp.org_unit_id ? (managers.get(resp.org_unit_id) ?? null) : null;
      const inApp = rule.actions.notify!.inApp !== false;
      return {
        tenantId,
        kind: 'alert.response' as const,
        userIds: inApp ? [ticket?.assigneeId ?? null, manager].filter((x): x is string => !!x) : [],
        unitId: resp.org_unit_id,
        title: `${rule.name} — ${resp.unit_name ?? ''}`,
        body: alertBody(resp, tenantLang(resp.tenant_locale)),
        link: ticket ? `/tickets/${ticket.id}` : null,
        data: { ruleId: rule.id, responseId: resp.id, ticketId: ticket?.id ?? null },
        email: rendered[i],
      };
    }),
  );
}
