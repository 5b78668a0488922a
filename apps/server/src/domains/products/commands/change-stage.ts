import { randomUUID } from 'node:crypto';
import { PRODUCT_STAGE_MOVES, type TProductStage, type TReviewRule } from '@loopcx/shared';
import { type Executor, sql } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';

export interface StageMove {
  tenantId: string;
  productId: string;
  from: TProductStage;
  to: TProductStage;
  /** The person who moved it; null for a review rule. */
  by: string | null;
  note?: string | null;
  rule?: TReviewRule | null;
  at: Date;
}

/**
 * Moves a product to another stage and records the move (the caller locked the product row). 422 for a move
 * `PRODUCT_STAGE_MOVES` does not allow. Launching stamps `launched_at` (a relaunch after review keeps the first
 * launch), retiring stamps `retired_at`, and coming back from retirement clears it.
 */
export async function changeStage(tx: Executor, m: StageMove): Promise<void> {
  if (!PRODUCT_STAGE_MOVES[m.from].includes(m.to))
    throw new AppError('invalid', `A product at ${m.from} cannot move to ${m.to}`, {
      invalidParams: [{ name: 'to', reason: `allowed from ${m.from}: ${PRODUCT_STAGE_MOVES[m.from].join(', ')}` }],
    });
  const at = m.at.toISOString();
  await tx.execute(
    sql`UPDATE products SET stage = ${m.to}, updated_at = ${at},
          launched_at = ${m.to === 'launched' ? sql`coalesce(launched_at, ${at}::timestamptz)` : sql`launched_at`},
          retired_at = ${m.to === 'retired' ? sql`${at}::timestamptz` : m.to === 'concept' ? sql`NULL` : sql`retired_at`}
        WHERE tenant_id = ${m.tenantId} AND id = ${m.productId}`,
  );
  await tx.execute(
    sql`INSERT INTO product_stage_changes (tenant_id, id, product_id, from_stage, to_stage, changed_by, note, rule, changed_at)
        VALUES (${m.tenantId}, ${randomUUID()}, ${m.productId}, ${m.from}, ${m.to}, ${m.by}, ${m.note ?? null},
                ${m.rule ? JSON.stringify(m.rule) : null}::jsonb, ${at})`,
  );
}
