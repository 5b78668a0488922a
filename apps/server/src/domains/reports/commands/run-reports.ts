import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { dayIn, lastCompletedPeriod, parseReportPeriod, type TReportEvery } from '@loopcx/shared';
import type { Actor } from '../../../platform/auth.ts';
import type { AppContext } from '../../../platform/context.ts';
import { one, rows, sql } from '../../../platform/db.ts';
import { storeFile } from '../../../platform/file-store.ts';
import { enqueue, wakeWorkers } from '../../../platform/jobs.ts';
import { safeErrorMessage } from '../../../platform/log-safety.ts';
import { announce, type NotifyResult, notify } from '../../notifications/commands/notify.ts';
import { pathUnder } from '../../org/scope.ts';
import { deliverReportJob } from '../jobs.ts';
import { buildReport } from '../queries/build-report.ts';
import { renderReportHtml } from '../render/html.ts';
import { renderReportPdf } from '../render/pdf.ts';
import type { ReportLocale } from '../strings.ts';

/** This process as a lease holder. */
const NODE = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
/** A render takes seconds; a run whose node died is taken over after this. */
const LEASE_SECONDS = 300;
/** Attempts before a run stays failed (its error shown in the history). */
const MAX_ATTEMPTS = 5;

interface RunRow {
  id: string;
  tenant_id: string;
  schedule_id: string;
  name: string;
  period: string;
  attempts: number;
  org_unit_id: string;
  recipient_user_ids: string[];
  recipient_emails: string[];
  locale: ReportLocale;
  created_by: string;
}

/**
 * The scheduler's tick (`platform/scheduled-tasks.ts`, one run per tick cluster-wide): (1) for every enabled schedule,
 * the report of its last complete period (tenant-local days) is planned as a `report_runs` row — the unique key
 * (schedule, period) makes a second tick, a second node or a retry find it planned and add nothing; (2) every planned
 * run whose lease is free is rendered under its lease and its mails queued. `tenantIds` limits it (shared test DBs).
 */
export async function runDueReports(ctx: AppContext, opts: { tenantIds?: string[] } = {}): Promise<number> {
  const filter = opts.tenantIds ? sql`AND s.tenant_id = ANY(${`{${opts.tenantIds.join(',')}}`}::uuid[])` : sql``;
  const now = ctx.clock.now();
  // Set-based: one INSERT per (frequency, time zone) — a tick costs a handful of statements however many schedules.
  const groups = await rows<{ every: TReportEvery; timezone: string }>(
    ctx.db,
    sql`SELECT DISTINCT s.every, t.timezone FROM report_schedules s JOIN tenants t ON t.id = s.tenant_id
        WHERE s.enabled ${filter}`,
  );
  for (const g of groups) {
    const period = lastCompletedPeriod(g.every, dayIn(g.timezone, now));
    await ctx.db.execute(
      sql`INSERT INTO report_runs (tenant_id, id, schedule_id, period)
          SELECT s.tenant_id, gen_random_uuid(), s.id, ${period} FROM report_schedules s JOIN tenants t ON t.id = s.tenant_id
          WHERE s.enabled AND s.every = ${g.every} AND t.timezone = ${g.timezone} ${filter}
            AND NOT EXISTS (SELECT 1 FROM report_runs r WHERE r.tenant_id = s.tenant_id AND r.schedule_id = s.id AND r.period = ${period})
          ON CONFLICT (tenant_id, schedule_id, period) DO NOTHING`,
    );
  }
  const open = await rows<{ tenant_id: string; id: string }>(
    ctx.db,
    sql`SELECT r.tenant_id, r.id FROM report_runs r JOIN report_schedules s ON s.tenant_id = r.tenant_id AND s.id = r.schedule_id
        WHERE r.status = 'rendering' AND r.attempts < ${MAX_ATTEMPTS} AND (r.lease_until IS NULL OR r.lease_until < now()) ${filter}
        ORDER BY r.started_at LIMIT 20`,
  );
  let sent = 0;
  for (const r of open) if (await runReport(ctx, r.tenant_id, r.id)) sent++;
  if (sent) wakeWorkers(ctx);
  return sent;
}

/**
 * Renders one planned run if this process takes its lease: the report read as the schedule's creator (their scope
 * today; a creator who left or lost the unit fails the run), one PDF and one email per locale among the recipients,
 * the PDFs into the file store, then — in one transaction that also ends the lease — the deliveries and their
 * outbox jobs, and `report.ready` to the recipient users (the bell and web push, linking the printable page; no
 * second email: the report mail is the email). A failure records the error and leaves the run for the next tick (up to MAX_ATTEMPTS).
 */
export async function runReport(ctx: AppContext, tenantId: string, runId: string): Promise<boolean> {
  const run = await one<RunRow>(
    ctx.db,
    sql`UPDATE report_runs r SET lease_owner = ${NODE}, lease_until = now() + make_interval(secs => ${LEASE_SECONDS}),
          attempts = r.attempts + 1
        FROM report_schedules s
        WHERE r.tenant_id = ${tenantId} AND r.id = ${runId} AND r.status = 'rendering'
          AND s.tenant_id = r.tenant_id AND s.id = r.schedule_id
          AND (r.lease_until IS NULL OR r.lease_until < now() OR r.lease_owner = ${NODE})
        RETURNING r.id, r.tenant_id, r.schedule_id, s.name, r.period, r.attempts, s.org_unit_id, s.recipient_user_ids,
          s.recipient_emails, s.locale, s.created_by`,
  );
  if (!run) return false;
  try {
    const actor = await creatorActor(ctx, run);
    const { recipients, users } = await resolveRecipients(ctx, actor, run);
    const period = parseReportPeriod(run.period)!;
    const now = ctx.clock.now();
    const locales = [...new Set(recipients.map((r) => r.locale))];
    const files: Record<string, string> = {};
    const mail: Record<string, { subject: string; html: string; text: string }> = {};
    for (const locale of locales.length ? locales : [run.locale]) {
      const model = await buildReport(ctx.db, actor, { orgUnitId: run.org_unit_id, period, locale, now });
      const pdf = await renderReportPdf(model);
      const local = join(tmpdir(), `loopcx-report-${run.id}-${locale}.pdf`);
      await writeFile(local, pdf);
      files[locale] = await storeFile(ctx, tenantId, `report-${run.id}-${locale}.pdf`, local);
      mail[locale] = renderReportHtml(model, ctx.config.publicUrl);
    }
    let notified: NotifyResult[] = [];
    await ctx.db.transaction(async (tx) => {
      const held = await rows(
        tx,
        sql`UPDATE report_runs SET status = 'sent', files = ${JSON.stringify(files)}::jsonb, mail = ${JSON.stringify(mail)}::jsonb,
              recipients = ${recipients.length}, error = NULL, lease_owner = NULL, lease_until = NULL, finished_at = now()
            WHERE tenant_id = ${tenantId} AND id = ${run.id} AND lease_owner = ${NODE} AND status = 'rendering' RETURNING id`,
      );
      if (held.length === 0) return;
      for (const r of recipients)
        await tx.execute(
          sql`INSERT INTO report_deliveries (tenant_id, run_id, recipient, locale) VALUES (${tenantId}, ${run.id}, ${r.email}, ${r.locale})
              ON CONFLICT DO NOTHING`,
        );
      await enqueue(
        tx,
        deliverReportJob,
        recipients.map((r) => ({ runId: run.id, recipient: r.email })),
        { tenantId },
      );
      const byLocale = new Map<ReportLocale, string[]>();
      for (const u of users) byLocale.set(u.locale, [...(byLocale.get(u.locale) ?? []), u.id]);
      notified = await notify(
        tx,
        ctx,
        [...byLocale].map(([locale, userIds], i) => ({
          tenantId,
          kind: 'report.ready' as const,
          userIds,
          unitId: i === 0 ? run.org_unit_id : null,
          title: mail[locale]?.subject ?? run.name,
          body:
            locale === 'en'
              ? `“${run.name}” is ready: open it to read or print it (the PDF was emailed).`
              : `「${run.name}」已生成：打开即可阅读或打印（PDF 已发送至邮箱）。`,
          link: `/reports/${run.org_unit_id}/${run.period}`,
          data: { scheduleId: run.schedule_id, runId: run.id, period: run.period },
        })),
      );
    });
    announce(ctx, notified);
    return true;
  } catch (err) {
    await ctx.db.execute(
      sql`UPDATE report_runs SET status = CASE WHEN attempts >= ${MAX_ATTEMPTS} THEN 'failed' ELSE status END,
            error = ${safeErrorMessage(err).slice(0, 1000)}, lease_owner = NULL, lease_until = NULL,
            finished_at = CASE WHEN attempts >= ${MAX_ATTEMPTS} THEN now() END
          WHERE tenant_id = ${tenantId} AND id = ${run.id} AND lease_owner = ${NODE}`,
    );
    return false;
  }
}

/** The schedule's creator as the report's reader: their role and unit today (an inactive creator fails the run). */
async function creatorActor(ctx: AppContext, run: RunRow): Promise<Actor> {
  const u = await one<{ id: string; role: Actor['role']; org_unit_id: string; path: string; locale: string }>(
    ctx.db,
    sql`SELECT u.id, u.role, u.org_unit_id, o.path, u.locale FROM users u
        JOIN org_units o ON o.tenant_id = u.tenant_id AND o.id = u.org_unit_id
        WHERE u.tenant_id = ${run.tenant_id} AND u.id = ${run.created_by} AND u.status = 'active'`,
  );
  if (!u) throw new Error('the schedule’s creator is no longer an active user');
  return {
    tenantId: run.tenant_id,
    kind: 'user',
    id: u.id,
    role: u.role,
    orgUnitId: u.org_unit_id,
    orgPath: u.path,
    locale: u.locale,
  };
}

/**
 * Recipient users still active and inside the creator's scope (each in their locale), then the plain addresses;
 * and those users (for `report.ready`).
 */
async function resolveRecipients(ctx: AppContext, actor: Actor, run: RunRow) {
  const users = await rows<{ id: string; email: string; locale: string }>(
    ctx.db,
    sql`SELECT u.id, lower(u.email) AS email, u.locale FROM users u JOIN org_units o ON o.tenant_id = u.tenant_id AND o.id = u.org_unit_id
        WHERE u.tenant_id = ${run.tenant_id} AND u.status = 'active' AND ${pathUnder('o', actor.orgPath)}
          AND u.id = ANY(${`{${run.recipient_user_ids.join(',')}}`}::uuid[])`,
  );
  const out = new Map<string, ReportLocale>();
  for (const u of users) out.set(u.email, u.locale === 'en' ? 'en' : 'zh-CN');
  for (const e of run.recipient_emails) if (!out.has(e)) out.set(e, run.locale);
  return {
    recipients: [...out].map(([email, locale]) => ({ email, locale })),
    users: users.map((u) => ({ id: u.id, locale: (u.locale === 'en' ? 'en' : 'zh-CN') as ReportLocale })),
  };
}
