import { randomUUID } from 'node:crypto';
import { addDays, compute, dayIn, emptyHistogram, type Histogram, significantDifference } from '@loopcx/shared';
import type { AppContext } from '../../../platform/context.ts';
import { one, rows, sql } from '../../../platform/db.ts';
import { isScoreMetric, resolveMetric } from '../../metrics/query.ts';
import { announce, type NotifyResult, notify as notifyPeople } from '../../notifications/commands/notify.ts';
import { pathUnder } from '../../org/scope.ts';
import { tenantTimeZone } from '../../tenancy/queries/tenant-time-zone.ts';
import { createTicket } from '../../tickets/commands/create-ticket.ts';
import { unitManagers } from '../../tickets/commands/open-tickets.ts';
import { unitInSubtreeOf } from '../scope.ts';
import { formulaEvaluations } from './evaluate-formula-rule.ts';
import { notify } from './notify.ts';

interface MetricRule {
  id: string;
  tenant_id: string;
  name: string;
  scope: { orgUnitId?: string; surveyIds?: string[]; touchpointIds?: string[] };
  condition: {
    metric: string;
    windowDays: number;
    op?: '<' | '<=' | '>' | '>=';
    threshold?: number;
    anomaly?: boolean;
    minN: number;
    unitKind: string;
  };
  actions: {
    ticket?: { priority: 'low' | 'normal' | 'high' | 'urgent'; assign: 'unit_manager' | 'round_robin' } | null;
    notify?: { inApp?: boolean; emails?: string[]; webhookId?: string };
  };
}

const H = Array.from({ length: 11 }, (_, i) => `h${i}`);

/**
 * Metric rules, run every minute by workers: for every unit of the rule's kind in its scope, the metric over the
 * window either breaks the threshold (with n ≥ min n), or — anomaly rules — is significantly below the trailing
 * 28 days before the window (n-aware, so small stores do not spam). One alert per rule, unit and day.
 * `tenantId` limits a run to one tenant's rules.
 */
export async function evaluateMetricRules(ctx: AppContext, opts: { tenantId?: string } = {}): Promise<number> {
  const rules = await rows<MetricRule>(
    ctx.db,
    sql`SELECT id, tenant_id, name, scope, condition, actions FROM alert_rules
        WHERE kind = 'metric' AND enabled ${opts.tenantId ? sql`AND tenant_id = ${opts.tenantId}` : sql``}`,
  );
  let fired = 0;
  const now = ctx.clock.now();
  // Windows are the tenant's days: at 02:00 in Shanghai "today" is already the Shanghai day, not the UTC one.
  const zones = new Map<string, string>();
  for (const rule of rules) {
    const tz = zones.get(rule.tenant_id) ?? (await tenantTimeZone(ctx.db, rule.tenant_id));
    zones.set(rule.tenant_id, tz);
    const today = dayIn(tz, now);
    const tomorrow = addDays(today, 1);
    const c = rule.condition;
    // Formula metrics (cpo…) and the audit indicators are evaluated per unit through the metrics engine; survey
    // metrics from rollups here.
    const formula = !isScoreMetric(c.metric);
    const { kind, binding } = formula ? { kind: 'count' as const, binding: '' } : resolveMetric(c.metric);
    const scopeUnit = rule.scope.orgUnitId
      ? await one<{ path: string }>(
          ctx.db,
          sql`SELECT path FROM org_units WHERE tenant_id = ${rule.tenant_id} AND id = ${rule.scope.orgUnitId}`,
        )
      : await one<{ path: string }>(
          ctx.db,
          sql`SELECT path FROM org_units WHERE tenant_id = ${rule.tenant_id} AND parent_id IS NULL ORDER BY created_at LIMIT 1`,
        );
    if (!scopeUnit) continue;
    const windowStart = addDays(today, -(c.windowDays - 1));
    const trailingStart = addDays(windowStart, -28);
    const filters = sql.join(
      [
        sql`r.tenant_id = ${rule.tenant_id}`,
        sql`r.binding = ${binding}`,
        ...(rule.scope.surveyIds?.length
          ? [
              sql`r.survey_id IN (${sql.join(
                rule.scope.surveyIds.map((s) => sql`${s}`),
                sql`, `,
              )})`,
            ]
          : []),
        ...(rule.scope.touchpointIds?.length
          ? [
              sql`r.touchpoint_id IN (${sql.join(
                rule.scope.touchpointIds.map((s) => sql`${s}`),
                sql`, `,
              )})`,
            ]
          : []),
      ],
      sql` AND `,
    );
    const perUnit = formula
      ? []
      : await rows<Record<string, unknown>>(
          ctx.db,
          sql`SELECT u.id AS unit_id, u.path, (r.day >= ${windowStart}) AS in_window,
                 sum(r.n)::float8 AS n, sum(r.sum)::float8 AS sum, sum(r.sumsq)::float8 AS sumsq, ${sql.raw(H.map((h) => `sum(r.${h})::float8 AS ${h}`).join(', '))}
          FROM org_units u
          JOIN org_units o ON o.tenant_id = u.tenant_id AND ${unitInSubtreeOf('o', 'u')}
          JOIN score_rollups r ON r.tenant_id = o.tenant_id AND r.org_unit_id = o.id
          WHERE u.tenant_id = ${rule.tenant_id} AND u.kind = ${c.unitKind} AND u.status = 'active' AND ${pathUnder('u', scopeUnit.path)}
            AND r.day >= ${trailingStart} AND r.day < ${tomorrow} AND ${filters}
          GROUP BY 1, 2, 3`,
        );
    const units = new Map<string, { path: string; window: Histogram; trailing: Histogram }>();
    for (const r of perUnit) {
      const id = String(r.unit_id);
      const entry = units.get(id) ?? { path: String(r.path), window: emptyHistogram(), trailing: emptyHistogram() };
      const hist = { n: Number(r.n), sum: Number(r.sum), sumsq: Number(r.sumsq), h: H.map((h) => Number(r[h])) };
      if (r.in_window) entry.window = hist;
      else entry.trailing = hist;
      units.set(id, entry);
    }
    const evaluations = formula
      ? await formulaEvaluations(ctx, rule.tenant_id, c, scopeUnit.path, { windowStart, trailingStart, tomorrow })
      : [...units].map(([unitId, u]) => ({
          unitId,
          path: u.path,
          lowerIsBetter: false,
          w: compute(kind, u.window, { minN: c.minN }),
          tr: () => compute(kind, u.trailing, { minN: c.minN }),
        }));
    for (const { unitId, path, w, tr: trailing, lowerIsBetter } of evaluations) {
      const u = { path };
      if (w.suppressed || w.value === null) continue;
      let breach = false;
      let reason = '';
      if (c.anomaly) {
        const tr = await trailing();
        breach =
          !tr.suppressed &&
          tr.value !== null &&
          (lowerIsBetter ? w.value > tr.value : w.value < tr.value) &&
          significantDifference(w, tr);
        reason = `${c.metric.toUpperCase()} ${w.value.toFixed(1)} vs ${tr.value?.toFixed(1)} (trailing 28 days), n=${w.n}`;
      } else if (c.op && c.threshold !== undefined) {
        const v = w.value;
        breach =
          c.op === '<'
            ? v < c.threshold
            : c.op === '<='
              ? v <= c.threshold
              : c.op === '>'
                ? v > c.threshold
                : v >= c.threshold;
        reason = `${c.metric.toUpperCase()} ${v.toFixed(1)} ${c.op} ${c.threshold} over ${c.windowDays} days, n=${w.n}`;
      }
      if (!breach) continue;
      let notified: NotifyResult[] = [];
      const created = await ctx.db.transaction(async (tx) => {
        const alertId = randomUUID();
        const inserted = await one(
          tx,
          sql`INSERT INTO alerts (tenant_id, id, rule_id, source, source_key, org_unit_id, data)
              VALUES (${rule.tenant_id}, ${alertId}, ${rule.id}, 'metric', ${`${unitId}:${today}`}, ${unitId}, ${JSON.stringify({ value: w.value, n: w.n, reason })}::jsonb)
              ON CONFLICT (tenant_id, rule_id, source_key) DO NOTHING RETURNING id`,
        );
        if (!inserted) return null;
        let ticketId: string | null = null;
        let assigneeId: string | null = null;
        if (rule.actions.ticket) {
          const t = await createTicket(tx, ctx.clock, {
            tenantId: rule.tenant_id,
            source: 'metric',
            title: `${rule.name}: ${reason}`.slice(0, 300),
            priority: rule.actions.ticket.priority,
            orgUnitId: unitId,
            assign: rule.actions.ticket.assign,
            ruleId: rule.id,
          });
          ticketId = t.id;
          assigneeId = 'assigneeId' in t ? (t.assigneeId ?? null) : null;
          await tx.execute(
            sql`UPDATE alerts SET ticket_id = ${t.id} WHERE tenant_id = ${rule.tenant_id} AND id = ${alertId}`,
          );
        }
        if (rule.actions.notify) {
          // The rule's own addresses and webhook as before; people (the ticket's assignee and the unit's manager)
          // through the notification centre: their preferences, push, the unit's robots and the live bell.
          await notify(tx, ctx, {
            tenantId: rule.tenant_id,
            subject: rule.name,
            body: reason,
            data: { ruleId: rule.id, orgUnitId: unitId, ticketId },
            emails: rule.actions.notify.emails,
            webhookId: rule.actions.notify.webhookId,
          });
          const manager = (await unitManagers(tx, rule.tenant_id, [unitId])).get(unitId) ?? null;
          notified = await notifyPeople(tx, ctx, {
            tenantId: rule.tenant_id,
            kind: 'alert.metric',
            userIds: rule.actions.notify.inApp === false ? [] : [assigneeId, manager].filter((x): x is string => !!x),
            unitId,
            title: rule.name,
            body: reason,
            link: ticketId ? `/tickets/${ticketId}` : null,
            data: { ruleId: rule.id, orgUnitId: unitId, ticketId },
          });
        }
        return ticketId;
      });
      announce(ctx, notified);
      if (created !== null) {
        fired++;
        if (created)
          ctx.bus.publish({
            tenantId: rule.tenant_id,
            type: 'tickets.created',
            orgPath: u.path,
            data: { id: created },
          });
      }
    }
  }
  return fired;
}
