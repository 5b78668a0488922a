/** Response contracts of the feedback routes: one zod schema per route's answer (ZXxxResponse), its type (TXxxResponse). */
import { z } from 'zod';
import { ZAnalysisTopic, ZTextSentiment } from './text.ts';

/** A feedback item (GET /feedback/:id, POST /feedback); `analysis` is null until text analysis has run. */
export const ZFeedbackItemResponse = z.object({
  id: z.string(),
  source: z.string(),
  channel: z.string().nullable(),
  url: z.string().nullable(),
  author: z.string().nullable(),
  text: z.string(),
  rating: z.number().nullable(),
  orgUnit: z.object({ id: z.string(), code: z.string().nullable(), name: z.string().nullable() }).nullable(),
  touchpoint: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
  customerRef: z.string().nullable(),
  externalId: z.string().nullable(),
  occurredAt: z.string(),
  createdAt: z.string(),
  analysis: z.object({ sentiment: ZTextSentiment, topics: z.array(ZAnalysisTopic) }).nullable(),
  /**
   * What an in-app item (source `in_app`, the SDK's 吐槽 widget) carries beside the page URL; null for other sources.
   * The screenshot is read through GET /feedback/:id/screenshot; the contact itself is never answered, only whether
   * the complainant left an email or a phone number.
   */
  inApp: z
    .object({
      appVersion: z.string().nullable(),
      locale: z.string().nullable(),
      userAgent: z.string().nullable(),
      anonymousId: z.string().nullable(),
      screenshot: z.boolean(),
      contactLeft: z.boolean(),
    })
    .nullable(),
});
export type TFeedbackItemResponse = z.infer<typeof ZFeedbackItemResponse>;

/** GET /feedback: a page of items, newest first; `nextCursor` is null on the last page. */
export const ZFeedbackListResponse = z.object({
  items: z.array(ZFeedbackItemResponse),
  nextCursor: z.string().nullable(),
});
export type TFeedbackListResponse = z.infer<typeof ZFeedbackListResponse>;

/** POST /feedback/import: what the import stored (or would, in a dry run), with each bad row's reason. */
export const ZFeedbackImportResponse = z.object({
  dryRun: z.boolean(),
  rows: z.number(),
  imported: z.number(),
  /** Rows whose (source, external_id) was already stored: skipped, not duplicated. */
  duplicates: z.number(),
  errors: z.array(z.object({ row: z.number(), field: z.string().optional(), reason: z.string() })),
});
export type TFeedbackImportResponse = z.infer<typeof ZFeedbackImportResponse>;

/** A reply to a feedback item (POST/GET /feedback/:id/replies). */
export const ZFeedbackReplyResponse = z.object({
  id: z.string(),
  text: z.string(),
  channel: z.string(),
  author: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
  createdAt: z.string(),
});
export type TFeedbackReplyResponse = z.infer<typeof ZFeedbackReplyResponse>;

export const ZFeedbackReplyListResponse = z.object({ items: z.array(ZFeedbackReplyResponse) });
export type TFeedbackReplyListResponse = z.infer<typeof ZFeedbackReplyListResponse>;

const ZCoverageCounts = z.object({
  items: z.number(),
  replied: z.number(),
  withinSla: z.number(),
  /** Unanswered items whose SLA has not run out yet (neither covered nor late). */
  open: z.number(),
  /** withinSla / (items − open); null when nothing is due yet. */
  coverage: z.number().nullable(),
});

/** GET /feedback/reply-coverage: reply coverage within the SLA by channel and unit, per channel, and in total. */
export const ZReplyCoverageResponse = z.object({
  slaHours: z.number(),
  from: z.string(),
  to: z.string(),
  rows: z.array(
    ZCoverageCounts.extend({
      channel: z.string(),
      orgUnit: z.object({ id: z.string(), name: z.string() }).nullable(),
    }),
  ),
  channels: z.array(ZCoverageCounts.extend({ channel: z.string() })),
  total: ZCoverageCounts,
});
export type TReplyCoverageResponse = z.infer<typeof ZReplyCoverageResponse>;
