import { z } from 'zod';
import { ITEM_SEVERITIES } from './inspections.ts';

/**
 * `POST /audits/:id/calibration`: a second inspector audits the same visit (same unit, same pinned checklist
 * version) as the calibration partner of the audit.
 */
export const ZNewCalibration = z
  .object({
    /** The partner inspector, a user of the tenant other than the original audit's inspector. */
    inspectorId: z.uuid(),
    dueAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();
export type TNewCalibration = z.infer<typeof ZNewCalibration>;

export const ZCalibrationQuery = z
  .object({
    checklistId: z.uuid(),
    /** The tenant's days, [from, to): pairs whose original audit was submitted in the period. */
    from: z.iso.date(),
    to: z.iso.date(),
  })
  .strict();

/** Why κ is undefined: no pair was rated, or both inspectors used one category only (expected agreement 1). */
export const KAPPA_UNDEFINED = ['no_pairs', 'no_variation'] as const;

/**
 * Cohen's κ over the categories pass / fail / na: `observed` is the share of ratings the two inspectors gave alike,
 * `expected` the share chance would give from each inspector's marginals; κ = (observed − expected) / (1 − expected).
 */
export const ZKappa = z.object({
  /** Audit pairs that rated this (both submitted). */
  pairs: z.number(),
  /** Item ratings compared (a pair rates every item of the checklist once). */
  ratings: z.number(),
  observed: z.number().nullable(),
  expected: z.number().nullable(),
  kappa: z.number().nullable(),
  reason: z.enum(KAPPA_UNDEFINED).nullable(),
});
export type TKappa = z.infer<typeof ZKappa>;

export const ZCalibrationReport = z.object({
  checklistId: z.string(),
  from: z.string(),
  to: z.string(),
  overall: ZKappa,
  items: z.array(
    ZKappa.extend({
      code: z.string(),
      text: z.string(),
      textEn: z.string().nullable(),
      severity: z.enum(ITEM_SEVERITIES),
    }),
  ),
  /** Each inspector against their partners (as the original inspector or as the partner). */
  inspectors: z.array(
    ZKappa.extend({ inspectorId: z.string().nullable(), name: z.string().nullable(), external: z.boolean() }),
  ),
});
export type TCalibrationReport = z.infer<typeof ZCalibrationReport>;
