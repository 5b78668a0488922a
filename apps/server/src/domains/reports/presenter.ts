import type { TReportRunResponse, TReportScheduleResponse } from '@loopcx/shared';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

export interface ReportRunRow {
  id: string;
  schedule_id: string;
  period: string;
  status: TReportRunResponse['status'];
  files: Record<string, string>;
  recipients: number;
  delivered: number;
  attempts: number;
  error: string | null;
  started_at: Date | string;
  finished_at: Date | string | null;
}

export const RUN_COLUMNS = `r.id, r.schedule_id, r.period, r.status, r.files, r.recipients, r.attempts, r.error, r.started_at,
  r.finished_at, (SELECT count(*)::int FROM report_deliveries d WHERE d.tenant_id = r.tenant_id AND d.run_id = r.id
  AND d.sent_at IS NOT NULL) AS delivered`;

export function presentRun(r: ReportRunRow): TReportRunResponse {
  return {
    id: r.id,
    scheduleId: r.schedule_id,
    period: r.period,
    status: r.status,
    locales: Object.keys(r.files ?? {}).filter((l): l is 'zh-CN' | 'en' => l === 'zh-CN' || l === 'en'),
    recipients: r.recipients,
    delivered: r.delivered,
    attempts: r.attempts,
    error: r.error,
    startedAt: iso(r.started_at)!,
    finishedAt: iso(r.finished_at),
  };
}

export interface ReportScheduleRow {
  id: string;
  name: string;
  org_unit_id: string;
  unit_name: string;
  every: TReportScheduleResponse['every'];
  recipient_users: Array<{ id: string; name: string; email: string }> | null;
  recipient_emails: string[];
  locale: TReportScheduleResponse['locale'];
  enabled: boolean;
  created_by: string;
  created_at: Date | string;
  updated_at: Date | string;
  last_run:
    | (Omit<ReportRunRow, 'started_at' | 'finished_at'> & { started_at: string; finished_at: string | null })
    | null;
}

export const SCHEDULE_COLUMNS = `s.id, s.name, s.org_unit_id, o.name AS unit_name, s.every, s.recipient_emails, s.locale,
  s.enabled, s.created_by, s.created_at, s.updated_at,
  (SELECT coalesce(jsonb_agg(jsonb_build_object('id', u.id, 'name', u.name, 'email', u.email) ORDER BY u.name), '[]')
     FROM users u WHERE u.tenant_id = s.tenant_id AND u.id = ANY(s.recipient_user_ids)) AS recipient_users,
  (SELECT to_jsonb(x) FROM (SELECT ${RUN_COLUMNS} FROM report_runs r WHERE r.tenant_id = s.tenant_id
     AND r.schedule_id = s.id ORDER BY r.period DESC LIMIT 1) x) AS last_run`;

export function presentSchedule(s: ReportScheduleRow): TReportScheduleResponse {
  return {
    id: s.id,
    name: s.name,
    orgUnit: { id: s.org_unit_id, name: s.unit_name },
    every: s.every,
    recipientUsers: s.recipient_users ?? [],
    recipientEmails: s.recipient_emails,
    locale: s.locale,
    enabled: s.enabled,
    createdAt: iso(s.created_at)!,
    updatedAt: iso(s.updated_at)!,
    lastRun: s.last_run ? presentRun(s.last_run) : null,
  };
}
