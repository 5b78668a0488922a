import { ZChannelKind, ZInvitationStatus } from '@loopcx/shared';
import { z } from 'zod';

/** An event property path: dot-separated names or array indexes (`categories`, `order.items.0.sku`). */
export const PROPERTY_PATH = /^[A-Za-z_][\w-]{0,63}(\.[\w-]{1,64}){0,7}$/;
/** A survey context key (what the survey reads as `{context.<key>}`). */
export const CONTEXT_KEY = /^[A-Za-z_][\w-]{0,63}$/;

const ZName = z.string().trim().min(1).max(200);

export const ZChannelCreate = z
  .object({
    kind: ZChannelKind,
    name: ZName,
    url: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .optional(),
    config: z.record(z.string().max(64), z.unknown()).optional(),
    secrets: z.record(z.string().max(64), z.string().max(4000)).optional(),
    enabled: z.boolean().default(true),
  })
  .strict();
export type TChannelCreate = z.infer<typeof ZChannelCreate>;

export const ZChannelUpdate = z
  .object({
    name: ZName.optional(),
    url: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .optional(),
    config: z.record(z.string().max(64), z.unknown()).optional(),
    secrets: z.record(z.string().max(64), z.string().max(4000)).optional(),
    enabled: z.boolean().optional(),
  })
  .strict();
export type TChannelUpdate = z.infer<typeof ZChannelUpdate>;

/** The tenant's contact policy, or a trigger's override of some of it. */
export const ZPolicyInput = z
  .object({
    maxInvitations: z
      .object({ count: z.number().int().min(1).max(1000), days: z.number().int().min(1).max(3650) })
      .strict()
      .nullable()
      .optional(),
    minDaysBetween: z.number().int().min(0).max(3650).nullable().optional(),
    suppressWhileTicketOpen: z.boolean().optional(),
  })
  .strict();
export type TPolicyInput = z.infer<typeof ZPolicyInput>;

const triggerFields = {
  name: ZName,
  eventType: z.string().trim().min(1).max(100),
  condition: z.string().max(2000).nullable().optional(),
  surveyId: z.uuid(),
  channelId: z.uuid(),
  delayMinutes: z.number().int().min(0).max(43200).optional(),
  samplePercent: z.number().gt(0).max(100).optional(),
  expiresInHours: z.number().int().min(1).max(8760).nullable().optional(),
  context: z.record(z.string().max(64), z.string().max(600)).optional(),
  recipient: z.record(z.string().max(64), z.string().max(600)).optional(),
  policy: ZPolicyInput.nullable().optional(),
  reminderAfterDays: z.number().int().min(1).max(60).nullable().optional(),
  enabled: z.boolean().optional(),
};

export const ZTriggerCreate = z.object(triggerFields).strict();
export type TTriggerCreate = z.infer<typeof ZTriggerCreate>;
export const ZTriggerUpdate = z.object(triggerFields).partial().strict();
export type TTriggerUpdate = z.infer<typeof ZTriggerUpdate>;

export const ZInvitationListQuery = z
  .object({
    customer: z.string().min(1).max(200).optional(),
    triggerId: z.uuid().optional(),
    surveyId: z.uuid().optional(),
    channelId: z.uuid().optional(),
    status: ZInvitationStatus.optional(),
    /** Created at or after `from` and before `to` (as the funnel reads them; a bare date is that day's start, UTC). */
    from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
    to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    cursor: z.string().max(80).optional(),
  })
  .strict();
export type TInvitationListQuery = z.infer<typeof ZInvitationListQuery>;

export const ZFunnelQuery = z
  .object({
    groupBy: z.enum(['channel', 'unit', 'touchpoint', 'survey']).default('survey'),
    from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
    to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
    surveyId: z.uuid().optional(),
    triggerId: z.uuid().optional(),
  })
  .strict();
export type TFunnelQuery = z.infer<typeof ZFunnelQuery>;

/** POST /channels/:id/test: whom the sample goes to (built-in channels need an address; the webhook sends any). */
export const ZChannelTestBody = z
  .object({
    email: z.email().max(254).optional(),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[\d -]{5,20}$/, 'a phone number')
      .optional(),
    wechatOpenid: z
      .string()
      .regex(/^[\w-]{6,64}$/, 'an openid of the official account')
      .optional(),
  })
  .strict();
export type TChannelTestBody = z.infer<typeof ZChannelTestBody>;

export const ZDryRunBody = z
  .object({
    /** How many recent events of the trigger's type to look at. */
    limit: z.number().int().min(1).max(200).default(50),
  })
  .strict();
