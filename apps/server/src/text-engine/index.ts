/**
 * loopcx text engine: normalisation, language detection, clause split, jieba segmentation, sentiment
 * (trained model + negation/degree/contrast rules), taxonomy topics with per-topic sentiment and
 * highlight offsets, keywords. Pure and synchronous; no database access. See MODEL.md for the model.
 */

import { getModel } from './model.ts';
import { restaurant } from './packs/restaurant.ts';

export type { Analysis, AnalyzeOptions, Analyzer, CreateAnalyzerOptions, TopicMatch } from './analyzer.ts';
export { createAnalyzer, MAX_ANALYSED_CHARS } from './analyzer.ts';
export type { Language } from './language.ts';
export { detectLanguage } from './language.ts';
export { normalize } from './normalize.ts';
export { extractOpinionPairs, type OpinionPair } from './opinions.ts';
export { type IndustryPack, industryPacks } from './packs/index.ts';
export { posTag, segment } from './segment.ts';
export type { Sentiment, SentimentLabel } from './sentiment.ts';
export type { Taxonomy, TaxonomyTopic, TopicRules } from './taxonomy.ts';

/** The demo restaurant/takeaway taxonomy (industryPacks.restaurant). */
export const restaurantTaxonomy = restaurant;

/** Version and on-disk size of the shipped sentiment model. */
export function modelInfo(): { version: string; sizeBytes: number } {
  const m = getModel();
  return { version: m.version, sizeBytes: m.sizeBytes };
}
