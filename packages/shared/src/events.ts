import { z } from 'zod';

/** Event type keys: lower-case dotted names with at least two parts (`order.completed`, `loyalty.points_redeemed`). */
export const EVENT_TYPE_KEY = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;
export const ZEventTypeKey = z
  .string()
  .trim()
  .max(100)
  .regex(EVENT_TYPE_KEY, 'lower-case dotted name such as order.completed');

export const PROPERTY_TYPES = ['string', 'number', 'integer', 'boolean'] as const;
const ZPropName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,63}$/, 'letters, digits and _; starts with a letter or _');

/** One declared property: its type, optional allowed values, required, and whether it is a rollup dimension. */
export const ZPropertySpec = z
  .object({
    type: z.enum(PROPERTY_TYPES),
    enum: z
      .array(z.union([z.string().max(100), z.number()]))
      .min(1)
      .max(50)
      .optional(),
    required: z.boolean().optional(),
    /** Boolean or enum properties only: events get rollup rows per value, so formulas can filter on it cheaply. */
    dimension: z.boolean().optional(),
    label: z.string().max(100).optional(),
  })
  .strict()
  .superRefine((p, c) => {
    if (p.dimension && p.type !== 'boolean' && !p.enum)
      c.addIssue({ code: 'custom', path: ['dimension'], message: 'only boolean or enum properties can be dimensions' });
    if (p.enum && p.type === 'boolean')
      c.addIssue({ code: 'custom', path: ['enum'], message: 'a boolean property takes no enum' });
    if (p.enum) {
      for (const [i, v] of p.enum.entries()) {
        const ok =
          p.type === 'string'
            ? typeof v === 'string'
            : typeof v === 'number' && (p.type !== 'integer' || Number.isInteger(v));
        if (!ok) c.addIssue({ code: 'custom', path: ['enum', i], message: `must be a ${p.type}` });
      }
    }
  });
export type TPropertySpec = z.infer<typeof ZPropertySpec>;

export const ZPropertySchema = z
  .record(ZPropName, ZPropertySpec)
  .refine((r) => Object.keys(r).length <= 50, 'at most 50 properties');
export type TPropertySchema = z.infer<typeof ZPropertySchema>;

const eventTypeFields = {
  name: z.string().trim().min(1).max(200),
  nameEn: z.string().trim().max(200).nullable().optional(),
  description: z.string().max(2000).nullable().optional(),
  properties: ZPropertySchema,
  strict: z.boolean(),
  valueLabel: z.string().max(100).nullable().optional(),
};
export const ZEventTypeCreate = z
  .object({
    ...eventTypeFields,
    key: ZEventTypeKey,
    properties: ZPropertySchema.default({}),
    strict: z.boolean().default(false),
  })
  .strict();
export type TEventTypeCreate = z.infer<typeof ZEventTypeCreate>;

/** No defaults: a PATCH changes only what it names. */
export const ZEventTypeUpdate = z
  .object(eventTypeFields)
  .partial()
  .extend({ status: z.enum(['active', 'archived']).optional() })
  .strict();
export type TEventTypeUpdate = z.infer<typeof ZEventTypeUpdate>;

export interface TEventType {
  key: string;
  name: string;
  nameEn: string | null;
  description: string | null;
  properties: TPropertySchema;
  strict: boolean;
  valueLabel: string | null;
  builtin: boolean;
  status: 'active' | 'archived';
}

/** Types every tenant has; read-only. */
export const BUILTIN_EVENT_TYPES: TEventType[] = [
  {
    key: 'order.completed',
    name: '订单完成',
    nameEn: 'Order completed',
    description: 'A paid order (dine-in, takeaway, delivery). value = order amount.',
    properties: {
      valid: { type: 'boolean', dimension: true, label: 'valid (not cancelled or refunded)' },
      amount: { type: 'number' },
      channel: { type: 'string', enum: ['dine_in', 'takeaway', 'delivery', 'app', 'web', 'other'], dimension: true },
      orderId: { type: 'string' },
      items: { type: 'integer' },
    },
    strict: false,
    valueLabel: 'amount',
    builtin: true,
    status: 'active',
  },
  {
    key: 'call.inbound',
    name: '来电',
    nameEn: 'Inbound call',
    description: 'A call to the service centre. value = talk time in seconds.',
    properties: {
      reason: {
        type: 'string',
        enum: ['order_status', 'complaint', 'refund', 'reservation', 'packaging', 'delivery', 'other'],
        dimension: true,
      },
      resolved: { type: 'boolean', dimension: true },
      durationSec: { type: 'number' },
      queue: { type: 'string' },
    },
    strict: false,
    valueLabel: 'seconds',
    builtin: true,
    status: 'active',
  },
  {
    key: 'page.view',
    name: '页面浏览',
    nameEn: 'Page view',
    description: 'A page or screen viewed in the app, mini program or web site.',
    properties: {
      url: { type: 'string' },
      title: { type: 'string' },
      referrer: { type: 'string' },
      platform: { type: 'string', enum: ['web', 'app', 'miniprogram'], dimension: true },
    },
    strict: false,
    valueLabel: null,
    builtin: true,
    status: 'active',
  },
  {
    key: 'ticket.closed',
    name: '工单关闭',
    nameEn: 'Ticket closed',
    description: 'A service ticket closed in an external system. value = hours to close.',
    properties: {
      ticketId: { type: 'string' },
      category: { type: 'string' },
      firstContactResolution: { type: 'boolean', dimension: true },
    },
    strict: false,
    valueLabel: 'hours',
    builtin: true,
    status: 'active',
  },
];

/** Rollup variant key of one dimension value: `valid=true`, `channel=delivery`. */
export const variantKey = (property: string, value: unknown) => `${property}=${String(value)}`;

/**
 * Checks event properties against a declared schema. Returns one message per bad property (path → reason);
 * an empty list means valid. Undeclared properties are rejected only when the type is strict.
 */
export function checkProperties(
  type: Pick<TEventType, 'properties' | 'strict'>,
  props: Record<string, unknown>,
): Array<{ path: string; reason: string }> {
  const out: Array<{ path: string; reason: string }> = [];
  for (const [name, spec] of Object.entries(type.properties)) {
    const v = props[name];
    if (v === undefined || v === null) {
      if (spec.required) out.push({ path: name, reason: 'is required' });
      continue;
    }
    const ok =
      spec.type === 'string'
        ? typeof v === 'string'
        : spec.type === 'boolean'
          ? typeof v === 'boolean'
          : typeof v === 'number' && Number.isFinite(v) && (spec.type === 'number' || Number.isInteger(v));
    if (!ok) {
      out.push({ path: name, reason: `must be ${spec.type === 'integer' ? 'an integer' : `a ${spec.type}`}` });
      continue;
    }
    if (spec.enum && !spec.enum.includes(v as string | number))
      out.push({ path: name, reason: `must be one of ${spec.enum.join(', ')}` });
  }
  if (type.strict)
    for (const name of Object.keys(props))
      if (!(name in type.properties)) out.push({ path: name, reason: 'is not declared for this event type' });
  return out;
}

/** The rollup variants an event contributes to besides '' (one per dimension property it carries). */
export function variantsOf(type: Pick<TEventType, 'properties'>, props: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [name, spec] of Object.entries(type.properties)) {
    if (!spec.dimension) continue;
    const v = props[name];
    if (v !== undefined && v !== null) out.push(variantKey(name, v));
  }
  return out;
}
