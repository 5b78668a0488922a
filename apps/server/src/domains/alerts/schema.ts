import { z } from 'zod';
import { TRIAGE_CLASSES } from '../../text-engine/triage.ts';

const ZScope = z
  .object({
    orgUnitId: z.uuid().optional(),
    /** Empty or absent: every survey of the tenant, including surveys created later. */
    surveyIds: z.array(z.uuid()).max(500).optional(),
    touchpointIds: z.array(z.uuid()).max(500).optional(),
  })
  .strict();

const ZActions = z
  .object({
    ticket: z
      .object({
        priority: z.enum(['low', 'normal', 'high', 'urgent']).default('high'),
        assign: z.enum(['unit_manager', 'round_robin']).default('unit_manager'),
      })
      .nullable()
      .optional(),
    notify: z
      .object({
        inApp: z.boolean().default(true),
        emails: z.array(z.email()).max(50).default([]),
        /** A webhook endpoint (`/webhooks`) in the caller's scope: it holds the URL and the signing secret. */
        webhookId: z.uuid().optional(),
      })
      .optional(),
  })
  .strict();

/** A response rule: a SurveyJS-syntax condition over the response (see evaluate-response-rules.ts for variables). */
export const ZResponseCondition = z.object({ expression: z.string().trim().min(1).max(2000) }).strict();

/** A metric rule: a threshold over a window, or a significant drop against the trailing 28 days. */
export const ZMetricCondition = z
  .object({
    metric: z.string().min(1).max(100),
    windowDays: z.number().int().min(1).max(90).default(7),
    op: z.enum(['<', '<=', '>', '>=']).optional(),
    threshold: z.number().optional(),
    anomaly: z.boolean().optional(),
    minN: z.number().int().min(1).max(100_000).default(5),
    unitKind: z.enum(['hq', 'region', 'city', 'store', 'department']).default('store'),
  })
  .strict()
  .refine((c) => c.anomaly || (c.op && c.threshold !== undefined), {
    message: 'give op and threshold, or anomaly: true',
  });

/**
 * A feedback rule: an item matches when it meets every criterion given (lists match any of their values). Sentiment
 * and topics come from the item's text analysis, so feedback rules run once the item is analysed.
 */
export const ZFeedbackCondition = z
  .object({
    sources: z
      .array(z.enum(['social', 'forum', 'app_review', 'call_transcript', 'other', 'in_app']))
      .max(6)
      .optional(),
    channels: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
    sentiments: z
      .array(z.enum(['negative', 'neutral', 'positive']))
      .max(3)
      .optional(),
    /** Topic codes or names (zh or en), as in response rules' `{topics}`. */
    topics: z.array(z.string().trim().min(1).max(200)).max(50).optional(),
    /** Triage classes of the item's text (decision 83); any one matches. */
    triage: z.array(z.enum(TRIAGE_CLASSES)).min(1).max(5).optional(),
    ratingAtMost: z.number().finite().min(0).max(10).optional(),
    ratingAtLeast: z.number().finite().min(0).max(10).optional(),
    /** Case-insensitive substrings of the text; any one matches. */
    keywords: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
    /** The item's text said at least this many times in 30 days (its near-duplicate cluster, decision 84). */
    clusterSizeAtLeast: z.number().int().min(2).max(1_000_000).optional(),
  })
  .strict()
  .refine(
    (c) =>
      !!(
        c.sources?.length ||
        c.channels?.length ||
        c.sentiments?.length ||
        c.topics?.length ||
        c.keywords?.length ||
        c.triage?.length
      ) ||
      c.ratingAtMost !== undefined ||
      c.ratingAtLeast !== undefined ||
      c.clusterSizeAtLeast !== undefined,
    {
      message:
        'give at least one criterion (source, channel, sentiment, topic, triage, rating, keyword or repeat count)',
    },
  );
export type TFeedbackCondition = z.infer<typeof ZFeedbackCondition>;

export const ZAlertRuleCreate = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('response'),
    name: z.string().trim().min(1).max(200),
    enabled: z.boolean().default(true),
    scope: ZScope.default({}),
    condition: ZResponseCondition,
    actions: ZActions,
  }),
  z.object({
    kind: z.literal('metric'),
    name: z.string().trim().min(1).max(200),
    enabled: z.boolean().default(true),
    scope: ZScope.default({}),
    condition: ZMetricCondition,
    actions: ZActions,
  }),
  z.object({
    kind: z.literal('feedback'),
    name: z.string().trim().min(1).max(200),
    enabled: z.boolean().default(true),
    scope: ZScope.default({}),
    condition: ZFeedbackCondition,
    actions: ZActions,
  }),
]);
export type TAlertRuleCreate = z.infer<typeof ZAlertRuleCreate>;

export const ZAlertRuleUpdate = z
  .object({
    name: z.string().trim().min(1).max(200),
    enabled: z.boolean(),
    scope: ZScope,
    condition: z.record(z.string(), z.unknown()),
    actions: ZActions,
  })
  .partial()
  .strict();
