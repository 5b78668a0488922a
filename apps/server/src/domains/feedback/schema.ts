import { z } from 'zod';

export const FEEDBACK_SOURCES = [
  'social',
  'forum',
  'app_review',
  'call_transcript',
  'other',
  'in_app',
  'panel',
] as const;
/** Sources an item may be created or imported with: `in_app` items come only through the SDK (POST /sdk/v1/feedback). */
export const WRITABLE_FEEDBACK_SOURCES = ['social', 'forum', 'app_review', 'call_transcript', 'other'] as const;
export const MAX_FEEDBACK_TEXT = 20_000;

/** One feedback item as the API accepts it (JSON create, and each CSV row after header mapping). */
export const ZFeedbackCreate = z
  .object({
    source: z.enum(WRITABLE_FEEDBACK_SOURCES),
    channel: z.string().trim().max(100).optional(),
    url: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .optional(),
    author: z.string().trim().max(200).optional(),
    text: z.string().trim().min(1).max(MAX_FEEDBACK_TEXT),
    rating: z.number().finite().min(0).max(10).optional(),
    orgUnitId: z.uuid().optional(),
    touchpointId: z.uuid().optional(),
    customerRef: z.string().trim().min(1).max(200).optional(),
    externalId: z.string().trim().min(1).max(200).optional(),
    occurredAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();
export type TFeedbackCreate = z.infer<typeof ZFeedbackCreate>;

export const ZFeedbackFilters = z
  .object({
    source: z.enum(FEEDBACK_SOURCES).optional(),
    orgUnitId: z.uuid().optional(),
    touchpointId: z.uuid().optional(),
    customerRef: z.string().max(200).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    q: z.string().max(200).optional(),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(200).optional(),
  })
  .strict();
export type TFeedbackFilters = z.infer<typeof ZFeedbackFilters>;
