import { z } from 'zod';
import { ZEventTypeKey } from '../events.ts';
import { ZSdkWidget } from './sdk-keys.ts';

/**
 * Contracts of the intercept rules (issue 20): the admin API `/api/v1/intercepts`, the SDK's `GET /sdk/v1/config`
 * and `POST /sdk/v1/intercepts/:id/show`, and the 吐槽 widget settings the config carries (`ZSdkWidget`).
 */

export const INTERCEPT_DISPLAYS = ['modal', 'slide_in', 'embedded'] as const;
export const INTERCEPT_URL_OPS = ['contains', 'equals', 'starts_with', 'regex'] as const;
export const INTERCEPT_WHERE_OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'contains'] as const;

/** Whether a URL rule's regex compiles (the browser runs it with `new RegExp(value)`, no flags). */
export function regexCompiles(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

export const ZInterceptUrlRule = z
  .object({ op: z.enum(INTERCEPT_URL_OPS), value: z.string().min(1).max(200) })
  .strict()
  .refine((r) => r.op !== 'regex' || regexCompiles(r.value), {
    message: 'not a valid regular expression',
    path: ['value'],
  });

export const ZInterceptWhere = z
  .object({
    property: z.string().regex(/^[A-Za-z_$][\w$]{0,63}$/, 'a property name: letters, digits, _ and $'),
    op: z.enum(INTERCEPT_WHERE_OPS),
    value: z.union([z.string().max(200), z.number().finite(), z.boolean()]),
  })
  .strict()
  .refine((w) => !['gt', 'gte', 'lt', 'lte'].includes(w.op) || typeof w.value === 'number', {
    message: 'gt, gte, lt and lte compare numbers',
    path: ['value'],
  });

export const ZInterceptEventCondition = z
  .object({
    type: ZEventTypeKey,
    minCount: z.number().int().min(1).max(100),
    where: z.array(ZInterceptWhere).max(10).default([]),
  })
  .strict();

/** When an intercept shows: any of the URL rules ([] = any page) and, optionally, a count of events this session. */
export const ZInterceptConditions = z
  .object({
    urls: z.array(ZInterceptUrlRule).max(20).default([]),
    event: ZInterceptEventCondition.nullable().default(null),
  })
  .strict();
export type TInterceptConditions = z.infer<typeof ZInterceptConditions>;

/** A CSS selector for an embedded intercept: no markup, no braces (it is only ever passed to querySelector). */
const ZSelector = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[^<>{}]+$/, 'a CSS selector such as #survey-slot');

const interceptFields = {
  name: z.string().trim().min(1).max(200),
  surveyId: z.uuid(),
  enabled: z.boolean(),
  keyIds: z.array(z.uuid()).max(50),
  display: z.enum(INTERCEPT_DISPLAYS),
  selector: ZSelector.nullable(),
  conditions: ZInterceptConditions,
  delayMs: z.number().int().min(0).max(600_000),
  samplePercent: z.number().int().min(0).max(100),
  oncePerDays: z.number().int().min(0).max(365),
};

/** POST /intercepts. An embedded intercept names its container; the others have none. */
export const ZInterceptCreate = z
  .object({
    ...interceptFields,
    enabled: interceptFields.enabled.default(true),
    keyIds: interceptFields.keyIds.default([]),
    selector: interceptFields.selector.default(null),
    delayMs: interceptFields.delayMs.default(0),
    samplePercent: interceptFields.samplePercent.default(100),
    oncePerDays: interceptFields.oncePerDays.default(30),
  })
  .strict();
export type TInterceptCreate = z.infer<typeof ZInterceptCreate>;

/** PATCH /intercepts/:id: any of the create fields. */
export const ZInterceptUpdate = z.object(interceptFields).partial().strict();
export type TInterceptUpdate = z.infer<typeof ZInterceptUpdate>;

export const ZInterceptResponse = z.object({
  id: z.string(),
  name: z.string(),
  surveyId: z.string(),
  surveyName: z.string(),
  surveyStatus: z.string(),
  enabled: z.boolean(),
  keyIds: z.array(z.string()),
  display: z.enum(INTERCEPT_DISPLAYS),
  selector: z.string().nullable(),
  conditions: z.object({
    urls: z.array(z.object({ op: z.enum(INTERCEPT_URL_OPS), value: z.string() })),
    event: z
      .object({
        type: z.string(),
        minCount: z.number(),
        where: z.array(
          z.object({
            property: z.string(),
            op: z.enum(INTERCEPT_WHERE_OPS),
            value: z.union([z.string(), z.number(), z.boolean()]),
          }),
        ),
      })
      .nullable(),
  }),
  delayMs: z.number(),
  samplePercent: z.number(),
  oncePerDays: z.number(),
  /** Invitations this intercept created in the last 30 days, and how many of them were answered. */
  stats: z.object({ shows30d: z.number(), answers30d: z.number() }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TInterceptResponse = z.infer<typeof ZInterceptResponse>;

export const ZInterceptListResponse = z.object({ items: z.array(ZInterceptResponse) });
export type TInterceptListResponse = z.infer<typeof ZInterceptListResponse>;

/** One intercept as the browser SDK runs it. */
export const ZSdkIntercept = z.object({
  id: z.string(),
  display: z.enum(INTERCEPT_DISPLAYS),
  selector: z.string().nullable(),
  conditions: ZInterceptResponse.shape.conditions,
  delayMs: z.number(),
  samplePercent: z.number(),
  oncePerDays: z.number(),
});
export type TSdkIntercept = z.infer<typeof ZSdkIntercept>;

/** GET /sdk/v1/config: the key's enabled intercepts and its 吐槽 widget. */
export const ZSdkConfigResponse = z.object({ intercepts: z.array(ZSdkIntercept), feedback: ZSdkWidget.nullable() });
export type TSdkConfigResponse = z.infer<typeof ZSdkConfigResponse>;

/** POST /sdk/v1/intercepts/:id/show. */
export const ZInterceptShowResponse = z.union([
  z.object({ show: z.literal(true), url: z.string(), invitationId: z.string() }),
  z.object({
    show: z.literal(false),
    reason: z.enum(['once_per_days', 'contact_policy', 'opted_out', 'inactive', 'sampled_out']),
  }),
]);
export type TInterceptShowResponse = z.infer<typeof ZInterceptShowResponse>;
