import { z } from 'zod';
import { REPORT_EVERY } from '../report-period.ts';

/** Response contracts of the reports routes (scheduled manager reports, issue 19). */

export const REPORT_LOCALES = ['zh-CN', 'en'] as const;
export const REPORT_RUN_STATUSES = ['rendering', 'sent', 'failed'] as const;

/** One key metric of the report: this period, the previous one, whether the change is significant (95 %). */
export const ZReportMetric = z.object({
  key: z.string(),
  label: z.string(),
  value: z.number().nullable(),
  n: z.number().int(),
  previous: z.number().nullable(),
  change: z.number().nullable(),
  significant: z.boolean(),
  suppressed: z.boolean(),
  /** From a target provider (the targets capability), null when none is set for the unit and period. */
  target: z.number().nullable(),
  /** The value per sub-period (days of a week, weeks of a month or quarter), for the sparkline. */
  trend: z.array(z.object({ key: z.string(), value: z.number().nullable(), n: z.number().int() })),
});

/** A child unit whose metric moved significantly. */
export const ZReportMover = z.object({
  orgUnitId: z.string(),
  name: z.string(),
  metric: z.string(),
  metricLabel: z.string(),
  value: z.number().nullable(),
  previous: z.number().nullable(),
  change: z.number(),
  n: z.number().int(),
  significant: z.boolean(),
});

export const ZReportTopic = z.object({
  topicId: z.string(),
  name: z.string(),
  n: z.number().int(),
  negative: z.number().int(),
  negativeShare: z.number().nullable(),
  change: z.number().nullable(),
  verbatims: z.array(z.object({ text: z.string(), unit: z.string().nullable(), at: z.string() })),
});

export const ZReportTicket = z.object({
  id: z.string(),
  number: z.number().int(),
  title: z.string(),
  unit: z.string().nullable(),
  priority: z.string(),
  dueAt: z.string().nullable(),
  hoursOverdue: z.number(),
});

/** A section another capability contributes (overdue department tasks, …): a titled table of text cells. */
export const ZReportSection = z.object({
  key: z.string(),
  title: z.string(),
  columns: z.array(z.string()),
  rows: z.array(z.array(z.string())),
  total: z.number().int(),
  link: z.string().nullable(),
});

/** GET /reports/view: everything the printable page, the PDF and the email show. */
export const ZReportModel = z.object({
  locale: z.enum(REPORT_LOCALES),
  generatedAt: z.string(),
  orgUnit: z.object({ id: z.string(), code: z.string(), name: z.string() }),
  period: z.object({
    key: z.string(),
    kind: z.enum(REPORT_EVERY),
    from: z.string(),
    to: z.string(),
    previousKey: z.string(),
  }),
  metrics: z.array(ZReportMetric),
  movers: z.array(ZReportMover),
  topics: z.array(ZReportTopic),
  overdueTickets: z.object({ total: z.number().int(), items: z.array(ZReportTicket) }),
  sections: z.array(ZReportSection),
});
export type TReportModel = z.infer<typeof ZReportModel>;
export type TReportMetric = z.infer<typeof ZReportMetric>;
export type TReportSection = z.infer<typeof ZReportSection>;

export const ZReportRunResponse = z.object({
  id: z.string(),
  scheduleId: z.string(),
  period: z.string(),
  status: z.enum(REPORT_RUN_STATUSES),
  /** Locales whose PDF is stored (download with GET /reports/runs/:id/pdf?locale=). */
  locales: z.array(z.enum(REPORT_LOCALES)),
  recipients: z.number().int(),
  delivered: z.number().int(),
  attempts: z.number().int(),
  error: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type TReportRunResponse = z.infer<typeof ZReportRunResponse>;

export const ZReportScheduleResponse = z.object({
  id: z.string(),
  name: z.string(),
  orgUnit: z.object({ id: z.string(), name: z.string() }),
  every: z.enum(REPORT_EVERY),
  recipientUsers: z.array(z.object({ id: z.string(), name: z.string(), email: z.string() })),
  recipientEmails: z.array(z.string()),
  locale: z.enum(REPORT_LOCALES),
  enabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastRun: ZReportRunResponse.nullable(),
});
export type TReportScheduleResponse = z.infer<typeof ZReportScheduleResponse>;

export const ZReportScheduleListResponse = z.object({ items: z.array(ZReportScheduleResponse) });
export type TReportScheduleListResponse = z.infer<typeof ZReportScheduleListResponse>;

export const ZReportRunListResponse = z.object({ items: z.array(ZReportRunResponse) });
export type TReportRunListResponse = z.infer<typeof ZReportRunListResponse>;
