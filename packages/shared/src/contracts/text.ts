/** Response contracts of the text routes: one zod schema per route's answer (ZXxxResponse), its type (TXxxResponse). */
import { z } from 'zod';

/** Sentiment labels of the text analyser. */
export const ZTextSentiment = z.enum(['negative', 'neutral', 'positive']);
export type TTextSentiment = z.infer<typeof ZTextSentiment>;

/** Triage classes of a comment (decision 83): what it asks of the business. */
export const TEXT_TRIAGE = ['complaint', 'suggestion', 'praise', 'question', 'noise'] as const;
export const ZTextTriage = z.enum(TEXT_TRIAGE);
export type TTextTriage = z.infer<typeof ZTextTriage>;

/**
 * A topic found in a text, as stored with its analysis. `code`, `nameEn` and `score` are optional because analyses
 * written before they were stored lack them.
 */
export const ZAnalysisTopic = z.object({
  topicId: z.string(),
  topic: z.string(),
  code: z.string().optional(),
  nameEn: z.string().nullable().optional(),
  sentiment: ZTextSentiment,
  score: z.number().optional(),
  /**
   * Why the topic and its polarity were assigned: the clause(s) it was scored on (offsets into the text), the
   * opinion cues that drove the polarity (lexicon words with their negation/degree, e.g. "不太好"), and whether the
   * lexicon or only the model's words decided ("model", with its strongest words when known). A person's correction
   * replaces it with `by: "correction"`. Clause `text` is filled in by the verbatims API; other lists give offsets.
   */
  explain: z
    .object({
      clauses: z.array(z.object({ start: z.number(), end: z.number(), text: z.string().optional() })),
      cues: z.array(z.string()),
      by: z.enum(['lexicon', 'model', 'none', 'correction']),
    })
    .optional(),
});
export type TAnalysisTopic = z.infer<typeof ZAnalysisTopic>;

const ZRuleSet = z.object({ include: z.array(z.string()), exclude: z.array(z.string()).optional() });

/** A topic of the taxonomy with its zh/en keyword rules. */
export const ZTopicResponse = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  rules: z.object({ zh: ZRuleSet.optional(), en: ZRuleSet.optional() }),
  position: z.number(),
});
export type TTopicResponse = z.infer<typeof ZTopicResponse>;

/** A reanalysis or discovery run with its progress (0..1). */
export const ZTextRunResponse = z.object({
  id: z.string(),
  kind: z.string(),
  status: z.string(),
  taxonomyVersion: z.number().nullable(),
  total: z.number(),
  done: z.number(),
  progress: z.number(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type TTextRunResponse = z.infer<typeof ZTextRunResponse>;

/** The taxonomy version a change produced and the reanalysis run it started. */
const ZTaxonomyBump = z.object({ version: z.number(), runId: z.string() });

/** GET /text/taxonomy. */
export const ZTaxonomyResponse = z.object({
  version: z.number(),
  pack: z.string().nullable(),
  topics: z.array(ZTopicResponse),
  reanalysis: ZTextRunResponse.nullable(),
});
export type TTaxonomyResponse = z.infer<typeof ZTaxonomyResponse>;

/** GET /text/packs. */
export const ZTextPacksResponse = z.object({
  items: z.array(
    z.object({
      key: z.string(),
      topics: z.number(),
      sample: z.array(z.object({ name: z.string(), nameEn: z.string().nullable() })),
    }),
  ),
});

/** POST /text/taxonomy/install: the new version, its reanalysis run and the installed topics. */
export const ZPackInstallResponse = ZTaxonomyBump.extend({ topics: z.array(ZTopicResponse) });

/** POST/PATCH /text/taxonomy/topics/:id: the topic and the reanalysis its change started. */
export const ZTopicChangeResponse = ZTopicResponse.extend({ run: ZTaxonomyBump });

/** DELETE /text/taxonomy/topics/:id. */
export const ZTopicDeleteResponse = z.object({ run: ZTaxonomyBump });

/** Counts of one period: volume, each sentiment, % negative (0–100) with its 95 % Wilson interval. */
const countsFields = {
  n: z.number(),
  negative: z.number(),
  neutral: z.number(),
  positive: z.number(),
  negativeShare: z.number().nullable(),
  ci: z.tuple([z.number(), z.number()]).nullable(),
};
const ZPrevious = z.object({ n: z.number(), negativeShare: z.number().nullable() });

/** GET /text/summary: topics × sentiment with the previous period, and the totals. */
export const ZTextSummaryResponse = z.object({
  from: z.string(),
  to: z.string(),
  previousFrom: z.string(),
  total: z.object({ ...countsFields, previous: ZPrevious }),
  /** Texts of the period per triage class (`unclassified`: analysed before triage existed, not yet reanalysed). */
  triage: z.object({
    complaint: z.number(),
    suggestion: z.number(),
    praise: z.number(),
    question: z.number(),
    noise: z.number(),
    unclassified: z.number(),
  }),
  topics: z.array(
    z.object({
      topicId: z.string(),
      code: z.string(),
      name: z.string(),
      nameEn: z.string().nullable(),
      parentId: z.string().nullable(),
      ...countsFields,
      share: z.number().nullable(),
      previous: ZPrevious,
      change: z.number().nullable(),
    }),
  ),
});
export type TTextSummaryResponse = z.infer<typeof ZTextSummaryResponse>;

/** GET /text/trend and /text/topics/:id/trend: counts per day or week (`period` is the first day, YYYY-MM-DD). */
export const ZTextTrendResponse = z.object({
  from: z.string(),
  to: z.string(),
  interval: z.enum(['day', 'week']),
  points: z.array(z.object({ period: z.string(), ...countsFields })),
});
export type TTextTrendResponse = z.infer<typeof ZTextTrendResponse>;

/** An analysed text (a verbatim) with highlight ranges of its matched phrases (PATCH /text/analyses/:id). */
export const ZVerbatimResponse = z.object({
  id: z.string(),
  sourceKind: z.enum(['response', 'feedback']),
  sourceId: z.string(),
  question: z.string().nullable(),
  orgUnit: z.object({ id: z.string(), code: z.string().nullable(), name: z.string().nullable() }).nullable(),
  touchpoint: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
  occurredAt: z.string(),
  text: z.string(),
  language: z.string(),
  sentiment: ZTextSentiment,
  score: z.number(),
  topics: z.array(ZAnalysisTopic),
  keywords: z.array(z.string()),
  highlights: z.array(z.object({ start: z.number(), end: z.number(), topicId: z.string() })),
  corrected: z.boolean(),
  /** Null until the text is (re)analysed by a triage-aware engine. */
  triage: ZTextTriage.nullable(),
  /** The classifier's probability for `triage` (0–1); null when unclassified or set by a person. */
  triageConfidence: z.number().nullable(),
  triageCorrected: z.boolean(),
  /** The near-duplicate cluster and its size in the caller's scope (all time); null for texts too short to cluster. */
  cluster: z.object({ id: z.string(), size: z.number() }).nullable(),
});
export type TVerbatimResponse = z.infer<typeof ZVerbatimResponse>;

/** GET /text/verbatims: newest first; `nextCursor` is null on the last page. */
export const ZVerbatimListResponse = z.object({ items: z.array(ZVerbatimResponse), nextCursor: z.string().nullable() });
export type TVerbatimListResponse = z.infer<typeof ZVerbatimListResponse>;

/** A near-duplicate cluster: the same complaint said many times ("repeated needs"), counted in the filters given. */
export const ZTextCluster = z.object({
  id: z.string(),
  representative: z.string(),
  count: z.number(),
  firstSeen: z.string(),
  lastSeen: z.string(),
  sentiment: z.object({ negative: z.number(), neutral: z.number(), positive: z.number() }),
  dominantSentiment: ZTextSentiment,
  topTopic: z.object({ topicId: z.string(), topic: z.string(), nameEn: z.string().nullable() }).nullable(),
  units: z.array(
    z.object({ id: z.string(), code: z.string().nullable(), name: z.string().nullable(), count: z.number() }),
  ),
});
export type TTextCluster = z.infer<typeof ZTextCluster>;

/** GET /text/clusters: the biggest clusters first. */
export const ZTextClusterListResponse = z.object({ from: z.string(), to: z.string(), items: z.array(ZTextCluster) });
export type TTextClusterListResponse = z.infer<typeof ZTextClusterListResponse>;

/** GET /text/wordcloud: the most frequent keywords with their negative count and share. */
export const ZWordCloudResponse = z.object({
  from: z.string(),
  to: z.string(),
  terms: z.array(
    z.object({ term: z.string(), count: z.number(), negative: z.number(), negativeShare: z.number().nullable() }),
  ),
});
export type TWordCloudResponse = z.infer<typeof ZWordCloudResponse>;

/** A discovery proposal with the keyword accepting it would add. */
export const ZDiscoveryResponse = z.object({
  id: z.string(),
  kind: z.enum(['pair', 'uncovered', 'rising']),
  term: z.string(),
  terms: z.array(z.string()),
  keyword: z.string(),
  evidence: z.record(z.string(), z.unknown()),
  score: z.number(),
  status: z.enum(['proposed', 'accepted', 'dismissed']),
  topicId: z.string().nullable(),
  runAt: z.string(),
  decidedAt: z.string().nullable(),
});
export type TDiscoveryResponse = z.infer<typeof ZDiscoveryResponse>;

/** GET /text/discovery: proposals best first, with the latest discovery run. */
export const ZDiscoveryListResponse = z.object({
  items: z.array(ZDiscoveryResponse),
  lastRun: ZTextRunResponse.nullable(),
});
export type TDiscoveryListResponse = z.infer<typeof ZDiscoveryListResponse>;

/** POST /text/discovery/run (202): the run to poll at /text/runs/:id. */
export const ZDiscoveryStartResponse = z.object({ runId: z.string() });

/** POST /text/discovery/:id/accept: the topic that got the keyword and the reanalysis it started. */
export const ZDiscoveryAcceptResponse = z.object({ topicId: z.string(), keyword: z.string(), run: ZTaxonomyBump });

/** POST /text/discovery/:id/dismiss. */
export const ZDiscoveryDismissResponse = z.object({ ok: z.literal(true) });
