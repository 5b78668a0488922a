import { audit } from '../../../platform/audit.ts';
import type { Actor } from '../../../platform/auth.ts';
import type { Executor } from '../../../platform/db.ts';
import { authorizeManageProducts } from '../policy.ts';
import { requestBackfill } from './backfill-links.ts';

/**
 * `POST /products/{id}/relink`: asks for a link backfill on demand (after a bulk event import, say), joining the
 * queued one if any. Audited as `product.relink` on the product. The caller has loaded the product in scope.
 */
export async function relinkProduct(tx: Executor, actor: Actor, productId: string, now: Date) {
  authorizeManageProducts(actor);
  await requestBackfill(tx, actor.tenantId, {
    reason: 'relink',
    productId,
    by: actor.kind === 'user' ? actor.id : null,
    now,
  });
  await audit(tx, actor, 'product.relink', 'product', productId);
}
