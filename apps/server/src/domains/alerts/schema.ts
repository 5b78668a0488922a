import { z } from 'zod';

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
