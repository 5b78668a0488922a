/** Response contracts of the text routes: one zod schema per route's answer (ZXxxResponse), its type (TXxxResponse). */
import { z } from 'zod';

/** Sentiment labels of the text analyser. */
export const ZSentiment = z.enum(['negative', 'neutral', 'positive']);
export type TSentiment = z.infer<typeof ZSentiment>;

/**
 * A topic found in a text, as stored with its analysis. `code`, `nameEn` and `score` are optional because analyses
 * written before they were stored lack them.
 */
export const ZAnalysisTopic = z.object({
  topicId: z.string(),
  topic: z.string(),
  code: z.string().optional(),
  nameEn: z.string().nullable().optional(),
  sentiment: ZSentiment,
  score: z.number().optional(),
});
export type TAnalysisTopic = z.infer<typeof ZAnalysisTopic>;
