import { z } from 'zod';
import { ZEventTypeKey } from './events.ts';

/** External identities a profile is keyed by. Phones and emails are stored as an HMAC plus a masked form. */
export const IDENTITY_KINDS = ['member', 'phone', 'wechat_openid', 'email'] as const;
export const ZIdentityKind = z.enum(IDENTITY_KINDS);
export type TIdentityKind = z.infer<typeof ZIdentityKind>;

/** One identity as sent by a client: the raw value (a phone is normalised and hashed by the server). */
export const ZIdentityInput = z.object({ kind: ZIdentityKind, value: z.string().trim().min(1).max(200) }).strict();
export type TIdentityInput = z.infer<typeof ZIdentityInput>;

/** Tags: short labels, letters (any script), digits, and - _ . : */
export const ZTag = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} _.:-]*$/u, 'letters, digits, space and - _ . : only');

/** Attribute keys (jsonb keys of a profile's attributes). */
export const ZAttributeKey = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z_][\w.-]*$/, 'letters, digits and _ . -; starts with a letter or _');
const ZAttributeValue = z.union([z.string().max(500), z.number(), z.boolean(), z.null()]);
/** Profile attributes: flat key → scalar (null removes the key on update). */
export const ZAttributes = z
  .record(ZAttributeKey, ZAttributeValue)
  .refine((o) => Object.keys(o).length <= 50, 'at most 50 attributes');

export const ZCustomerCreate = z
  .object({
    displayName: z.string().trim().min(1).max(100).optional(),
    identities: z.array(ZIdentityInput).min(1).max(10),
    attributes: ZAttributes.optional(),
    tags: z.array(ZTag).max(50).optional(),
  })
  .strict();
export type TCustomerCreate = z.infer<typeof ZCustomerCreate>;

export const ZCustomerUpdate = z
  .object({
    displayName: z.string().trim().min(1).max(100).nullable().optional(),
    attributes: ZAttributes.optional(),
    addIdentities: z.array(ZIdentityInput).max(10).optional(),
  })
  .strict();
export type TCustomerUpdate = z.infer<typeof ZCustomerUpdate>;

export const COMPARE_OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte'] as const;
export const ZCompareOp = z.enum(COMPARE_OPS);
export type TCompareOp = z.infer<typeof ZCompareOp>;

/** A per-customer number computed from their events: how many of a type, or the sum of their values, in a window. */
export const ZEventMeasure = z
  .object({
    kind: z.literal('events'),
    eventType: ZEventTypeKey,
    fn: z.enum(['count', 'sum']),
    windowDays: z.number().int().min(1).max(3660),
  })
  .strict();
export type TEventMeasure = z.infer<typeof ZEventMeasure>;

/** A numeric profile attribute as a measure. */
export const ZAttributeMeasure = z.object({ kind: z.literal('attribute'), key: ZAttributeKey }).strict();
export const ZMeasure = z.discriminatedUnion('kind', [ZEventMeasure, ZAttributeMeasure]);
export type TMeasure = z.infer<typeof ZMeasure>;

/** A rule-based tag: customers whose measure compares true get the tag; the others lose it. */
export const ZTagRule = z
  .object({
    tag: ZTag,
    name: z.string().trim().min(1).max(100).optional(),
    measure: ZMeasure,
    op: ZCompareOp,
    value: z.number(),
    enabled: z.boolean().default(true),
  })
  .strict();
export type TTagRule = z.infer<typeof ZTagRule>;

/** Value tiers: each customer gets the first tier (highest `min` first) whose minimum their measure reaches. */
export const ZTierScheme = z
  .object({
    measure: ZMeasure,
    tiers: z
      .array(z.object({ name: ZTag, min: z.number() }).strict())
      .min(1)
      .max(10)
      .refine((t) => new Set(t.map((x) => x.name)).size === t.length, 'tier names must differ'),
  })
  .strict();
export type TTierScheme = z.infer<typeof ZTierScheme>;

export const NPS_GROUPS = ['promoter', 'passive', 'detractor'] as const;

/** One condition of a segment's filter builder. */
export const ZSegmentCondition = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('attribute'),
      key: ZAttributeKey,
      op: z.enum([...COMPARE_OPS, 'contains', 'exists', 'missing']),
      value: z.union([z.string().max(500), z.number(), z.boolean()]).optional(),
    })
    .strict()
    .refine((c) => c.op === 'exists' || c.op === 'missing' || c.value !== undefined, {
      message: 'give a value',
      path: ['value'],
    })
    .refine((c) => !['gt', 'gte', 'lt', 'lte'].includes(c.op) || typeof c.value === 'number', {
      message: 'must be a number for this comparison',
      path: ['value'],
    }),
  z.object({ kind: z.literal('tag'), tag: ZTag, present: z.boolean().default(true) }).strict(),
  z.object({ kind: z.literal('tier'), tiers: z.array(ZTag).min(1).max(10) }).strict(),
  z.object({ kind: z.literal('identity'), identityKind: ZIdentityKind, present: z.boolean().default(true) }).strict(),
  z.object({ kind: z.literal('npsGroup'), groups: z.array(z.enum(NPS_GROUPS)).min(1).max(3) }).strict(),
  z
    .object({
      kind: z.literal('events'),
      eventType: ZEventTypeKey,
      fn: z.enum(['count', 'sum']).default('count'),
      windowDays: z.number().int().min(1).max(3660),
      op: ZCompareOp,
      value: z.number(),
    })
    .strict(),
]);
export type TSegmentCondition = z.infer<typeof ZSegmentCondition>;

/** A segment's definition: all or any of up to 20 conditions. */
export const ZSegmentDefinition = z
  .object({ match: z.enum(['all', 'any']).default('all'), conditions: z.array(ZSegmentCondition).min(1).max(20) })
  .strict();
export type TSegmentDefinition = z.infer<typeof ZSegmentDefinition>;

export const ZSegmentSave = z
  .object({
    name: z.string().trim().min(1).max(100),
    description: z.string().max(1000).optional(),
    definition: ZSegmentDefinition,
  })
  .strict();
export type TSegmentSave = z.infer<typeof ZSegmentSave>;

/** Kinds of items in a customer's 360 timeline. */
export const TIMELINE_KINDS = ['response', 'event', 'ticket', 'feedback', 'invitation'] as const;
export type TTimelineKind = (typeof TIMELINE_KINDS)[number];
