/** Response contracts of the responses routes: one zod schema per route's answer (ZXxxResponse), its type (TXxxResponse). */
import { z } from 'zod';

/** A stored survey response as the console reads it (answers, scores and context are open JSON). */
export const ZResponseRecord = z.object({
  id: z.string(),
  surveyId: z.string(),
  surveyName: z.string(),
  orgUnit: z.object({ id: z.string(), code: z.string().nullable(), name: z.string().nullable() }).nullable(),
  touchpoint: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
  customerRef: z.string().nullable(),
  channel: z.string(),
  locale: z.string().nullable(),
  answers: z.record(z.string(), z.unknown()),
  scores: z.record(z.string(), z.number()),
  context: z.record(z.string(), z.unknown()).nullable(),
  submittedAt: z.string(),
});
export type TResponseRecord = z.infer<typeof ZResponseRecord>;

/** `GET /responses`: a page, newest first; `nextCursor` null on the last page. */
export const ZResponseListResponse = z.object({ items: z.array(ZResponseRecord), nextCursor: z.string().nullable() });
export type TResponseListResponse = z.infer<typeof ZResponseListResponse>;

/** `GET /responses/:id`: the response and the definition of the survey version it answered. */
export const ZResponseDetailResponse = ZResponseRecord.extend({ definition: z.unknown() });
export type TResponseDetailResponse = z.infer<typeof ZResponseDetailResponse>;

/**
 * Options of `POST /responses/exports` (a request body part, documented in README "Exports"): `lang` of headers and
 * labels (default: the tenant's language); `keys` — question keys as a second header row, appended to each header as
 * `title [key]`, or left out; `values` — choice labels, stored values, or both (a value column after each label
 * column); `multi` — a multi-select answer as labels joined with "; " in one cell, or one column per choice (1 chosen,
 * 0 not; a ranking gives the rank).
 */
export const ZResponseExportOptions = z
  .object({
    lang: z.enum(['zh-CN', 'en']).optional(),
    keys: z.enum(['row', 'header', 'none']).default('row'),
    values: z.enum(['labels', 'values', 'both']).default('labels'),
    multi: z.enum(['join', 'split']).default('join'),
  })
  .strict();
export type TResponseExportOptions = z.infer<typeof ZResponseExportOptions>;

/** `POST /responses/exports` (202) */
export const ZResponseExportQueuedResponse = z.object({ id: z.string(), status: z.string() });
export type TResponseExportQueuedResponse = z.infer<typeof ZResponseExportQueuedResponse>;

/** `GET /responses/exports/:id`: progress of an export (0–1). */
export const ZResponseExportResponse = z.object({
  id: z.string(),
  format: z.string(),
  status: z.string(),
  total: z.number().nullable(),
  rows: z.number(),
  progress: z.number(),
  error: z.string().nullable(),
});
export type TResponseExportResponse = z.infer<typeof ZResponseExportResponse>;

/** What the writer says of one submitted response: stored now, or the same idempotency key seen before. */
export const ZResponseWriteResult = z.object({ id: z.string(), status: z.enum(['created', 'duplicate']) });
export type TResponseWriteResult = z.infer<typeof ZResponseWriteResult>;

/** `POST /responses` (public; 201 created, 200 duplicate) */
export const ZResponseSubmitResponse = ZResponseWriteResult;
export type TResponseSubmitResponse = z.infer<typeof ZResponseSubmitResponse>;

/** `POST /responses/batch`: one result per item, in order. */
export const ZResponseBatchResponse = z.object({ results: z.array(ZResponseWriteResult) });
export type TResponseBatchResponse = z.infer<typeof ZResponseBatchResponse>;
