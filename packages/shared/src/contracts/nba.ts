/** Contracts of next-best action (decision 82): rules, the per-customer answer, decisions and the uplift. */
import { z } from 'zod';
import { ZTag } from '../customers.ts';
import { ZEventTypeKey } from '../events.ts';

const ZDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const ZWithinDays = z.number().int().min(1).max(365);

/**
 * One condition of a rule, a discriminated union on `kind`; the server evaluates each kind with one function over
 * the customer's facts (domains/nba/conditions.ts), so a new kind is one schema and one function.
 */
export const ZNbaCondition = z.discriminatedUnion('kind', [
  /** The customer is a (materialised) member of the segment. */
  z.object({ kind: z.literal('segment'), segmentId: z.uuid() }).strict(),
  /** The customer's value tier is one of these. */
  z.object({ kind: z.literal('tier'), tiers: z.array(ZTag).min(1).max(20) }).strict(),
  /** The customer has (or, with present false, has not) this tag. */
  z.object({ kind: z.literal('tag'), tag: ZTag, present: z.boolean().default(true) }).strict(),
  /** The customer's latest score of the metric answered within the last N days compares so with the value. */
  z
    .object({
      kind: z.literal('lastScore'),
      metric: z.enum(['nps', 'csat', 'ces']),
      op: z.enum(['lt', 'lte', 'eq', 'gte', 'gt']),
      value: z.number().min(0).max(10),
      withinDays: ZWithinDays,
    })
    .strict(),
  /** At least one analysed open-text answer of the customer within N days had this overall sentiment. */
  z
    .object({
      kind: z.literal('sentiment'),
      sentiment: z.enum(['negative', 'positive']).default('negative'),
      withinDays: ZWithinDays,
    })
    .strict(),
  /** An answer within N days mentioned the topic (optionally: with negative sentiment on it). */
  z
    .object({
      kind: z.literal('topic'),
      topicId: z.uuid(),
      negativeOnly: z.boolean().default(false),
      withinDays: ZWithinDays,
    })
    .strict(),
  /** The customer has (true) or has no (false) ticket that is neither resolved nor closed. */
  z.object({ kind: z.literal('openTicket'), open: z.boolean() }).strict(),
  /** The customer holds (or, with held false, does not hold) the product (`product_holdings`, decision 80). */
  z.object({ kind: z.literal('holdsProduct'), productId: z.uuid(), held: z.boolean().default(true) }).strict(),
]);
export type TNbaCondition = z.infer<typeof ZNbaCondition>;
export const NBA_CONDITION_KINDS = [
  'segment',
  'tier',
  'tag',
  'lastScore',
  'sentiment',
  'topic',
  'openTicket',
  'holdsProduct',
] as const;

export const NBA_ACTION_TYPES = ['offer', 'service_call', 'apology_coupon', 'upsell', 'custom'] as const;
export const ZNbaAction = z
  .object({
    type: z.enum(NBA_ACTION_TYPES),
    label: z.string().trim().min(1).max(100),
    /** A short machine-readable reason (`detractor_open_ticket`) reports and CRMs group by. */
    reasonCode: z.string().regex(/^[a-z][a-z0-9_]{0,49}$/, 'lower-case letters, digits and _, up to 50'),
    /** What the person doing it should know (script, coupon code…). */
    details: z.string().max(1000).default(''),
  })
  .strict();
export type TNbaAction = z.infer<typeof ZNbaAction>;

export const ZNbaOutcome = z.object({ eventType: ZEventTypeKey, withinDays: ZWithinDays }).strict();

export const ZNbaRuleInput = z
  .object({
    name: z.string().trim().min(1).max(100),
    enabled: z.boolean().default(true),
    conditions: z.array(ZNbaCondition).max(10),
    action: ZNbaAction,
    holdoutPct: z.number().int().min(0).max(50).default(10),
    outcome: ZNbaOutcome,
    cooldownDays: z.number().int().min(1).max(365).default(30),
  })
  .strict();
export type TNbaRuleInput = z.input<typeof ZNbaRuleInput>;
export const ZNbaRuleUpdate = ZNbaRuleInput.partial().strict();

export const ZNbaRule = z.object({
  id: z.string(),
  name: z.string(),
  priority: z.number(),
  enabled: z.boolean(),
  conditions: z.array(ZNbaCondition),
  action: ZNbaAction,
  holdoutPct: z.number(),
  outcome: ZNbaOutcome,
  cooldownDays: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TNbaRule = z.infer<typeof ZNbaRule>;
export const ZNbaRuleListResponse = z.object({ items: z.array(ZNbaRule) });

/** `PUT /nba/rules/order`: every rule id of the tenant, highest priority first. */
export const ZNbaReorder = z.object({ ids: z.array(z.uuid()).min(1).max(200) }).strict();

export const ZNbaPreviewResponse = z.object({
  /** Customers (in the caller's scope) whose facts match the rule's conditions now, counted up to `cap`. */
  matching: z.number(),
  scanned: z.number(),
  /** True when the tenant has more customers than `scanned`: `matching` is then a lower bound. */
  capped: z.boolean(),
});

/**
 * `GET /customers/:id/next-best-action`. `action` is null when no rule matches (`rule` null) or when the customer is
 * in the matching rule's holdout (`holdout` true): the UI then shows nothing to do, but the decision is recorded so
 * the uplift can be measured. One decision per customer per rule per cooldown window: repeated calls answer the same.
 */
export const ZNextBestAction = z.object({
  action: ZNbaAction.nullable(),
  /** The reason shown to staff: the rule's name and the reason code. */
  reason: z.string().nullable(),
  holdout: z.boolean(),
  rule: z.object({ id: z.string(), name: z.string() }).nullable(),
  decision: z
    .object({
      id: z.string(),
      arm: z.enum(['treatment', 'holdout']),
      decidedAt: z.string(),
      status: z.enum(['open', 'taken', 'dismissed']),
      statusAt: z.string().nullable(),
    })
    .nullable(),
});
export type TNextBestAction = z.infer<typeof ZNextBestAction>;

export const ZNbaUpliftQuery = z.object({ from: ZDate.optional(), to: ZDate.optional() }).strict();

const ZArm = z.object({
  /** Decisions whose outcome window has fully passed. */
  n: z.number(),
  /** Of those, customers with ≥ 1 outcome event within the window after the decision. */
  outcomes: z.number(),
  rate: z.number().nullable(),
  ci: z.tuple([z.number(), z.number()]).nullable(),
  /** Decisions whose window has not passed yet (left out of n). */
  pending: z.number(),
});

export const NBA_VERDICTS = ['works', 'no_evidence', 'harms'] as const;
export const ZNbaUplift = z.object({
  ruleId: z.string(),
  from: z.string(),
  to: z.string(),
  outcome: ZNbaOutcome,
  treatment: ZArm.extend({ taken: z.number(), dismissed: z.number() }),
  holdout: ZArm,
  /** Treatment − holdout rate in percentage points with its Newcombe 95 % interval. */
  difference: z.object({ points: z.number(), ci: z.tuple([z.number(), z.number()]) }).nullable(),
  /** Treatment rate ÷ holdout rate − 1 (null when the holdout rate is 0 or an arm is empty). */
  relativeLift: z.number().nullable(),
  test: z.object({ z: z.number(), pValue: z.number() }).nullable(),
  /** works: the interval is above 0; harms: below 0; otherwise no evidence (including too few decisions). */
  verdict: z.enum(NBA_VERDICTS),
});
export type TNbaUplift = z.infer<typeof ZNbaUplift>;
