import type { TNbaCondition } from '@loopcx/shared';

const DAY_MS = 86_400_000;

/** One recent scored or commented response of the customer, newest first, with its text analyses. */
export interface RecentResponse {
  at: Date;
  scores: Record<string, unknown>;
  texts: Array<{ sentiment: string; topics: Array<{ topicId: string; sentiment?: string }> }>;
}

/** What the rules read about one customer, loaded once per evaluation (queries/customer-facts.ts). */
export interface CustomerFacts {
  customerId: string;
  tier: string | null;
  tags: Set<string>;
  segments: Set<string>;
  openTickets: number;
  /** Ids of the products the customer holds (`product_holdings`). */
  products: Set<string>;
  recent: RecentResponse[];
}

type Of<K extends TNbaCondition['kind']> = Extract<TNbaCondition, { kind: K }>;
type Evaluator<K extends TNbaCondition['kind']> = (c: Of<K>, f: CustomerFacts, now: Date) => boolean;

const within = (r: RecentResponse, days: number, now: Date) => r.at.getTime() >= now.getTime() - days * DAY_MS;

const compare = (a: number, op: Of<'lastScore'>['op'], b: number) =>
  op === 'lt' ? a < b : op === 'lte' ? a <= b : op === 'eq' ? a === b : op === 'gte' ? a >= b : a > b;

/**
 * One function per condition kind. A new kind is one entry here, one member of
 * ZNbaCondition and one fact in CustomerFacts; the type checker asks for the entry.
 */
const EVALUATORS: { [K in TNbaCondition['kind']]: Evaluator<K> } = {
  segment: (c, f) => f.segments.has(c.segmentId),
  tier: (c, f) => f.tier !== null && c.tiers.includes(f.tier),
  tag: (c, f) => f.tags.has(c.tag) === (c.present ?? true),
  lastScore: (c, f, now) => {
    // The latest answer carrying the metric, if it is recent enough: an older good score does not hide a new bad one.
    const last = f.recent.find((r) => typeof r.scores[c.metric] === 'number');
    return !!last && within(last, c.withinDays, now) && compare(last.scores[c.metric] as number, c.op, c.value);
  },
  sentiment: (c, f, now) =>
    f.recent.some(
      (r) => within(r, c.withinDays, now) && r.texts.some((t) => t.sentiment === (c.sentiment ?? 'negative')),
    ),
  topic: (c, f, now) =>
    f.recent.some(
      (r) =>
        within(r, c.withinDays, now) &&
        r.texts.some((t) =>
          t.topics.some(
            (h) => h.topicId === c.topicId && (!c.negativeOnly || (h.sentiment ?? t.sentiment) === 'negative'),
          ),
        ),
    ),
  openTicket: (c, f) => f.openTickets > 0 === c.open,
  holdsProduct: (c, f) => f.products.has(c.productId) === (c.held ?? true),
};

/** Whether one condition holds for the customer. */
export function holds(c: TNbaCondition, f: CustomerFacts, now: Date): boolean {
  return (EVALUATORS[c.kind] as Evaluator<typeof c.kind>)(c as never, f, now);
}

/** Whether all of a rule's conditions hold (a rule without conditions matches everyone). */
export function matches(conditions: TNbaCondition[], f: CustomerFacts, now: Date): boolean {
  return conditions.every((c) => holds(c, f, now));
}

/** The longest look-back the rules need, bounding the responses loaded per customer. */
export function lookBackDays(conditions: TNbaCondition[][]): number {
  let days = 0;
  for (const list of conditions)
    for (const c of list) if ('withinDays' in c && c.withinDays > days) days = c.withinDays;
  return days;
}
