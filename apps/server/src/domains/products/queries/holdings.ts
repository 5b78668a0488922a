import type { THolding } from '@loopcx/shared';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';
import { customerScope } from '../../customers/scope.ts';

/**
 * The products a customer holds, most recent first. The customer must be one the caller may see (the customers
 * domain's scope): another tenant's profile, a missing one and one outside the subtree are the same 404.
 */
export async function customerHoldings(ex: Executor, actor: Actor, customerId: string): Promise<THolding[]> {
  const c = await one(ex, sql`SELECT 1 FROM customers c WHERE ${customerScope(actor, 'c')} AND c.id = ${customerId}`);
  if (!c) throw notFound('Customer');
  const list = await rows<{
    product_id: string;
    code: string;
    name: string;
    name_en: string | null;
    stage: THolding['stage'];
    since: Date | string;
    last_at: Date | string;
    count: number;
    source: THolding['source'];
  }>(
    ex,
    sql`SELECT h.product_id, p.code, p.name, p.name_en, p.stage, h.since, h.last_at, h.count, h.source
        FROM product_holdings h JOIN products p ON p.tenant_id = h.tenant_id AND p.id = h.product_id
        WHERE h.tenant_id = ${actor.tenantId} AND h.customer_id = ${customerId} ORDER BY h.last_at DESC LIMIT 200`,
  );
  return list.map((h) => ({
    productId: h.product_id,
    code: h.code,
    name: h.name,
    nameEn: h.name_en,
    stage: h.stage,
    since: new Date(h.since).toISOString(),
    lastAt: new Date(h.last_at).toISOString(),
    count: Number(h.count),
    source: h.source,
  }));
}
