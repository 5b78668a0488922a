import { randomUUID } from 'node:crypto';
import { type TNewProduct, type TProductPatch, ZNewProduct } from '@loopcx/shared';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, sql } from '../../../platform/db.ts';
import { conflict, invalid } from '../../../platform/errors.ts';
import { authorizeManageProducts } from '../policy.ts';
import type { ProductRow } from '../queries/products.ts';
import { requestBackfill } from './backfill-links.ts';

const userId = (actor: Actor) => (actor.kind === 'user' ? actor.id : null);

/** 422 unless `ownerId` is an active user of the caller's tenant. */
async function assertOwner(tx: Executor, actor: Actor, ownerId: string) {
  const u = await one(
    tx,
    sql`SELECT 1 FROM users WHERE tenant_id = ${actor.tenantId} AND id = ${ownerId} AND status = 'active'`,
  );
  if (!u) throw invalid('ownerId', 'not an active user of this tenant');
}

/**
 * Creates a product at `concept`, `test` or `launched` (a catalogue loaded from an existing menu starts launched);
 * the first stage is the first entry of its history. 409 when the code is taken. Asks for a link backfill, so the
 * orders stored before the product existed count for it (the caller wakes the workers after commit).
 */
export async function createProduct(tx: Executor, actor: Actor, input: TNewProduct, now: Date): Promise<string> {
  authorizeManageProducts(actor);
  const p = ZNewProduct.parse(input);
  if (p.ownerId) await assertOwner(tx, actor, p.ownerId);
  const taken = await one(tx, sql`SELECT 1 FROM products WHERE tenant_id = ${actor.tenantId} AND code = ${p.code}`);
  if (taken) throw conflict(`A product with code ${p.code} exists`, 'code');
  const id = randomUUID();
  const at = now.toISOString();
  await tx.execute(
    sql`INSERT INTO products (tenant_id, id, code, name, name_en, category, stage, owner_id, launched_at, targets,
                              review_rules, attributes, created_by, created_at, updated_at)
        VALUES (${actor.tenantId}, ${id}, ${p.code}, ${p.name}, ${p.nameEn ?? null}, ${p.category ?? null}, ${p.stage},
                ${p.ownerId ?? null}, ${p.stage === 'launched' ? at : null}, ${JSON.stringify(p.targets)}::jsonb,
                ${p.reviewRules ? JSON.stringify(p.reviewRules) : null}::jsonb, ${JSON.stringify(p.attributes)}::jsonb,
                ${actor.kind === 'user' ? actor.id : null}, ${at}, ${at})`,
  );
  await tx.execute(
    sql`INSERT INTO product_stage_changes (tenant_id, id, product_id, from_stage, to_stage, changed_by, note, changed_at)
        VALUES (${actor.tenantId}, ${randomUUID()}, ${id}, NULL, ${p.stage}, ${actor.kind === 'user' ? actor.id : null}, NULL, ${at})`,
  );
  await requestBackfill(tx, actor.tenantId, { reason: 'product', productId: id, by: userId(actor), now });
  return id;
}

/** Changes a product's fields (not its code or stage: the code is what events name it by, the stage has its route). */
export async function patchProduct(tx: Executor, actor: Actor, cur: ProductRow, patch: TProductPatch, now: Date) {
  authorizeManageProducts(actor);
  if (patch.ownerId) await assertOwner(tx, actor, patch.ownerId);
  const set = [
    patch.name !== undefined && sql`name = ${patch.name}`,
    patch.nameEn !== undefined && sql`name_en = ${patch.nameEn}`,
    patch.category !== undefined && sql`category = ${patch.category}`,
    patch.ownerId !== undefined && sql`owner_id = ${patch.ownerId}`,
    patch.targets !== undefined && sql`targets = ${JSON.stringify(patch.targets)}::jsonb`,
    patch.reviewRules !== undefined &&
      sql`review_rules = ${patch.reviewRules === null ? null : JSON.stringify(patch.reviewRules)}::jsonb`,
    patch.attributes !== undefined && sql`attributes = ${JSON.stringify(patch.attributes)}::jsonb`,
  ].filter((x) => x !== false);
  if (!set.length) return;
  await tx.execute(
    sql`UPDATE products SET ${sql.join(set, sql`, `)}, updated_at = ${now.toISOString()}
        WHERE tenant_id = ${actor.tenantId} AND id = ${cur.id}`,
  );
}
