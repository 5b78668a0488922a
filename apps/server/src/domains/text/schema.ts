import { z } from 'zod';
import { TRIAGE_CLASSES } from '../../text-engine/triage.ts';

export const SENTIMENTS = ['negative', 'neutral', 'positive'] as const;
export const PACKS = ['restaurant', 'retail', 'hotel', 'telecom', 'bank'] as const;
export const MAX_KEYWORDS = 200;

const keyword = z
  .string()
  .trim()
  .min(1, 'keywords must not be empty')
  .max(40, 'keywords are at most 40 characters')
  .refine((k) => ![...k].some((c) => c.charCodeAt(0) < 32), 'control characters are not allowed');
const keywords = z.array(keyword).max(MAX_KEYWORDS, `at most ${MAX_KEYWORDS} keywords`);
const langRules = z.object({ include: keywords, exclude: keywords.optional() }).strict();

/** zh/en include/exclude keyword rules of one topic (phrases are keywords with spaces or several characters). */
export const ZTopicRules = z.object({ zh: langRules.optional(), en: langRules.optional() }).strict();

export const ZTopicCode = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lowercase letters, digits and dashes (e.g. food-safety)');

export const ZTopicCreate = z
  .object({
    code: ZTopicCode,
    name: z.string().trim().min(1).max(100),
    nameEn: z.string().trim().min(1).max(100).optional(),
    parentId: z.uuid().nullable().optional(),
    rules: ZTopicRules.default({}),
    position: z.number().int().min(0).max(100_000).optional(),
  })
  .strict();
export type TTopicCreate = z.infer<typeof ZTopicCreate>;

export const ZTopicUpdate = ZTopicCreate.partial().strict();
export type TTopicUpdate = z.infer<typeof ZTopicUpdate>;

const ZDateTime = z.iso.datetime({ offset: true });

/** Filters shared by the text pages: unit subtree, touchpoint, period, source. */
export const ZTextFilters = z
  .object({
    orgUnitId: z.uuid().optional(),
    touchpointId: z.uuid().optional(),
    from: ZDateTime.optional(),
    to: ZDateTime.optional(),
    source: z.enum(['response', 'feedback']).optional(),
  })
  .strict();
export type TTextFilters = z.infer<typeof ZTextFilters>;

/** `?triage=complaint,question`: one or more triage classes, comma-separated. */
export const ZTriageFilter = z
  .string()
  .max(100)
  .transform((s) => [
    ...new Set(
      s
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean),
    ),
  ])
  .pipe(z.array(z.enum(TRIAGE_CLASSES)).min(1, 'give at least one triage class').max(TRIAGE_CLASSES.length));

export const ZCorrection = z
  .object({
    sentiment: z.enum(SENTIMENTS).optional(),
    topicIds: z.array(z.uuid()).max(50).optional(),
    triage: z.enum(TRIAGE_CLASSES).optional(),
  })
  .strict()
  .refine((c) => c.sentiment !== undefined || c.topicIds !== undefined || c.triage !== undefined, {
    message: 'give sentiment, topicIds and/or triage',
    path: ['sentiment'],
  });
