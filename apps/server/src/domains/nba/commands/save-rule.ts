import { type TNbaCondition, ZNbaRuleInput, type ZNbaRuleUpdate } from '@loopcx/shared';
import type { z } from 'zod';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { AppError, invalid, notFound } from '../../../platform/errors.ts';
import { uuidv7 } from '../../../platform/ids.ts';
import { getRule } from '../queries/rules.ts';

type Input = z.output<typeof ZNbaRuleInput>;

/** Segments, topics and products a rule names must be the tenant's own: another tenant's id is refused as invalid. */
async function checkReferences(ex: Executor, tenantId: string, conditions: TNbaCondition[]) {
  for (const [i, c] of conditions.entries()) {
    if (c.kind === 'segment') {
      const s = await one(
        ex,
        sql`SELECT 1 FROM customer_segments WHERE tenant_id = ${tenantId} AND id = ${c.segmentId}`,
      );
      if (!s) throw invalid(`conditions.${i}.segmentId`, 'no such segment');
    }
    if (c.kind === 'topic') {
      const t = await one(ex, sql`SELECT 1 FROM text_topics WHERE tenant_id = ${tenantId} AND id = ${c.topicId}`);
      if (!t) throw invalid(`conditions.${i}.topicId`, 'no such topic');
    }
    if (c.kind === 'holdsProduct') {
      const p = await one(ex, sql`SELECT 1 FROM products WHERE tenant_id = ${tenantId} AND id = ${c.productId}`);
      if (!p) throw invalid(`conditions.${i}.productId`, 'no such product');
    }
  }
}

/** Creates a rule at the lowest priority (last); reorder moves it. */
export async function createRule(tx: Executor, actor: Actor, body: Input, now: Date): Promise<string> {
  await checkReferences(tx, actor.tenantId, body.conditions);
  const id = uuidv7(now.getTime());
  // Serialise creations of one tenant so two new rules do not take the same priority.
  await tx.execute(sql`SELECT 1 FROM tenants WHERE id = ${actor.tenantId} FOR UPDATE`);
  const last = await one<{ p: number | null }>(
    tx,
    sql`SELECT max(priority) AS p FROM nba_rules WHERE tenant_id = ${actor.tenantId}`,
  );
  await tx.execute(
    sql`INSERT INTO nba_rules (tenant_id, id, name, priority, enabled, conditions, action, holdout_pct, outcome, cooldown_days,
                               created_by, created_at, updated_at)
        VALUES (${actor.tenantId}, ${id}, ${body.name}, ${Number(last?.p ?? 0) + 1}, ${body.enabled},
                ${JSON.stringify(body.conditions)}::jsonb, ${JSON.stringify(body.action)}::jsonb, ${body.holdoutPct},
                ${JSON.stringify(body.outcome)}::jsonb, ${body.cooldownDays}, ${actor.kind === 'user' ? actor.id : null}, ${now.toISOString()}, ${now.toISOString()})`,
  );
  return id;
}

/**
 * Changes a rule. Decisions already made keep their arm and action snapshot; a new holdout % applies to decisions
 * made from now on (the arm hash is compared with the new threshold).
 */
export async function updateRule(
  tx: Executor,
  actor: Actor,
  id: string,
  patch: z.output<typeof ZNbaRuleUpdate>,
  now: Date,
): Promise<void> {
  const cur = await getRule(tx, actor.tenantId, id, { forUpdate: true });
  const next = ZNbaRuleInput.parse({
    name: patch.name ?? cur.name,
    enabled: patch.enabled ?? cur.enabled,
    conditions: patch.conditions ?? cur.conditions,
    action: patch.action ?? cur.action,
    holdoutPct: patch.holdoutPct ?? cur.holdoutPct,
    outcome: patch.outcome ?? cur.outcome,
    cooldownDays: patch.cooldownDays ?? cur.cooldownDays,
  });
  if (patch.conditions) await checkReferences(tx, actor.tenantId, next.conditions);
  await tx.execute(
    sql`UPDATE nba_rules SET name = ${next.name}, enabled = ${next.enabled}, conditions = ${JSON.stringify(next.conditions)}::jsonb,
               action = ${JSON.stringify(next.action)}::jsonb, holdout_pct = ${next.holdoutPct},
               outcome = ${JSON.stringify(next.outcome)}::jsonb, cooldown_days = ${next.cooldownDays}, updated_at = ${now.toISOString()}
         WHERE tenant_id = ${actor.tenantId} AND id = ${id}`,
  );
}

/** Deletes a rule with its decisions (its uplift history goes with it). */
export async function deleteRule(tx: Executor, actor: Actor, id: string): Promise<void> {
  const gone = await rows(
    tx,
    sql`DELETE FROM nba_rules WHERE tenant_id = ${actor.tenantId} AND id = ${id} RETURNING id`,
  );
  if (!gone.length) throw notFound('Rule');
}

/** Sets the order: `ids` must be exactly the tenant's rules, highest priority first. */
export async function reorderRules(tx: Executor, actor: Actor, ids: string[], now: Date): Promise<void> {
  await tx.execute(sql`SELECT 1 FROM tenants WHERE id = ${actor.tenantId} FOR UPDATE`);
  const current = await rows<{ id: string }>(tx, sql`SELECT id FROM nba_rules WHERE tenant_id = ${actor.tenantId}`);
  const known = new Set(current.map((r) => r.id));
  if (new Set(ids).size !== ids.length || ids.length !== known.size || ids.some((id) => !known.has(id)))
    throw new AppError('invalid', 'Give every rule id of the tenant exactly once, highest priority first', {
      invalidParams: [{ name: 'ids', reason: 'must list each of your rules once' }],
    });
  await tx.execute(
    sql`UPDATE nba_rules r SET priority = x.p, updated_at = ${now.toISOString()}
          FROM jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb) WITH ORDINALITY AS x(id, p)
         WHERE r.tenant_id = ${actor.tenantId} AND r.id = x.id::uuid`,
  );
}
