import { parseReportPeriod, REPORT_EVERY, REPORT_LOCALES } from '@loopcx/shared';
import type { SQL } from 'drizzle-orm';
import { z } from 'zod';
import { sql } from '../../platform/db.ts';

/** A period key: `2026-W49`, `2026-12` or `2026-Q4` (422 for anything else, including `2026-W54` or `2026-13`). */
export const ZPeriodKey = z
  .string()
  .max(16)
  .refine(
    (k) => parseReportPeriod(k) !== undefined,
    'must be a week (2026-W49), a month (2026-12) or a quarter (2026-Q4)',
  );

/** GET /reports/view and /reports/preview.pdf. */
export const ZReportQuery = z
  .object({
    orgUnitId: z.uuid(),
    period: ZPeriodKey,
    /** Default: the caller's own locale. */
    locale: z.enum(REPORT_LOCALES).optional(),
  })
  .strict();

export const ZRunFileQuery = z.object({ locale: z.enum(REPORT_LOCALES).optional() }).strict();

const recipients = {
  recipientUserIds: z.array(z.uuid()).max(50),
  recipientEmails: z.array(z.email().max(254)).max(50),
};

export const ZReportScheduleCreate = z
  .object({
    name: z.string().trim().max(200).default(''),
    /** The subtree reported on: default the caller's unit. */
    orgUnitId: z.uuid().optional(),
    every: z.enum(REPORT_EVERY),
    recipientUserIds: recipients.recipientUserIds.default([]),
    recipientEmails: recipients.recipientEmails.default([]),
    locale: z.enum(REPORT_LOCALES).default('zh-CN'),
    enabled: z.boolean().default(true),
  })
  .strict()
  .refine((b) => b.recipientUserIds.length + b.recipientEmails.length > 0, {
    message: 'give at least one recipient (recipientUserIds or recipientEmails)',
    path: ['recipientEmails'],
  });
export type TReportScheduleCreate = z.infer<typeof ZReportScheduleCreate>;

/** The unit stays (its reports and history belong to it): a report of another unit is another schedule. */
export const ZReportScheduleUpdate = z
  .object({
    name: z.string().trim().max(200).optional(),
    every: z.enum(REPORT_EVERY).optional(),
    recipientUserIds: recipients.recipientUserIds.optional(),
    recipientEmails: recipients.recipientEmails.optional(),
    locale: z.enum(REPORT_LOCALES).optional(),
    enabled: z.boolean().optional(),
  })
  .strict();
export type TReportScheduleUpdate = z.infer<typeof ZReportScheduleUpdate>;

/** A text[] parameter (each element bound on its own; an empty list is `'{}'`). */
export const textArray = (list: readonly string[]): SQL =>
  list.length
    ? sql`ARRAY[${sql.join(
        list.map((e) => sql`${e}`),
        sql`, `,
      )}]::text[]`
    : sql`'{}'::text[]`;
