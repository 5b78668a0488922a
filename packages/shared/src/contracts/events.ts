/** Response contracts of the events routes: one zod schema per route's answer (ZXxxResponse), its type (TXxxResponse). */
import { z } from 'zod';
import { PROPERTY_TYPES } from '../events.ts';

/** A field error of one item (`name` is the item's path, e.g. `events.3.properties.amount`). */
const ZFieldError = z.object({ name: z.string(), reason: z.string() });

/** POST /events (201 created, 200 the same event sent again): the event's id and what happened. */
export const ZEventWriteResponse = z.object({ id: z.string(), status: z.enum(['created', 'duplicate']) });
export type TEventWriteResponse = z.infer<typeof ZEventWriteResponse>;

/** POST /events/batch: counts and each item's result in request order (invalid items carry their field errors). */
export const ZEventBatchResponse = z.object({
  created: z.number(),
  duplicates: z.number(),
  invalid: z.number(),
  results: z.array(
    z.union([ZEventWriteResponse, z.object({ status: z.literal('invalid'), errors: z.array(ZFieldError) })]),
  ),
});
export type TEventBatchResponse = z.infer<typeof ZEventBatchResponse>;

/** One stored event (GET /events/:id). */
export const ZEventResponse = z.object({
  id: z.string(),
  type: z.string(),
  occurredAt: z.string(),
  orgUnit: z.object({ id: z.string(), name: z.string().nullable(), code: z.string().nullable() }).nullable(),
  touchpointId: z.string().nullable(),
  customerRef: z.string().nullable(),
  customerId: z.string().nullable(),
  properties: z.record(z.string(), z.unknown()),
  value: z.number().nullable(),
  idempotencyKey: z.string().nullable(),
  source: z.string(),
  createdAt: z.string(),
});
export type TEventResponse = z.infer<typeof ZEventResponse>;

/** GET /events: a page of events, newest first; `nextCursor` is null on the last page. */
export const ZEventListResponse = z.object({ items: z.array(ZEventResponse), nextCursor: z.string().nullable() });
export type TEventListResponse = z.infer<typeof ZEventListResponse>;

/** POST /events/import: what the import stored (or would, in a dry run); row numbers as a spreadsheet shows them. */
export const ZEventImportResponse = z.object({
  dryRun: z.boolean(),
  rows: z.number(),
  created: z.number(),
  duplicates: z.number(),
  invalid: z.number(),
  errors: z.array(z.object({ row: z.number(), field: z.string(), reason: z.string() })),
});
export type TEventImportResponse = z.infer<typeof ZEventImportResponse>;

/** A declared property of an event type, as answered. */
const ZPropertySpecResponse = z.object({
  type: z.enum(PROPERTY_TYPES),
  enum: z.array(z.union([z.string(), z.number()])).optional(),
  required: z.boolean().optional(),
  dimension: z.boolean().optional(),
  label: z.string().optional(),
});

/** An event type, built-in (read-only) or the tenant's own (GET/POST/PATCH/DELETE /event-types/:key). */
export const ZEventTypeResponse = z.object({
  key: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  description: z.string().nullable(),
  properties: z.record(z.string(), ZPropertySpecResponse),
  strict: z.boolean(),
  valueLabel: z.string().nullable(),
  builtin: z.boolean(),
  status: z.enum(['active', 'archived']),
});
export type TEventTypeResponse = z.infer<typeof ZEventTypeResponse>;

/** GET /event-types: the built-ins followed by the tenant's own. */
export const ZEventTypeListResponse = z.object({ items: z.array(ZEventTypeResponse) });
export type TEventTypeListResponse = z.infer<typeof ZEventTypeListResponse>;
