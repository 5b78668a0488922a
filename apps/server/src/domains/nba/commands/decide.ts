import { createHash } from 'node:crypto';
import { type TNbaAction, type TNextBestAction, ZNbaAction } from '@loopcx/shared';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, sql } from '../../../platform/db.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import { uuidv7 } from '../../../platform/ids.ts';
import { customerScope } from '../../customers/scope.ts';
import { lookBackDays, matches } from '../conditions.ts';
import { customerFacts } from '../queries/customer-facts.ts';
import { listRules } from '../queries/rules.ts';

const DAY_MS = 86_400_000;

export interface DecisionRow {
  id: string;
  rule_id: string;
  arm: 'treatment' | 'holdout';
  decided_at: string | Date;
  action: TNbaAction & { ruleName: string };
  status: 'open' | 'taken' | 'dismissed';
  status_at: string | Date | null;
}

const iso = (d: string | Date) => (d instanceof Date ? d : new Date(d)).toISOString();

/**
 * The arm of a customer for a rule: a stable hash of rule and customer, so every call (and every server) answers the
 * same arm and the holdout is a uniform random sample of the rule's audience. Bucket 0–99 < holdout % → holdout.
 */
export function armOf(ruleId: string, customerId: string, holdoutPct: number): 'treatment' | 'holdout' {
  const bucket = createHash('sha256').update(`${ruleId}:${customerId}`).digest().readUInt32BE(0) % 100;
  return bucket < holdoutPct ? 'holdout' : 'treatment';
}

/** A decision as the API answers it: holdout decisions show no action (the customer is the control group). */
export function presentDecision(d: DecisionRow | undefined): TNextBestAction {
  if (!d) return { action: null, reason: null, holdout: false, rule: null, decision: null };
  const { ruleName, ...action } = d.action;
  const holdout = d.arm === 'holdout';
  return {
    action: holdout ? null : ZNbaAction.parse(action),
    reason: holdout ? null : `${ruleName} · ${action.reasonCode}`,
    holdout,
    rule: { id: d.rule_id, name: ruleName },
    decision: {
      id: d.id,
      arm: d.arm,
      decidedAt: iso(d.decided_at),
      status: d.status,
      statusAt: d.status_at === null ? null : iso(d.status_at),
    },
  };
}

const DECISION_COLUMNS = sql`id, rule_id, arm, decided_at, action, status, status_at`;

/**
 * The customer's next-best action: the enabled rules are read once, the customer's facts loaded in one statement,
 * every rule evaluated in memory, and the first matching rule (lowest priority number) decides. Its decision is the
 * one made within its cooldown if there is one (the first exposure is what the uplift measures), else a new one in
 * the arm the hash gives: three statements at most (rules, facts with the latest decisions, the insert).
 * A customer outside the caller's scope is a 404, a merged one a 409 naming the survivor (like the profile).
 */
export async function decideNextBestAction(
  tx: Executor,
  actor: Actor,
  customerId: string,
  now: Date,
): Promise<TNextBestAction> {
  const rules = await listRules(tx, actor.tenantId, { enabledOnly: true });
  // The row lock (taken with the facts) makes two concurrent first calls one decision: the second waits, then
  // reads the first one's decision.
  const [facts] = await customerFacts(tx, actor.tenantId, sql`${customerScope(actor)} AND c.id = ${customerId}`, {
    lookBackDays: lookBackDays(rules.map((r) => r.conditions)),
    now,
    decisions: true,
    lock: true,
  });
  if (!facts) throw notFound('Customer');
  if (facts.mergedInto)
    throw new AppError('conflict', `This customer was merged into ${facts.mergedInto}`, {
      extra: { mergedInto: facts.mergedInto },
    });
  const rule = rules.find((r) => matches(r.conditions, facts, now));
  if (!rule) return presentDecision(undefined);
  const live = facts.decisions.find((d) => d.rule_id === rule.id) as DecisionRow | undefined;
  if (live && new Date(live.decided_at).getTime() > now.getTime() - rule.cooldownDays * DAY_MS)
    return presentDecision(live);
  const made = await one<DecisionRow>(
    tx,
    sql`INSERT INTO nba_decisions (tenant_id, id, rule_id, customer_id, arm, decided_at, action)
        VALUES (${actor.tenantId}, ${uuidv7(now.getTime())}, ${rule.id}, ${customerId},
                ${armOf(rule.id, customerId, rule.holdoutPct)}, ${now.toISOString()},
                ${JSON.stringify({ ...rule.action, ruleName: rule.name })}::jsonb)
        RETURNING ${DECISION_COLUMNS}`,
  );
  return presentDecision(made);
}
