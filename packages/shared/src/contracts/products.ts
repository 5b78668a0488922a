import { z } from 'zod';

/**
 * Contracts of products (issue 23): a catalogue with lifecycle stages (concept → test → launched → review →
 * launched | retired), the customers who hold each product (from order events or an import), a post-launch
 * scorecard (NPS/CSAT with intervals vs target, complaints by topic, tickets, returns) and review rules that move a
 * launched product to `review`. Routes: `/api/v1/products/…`.
 */

export const PRODUCT_STAGES = ['concept', 'test', 'launched', 'review', 'retired'] as const;
export type TProductStage = (typeof PRODUCT_STAGES)[number];

/**
 * The allowed stage moves. A concept is tested or dropped; a test launches, goes back to concept or is dropped; a
 * launched product goes to review or is retired; a review ends in a relaunch or retirement; a retired product may be
 * brought back as a concept (a relaunch starts over).
 */
export const PRODUCT_STAGE_MOVES: Record<TProductStage, readonly TProductStage[]> = {
  concept: ['test', 'retired'],
  test: ['launched', 'concept', 'retired'],
  launched: ['review', 'retired'],
  review: ['launched', 'retired'],
  retired: ['concept'],
};

export const ZProductCode = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/, 'letters, digits, _ . - (up to 40)');

export const PRODUCT_REVIEW_METRICS = ['nps', 'csat'] as const;

/** A review rule: `metric` below the product's target (or a number) for `months` closed months in a row → review. */
export const ZReviewRule = z
  .object({
    metric: z.enum(PRODUCT_REVIEW_METRICS),
    below: z.union([z.literal('target'), z.number().min(-100).max(100)]),
    months: z.number().int().min(1).max(12),
    /** Months with fewer responses than this are not judged (they break the run). */
    minN: z.number().int().min(1).max(10_000).default(10),
  })
  .strict();
export type TReviewRule = z.output<typeof ZReviewRule>;

export const ZProductTargets = z
  .object({ nps: z.number().min(-100).max(100).optional(), csat: z.number().min(1).max(5).optional() })
  .strict();

const ZAttributes = z
  .record(z.string().max(40), z.union([z.string().max(200), z.number(), z.boolean()]))
  .refine((a) => Object.keys(a).length <= 30, 'at most 30 attributes');

export const ZNewProduct = z
  .object({
    code: ZProductCode,
    name: z.string().trim().min(1).max(120),
    nameEn: z.string().trim().min(1).max(120).optional(),
    category: z.string().trim().min(1).max(60).optional(),
    stage: z.enum(['concept', 'test', 'launched']).default('concept'),
    ownerId: z.uuid().optional(),
    targets: ZProductTargets.default({}),
    reviewRules: z.array(ZReviewRule).max(5).optional(),
    attributes: ZAttributes.default({}),
  })
  .strict();
export type TNewProduct = z.input<typeof ZNewProduct>;

export const ZProductPatch = z
  .object({
    name: z.string().trim().min(1).max(120).optional(),
    nameEn: z.string().trim().min(1).max(120).nullable().optional(),
    category: z.string().trim().min(1).max(60).nullable().optional(),
    ownerId: z.uuid().nullable().optional(),
    targets: ZProductTargets.optional(),
    /** null: back to the tenant's default rules. */
    reviewRules: z.array(ZReviewRule).max(5).nullable().optional(),
    attributes: ZAttributes.optional(),
  })
  .strict();
export type TProductPatch = z.input<typeof ZProductPatch>;

export const ZStageChangeInput = z
  .object({ to: z.enum(PRODUCT_STAGES), note: z.string().trim().max(1000).optional() })
  .strict();
export type TStageChangeInput = z.input<typeof ZStageChangeInput>;

export const ZProductListQuery = z
  .object({
    stage: z.enum(PRODUCT_STAGES).optional(),
    q: z.string().trim().max(100).optional(),
    category: z.string().trim().max(60).optional(),
  })
  .strict();

export const ZStageChange = z.object({
  id: z.string(),
  from: z.enum(PRODUCT_STAGES).nullable(),
  to: z.enum(PRODUCT_STAGES),
  by: z.object({ id: z.string(), name: z.string() }).nullable(),
  note: z.string().nullable(),
  /** Set when a review rule made the move. */
  rule: ZReviewRule.partial().nullable(),
  at: z.string(),
});
export type TStageChange = z.infer<typeof ZStageChange>;

export const ZProduct = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  category: z.string().nullable(),
  stage: z.enum(PRODUCT_STAGES),
  owner: z.object({ id: z.string(), name: z.string() }).nullable(),
  launchedAt: z.string().nullable(),
  retiredAt: z.string().nullable(),
  targets: ZProductTargets,
  /** The product's own rules, or null when the tenant's defaults apply (`effectiveReviewRules`). */
  reviewRules: z.array(ZReviewRule).nullable(),
  effectiveReviewRules: z.array(ZReviewRule),
  attributes: z.record(z.string(), z.unknown()),
  holders: z.number().int(),
  /** NPS of the last 90 days (the caller's scope), for the list's "vs target". */
  recentNps: z.object({ value: z.number().nullable(), n: z.number().int() }),
  /** The stages this product may move to next. */
  nextStages: z.array(z.enum(PRODUCT_STAGES)),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TProduct = z.infer<typeof ZProduct>;

/**
 * The tenant's link backfill as a product page shows it (decision 80): the one that will link this product's past
 * orders (queued or running), else the last one. Counts are this product's new links; they and `scanned` are
 * tenant-wide figures, so only a caller at the tenant root gets them (null otherwise).
 */
export const ZProductBackfill = z.object({
  id: z.string(),
  status: z.enum(['queued', 'running', 'done']),
  reasons: z.array(z.enum(['product', 'settings', 'relink'])),
  scanned: z.number().int().nullable(),
  orders: z.number().int().nullable(),
  returns: z.number().int().nullable(),
  requestedAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type TProductBackfill = z.infer<typeof ZProductBackfill>;

export const ZProductDetail = ZProduct.extend({
  history: z.array(ZStageChange),
  /** Null for a tenant that never ran one (products made before backfills existed). */
  backfill: ZProductBackfill.nullable(),
});
export type TProductDetail = z.infer<typeof ZProductDetail>;

export const ZProductList = z.object({ items: z.array(ZProduct) });
export type TProductList = z.infer<typeof ZProductList>;

/** A tenant-local calendar day of years 2000–2099 (the database's date range is wider than any scorecard needs). */
const ZDay = z.iso.date().refine((d) => d >= '2000-01-01' && d <= '2099-12-31', 'a day of 2000–2099');

export const ZScorecardQuery = z
  .object({
    from: ZDay.optional(),
    to: ZDay.optional(),
    unitId: z.uuid().optional(),
  })
  .strict();

const ZInterval = z.object({
  value: z.number().nullable(),
  n: z.number().int(),
  ci: z.tuple([z.number(), z.number()]).nullable(),
  target: z.number().nullable(),
  /** value − target, null without either. */
  vsTarget: z.number().nullable(),
});

export const ZScorecard = z.object({
  productId: z.string(),
  from: z.string(),
  to: z.string(),
  unitId: z.string().nullable(),
  /** NPS −100…100, adjusted-Wald interval. */
  nps: ZInterval,
  /** Mean CSAT on the 1–5 scale with a t interval; `top2` the top-2-box % with its Wilson interval. */
  csat: ZInterval.extend({ top2: z.number().nullable(), top2Ci: z.tuple([z.number(), z.number()]).nullable() }),
  /** By calendar month (tenant-local), oldest first. */
  trend: z.array(
    z.object({
      month: z.string(),
      nps: z.number().nullable(),
      npsN: z.number().int(),
      csat: z.number().nullable(),
      csatN: z.number().int(),
    }),
  ),
  /** Topics of the negative open-text answers of this product's responses, most frequent first. */
  complaints: z.array(z.object({ topicId: z.string(), code: z.string(), name: z.string(), count: z.number().int() })),
  tickets: z.object({ open: z.number().int(), closed: z.number().int() }),
  orders: z.number().int(),
  returns: z.number().int(),
  /** returns ÷ orders containing the product, 0…1; null without orders. */
  returnRate: z.number().nullable(),
  holders: z.number().int(),
});
export type TScorecard = z.infer<typeof ZScorecard>;

export const ZHolding = z.object({
  productId: z.string(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  stage: z.enum(PRODUCT_STAGES),
  since: z.string(),
  lastAt: z.string(),
  count: z.number().int(),
  source: z.enum(['event', 'import']),
});
export type THolding = z.infer<typeof ZHolding>;
export const ZHoldingList = z.object({ items: z.array(ZHolding) });
export type THoldingList = z.infer<typeof ZHoldingList>;

/** One row to import: a customer by member id (`externalId`) or email, and a product code. */
export const ZHoldingImportRow = z
  .object({
    externalId: z.string().trim().min(1).max(200).optional(),
    email: z.string().trim().min(3).max(254).optional(),
    productCode: z.string().trim().min(1).max(40),
    since: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

/** POST /products/holdings/import: JSON rows, or CSV text with a header `externalId,email,productCode[,since]`. */
export const ZHoldingImport = z
  .object({
    rows: z.array(ZHoldingImportRow).max(5000).optional(),
    csv: z.string().max(1_000_000).optional(),
  })
  .strict()
  .refine((b) => (b.rows ? 1 : 0) + (b.csv !== undefined ? 1 : 0) === 1, 'send either rows or csv');

export const ZHoldingImportResult = z.object({
  imported: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), message: z.string() })),
});
export type THoldingImportResult = z.infer<typeof ZHoldingImportResult>;

export const ZProductSettings = z.object({
  orderEventTypes: z.array(z.string()),
  returnEventTypes: z.array(z.string()),
  reviewRules: z.array(ZReviewRule),
});
export type TProductSettings = z.infer<typeof ZProductSettings>;

const ZEventType = z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/, 'an event type such as order.completed');
export const ZProductSettingsInput = z
  .object({
    orderEventTypes: z.array(ZEventType).min(1).max(10),
    returnEventTypes: z.array(ZEventType).max(10),
    reviewRules: z.array(ZReviewRule).max(5),
  })
  .strict();
