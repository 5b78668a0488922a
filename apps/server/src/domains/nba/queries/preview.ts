import type { TNbaCondition } from '@loopcx/shared';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, sql } from '../../../platform/db.ts';
import { customerScope } from '../../customers/scope.ts';
import { lookBackDays, matches } from '../conditions.ts';
import { customerFacts } from './customer-facts.ts';

/** How many customers a preview evaluates at most: the most recently seen ones. */
export const PREVIEW_CAP = 2000;

/**
 * "How many customers match now": the conditions evaluated, by the same functions as the GET, over the facts of the
 * caller's most recently seen live customers, at most PREVIEW_CAP of them (one statement; `capped` says when the
 * tenant has more and the count is a lower bound).
 */
export async function previewConditions(ex: Executor, actor: Actor, conditions: TNbaCondition[], now: Date) {
  const facts = await customerFacts(
    ex,
    actor.tenantId,
    sql`c.id IN (SELECT c.id FROM customers c WHERE ${customerScope(actor)} AND c.merged_into IS NULL
                  ORDER BY c.last_seen_at DESC NULLS LAST, c.id LIMIT ${PREVIEW_CAP + 1}) AND c.tenant_id = ${actor.tenantId}`,
    { lookBackDays: lookBackDays([conditions]), now },
  );
  const scanned = facts.slice(0, PREVIEW_CAP);
  return {
    matching: scanned.filter((f) => matches(conditions, f, now)).length,
    scanned: scanned.length,
    capped: facts.length > PREVIEW_CAP,
  };
}
