import type { TNextBestAction } from '@loopcx/shared';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, sql } from '../../../platform/db.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import { loadLiveCustomer } from '../../customers/queries/get-customer.ts';
import { type DecisionRow, presentDecision } from './decide.ts';

/**
 * Marks a treatment decision as taken or dismissed. The decision id alone is not the boundary: it must be the
 * customer's, and the customer in the caller's scope (404 otherwise). Holdout decisions have no action to take
 * (409); marking again the same way is a no-op, the other way a 409 (what was done is not rewritten).
 */
export async function markDecision(
  tx: Executor,
  actor: Actor,
  customerId: string,
  decisionId: string,
  status: 'taken' | 'dismissed',
  now: Date,
): Promise<TNextBestAction> {
  await loadLiveCustomer(tx, actor, customerId);
  const d = await one<DecisionRow>(
    tx,
    sql`SELECT id, rule_id, arm, decided_at, action, status, status_at FROM nba_decisions
         WHERE tenant_id = ${actor.tenantId} AND customer_id = ${customerId} AND id = ${decisionId} FOR UPDATE`,
  );
  if (!d) throw notFound('Decision');
  if (d.arm === 'holdout') throw new AppError('conflict', 'A holdout decision has no action to take or dismiss');
  if (d.status === status) return presentDecision(d);
  if (d.status !== 'open') throw new AppError('conflict', `This action was already ${d.status}`);
  const updated = await one<DecisionRow>(
    tx,
    sql`UPDATE nba_decisions SET status = ${status}, status_at = ${now.toISOString()},
               status_by = ${actor.kind === 'user' ? actor.id : null}
         WHERE tenant_id = ${actor.tenantId} AND id = ${decisionId}
        RETURNING id, rule_id, arm, decided_at, action, status, status_at`,
  );
  return presentDecision(updated);
}
