import type { TProductStage } from '@loopcx/shared';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';
import { customerScope } from '../../customers/scope.ts';
import { likeContains, pathUnder } from '../../org/scope.ts';

/** A product row as the presenter reads it, with the caller-scoped holder count and recent NPS. */
export interface ProductRow {
  id: string;
  code: string;
  name: string;
  name_en: string | null;
  category: string | null;
  stage: TProductStage;
  owner_id: string | null;
  owner_name: string | null;
  launched_at: Date | string | null;
  retired_at: Date | string | null;
  targets: Record<string, number>;
  review_rules: unknown;
  attributes: Record<string, unknown>;
  holders: number;
  nps_n: number;
  promoters: number;
  detractors: number;
  created_at: Date | string;
  updated_at: Date | string;
}

export interface ProductFilter {
  stage?: TProductStage;
  q?: string;
  category?: string;
}

const RECENT_DAYS = 90;

/**
 * The product columns plus two caller-scoped figures: holders (profiles the caller may see) and the last 90 days'
 * NPS counts of responses naming the product in their context, from units in the caller's subtree.
 */
function select(actor: Actor, now: Date) {
  const since = new Date(now.getTime() - RECENT_DAYS * 86400_000).toISOString();
  return sql`SELECT p.id, p.code, p.name, p.name_en, p.category, p.stage, p.owner_id, u.name AS owner_name,
                    p.launched_at, p.retired_at, p.targets, p.review_rules, p.attributes, p.created_at, p.updated_at,
                    (SELECT count(*)::int FROM product_holdings h JOIN customers c ON c.tenant_id = h.tenant_id AND c.id = h.customer_id
                       WHERE h.tenant_id = p.tenant_id AND h.product_id = p.id AND ${customerScope(actor, 'c')}) AS holders,
                    s.n AS nps_n, s.promoters, s.detractors
             FROM products p
             LEFT JOIN users u ON u.tenant_id = p.tenant_id AND u.id = p.owner_id
             CROSS JOIN LATERAL (
               SELECT count(*)::int AS n,
                      count(*) FILTER (WHERE (r.scores->>'nps')::numeric >= 9)::int AS promoters,
                      count(*) FILTER (WHERE (r.scores->>'nps')::numeric <= 6)::int AS detractors
               FROM responses r JOIN org_units o ON o.tenant_id = r.tenant_id AND o.id = r.org_unit_id
               WHERE r.tenant_id = p.tenant_id AND r.context ? 'productCode' AND r.context->>'productCode' = p.code
                 AND r.submitted_at >= ${since} AND r.scores ? 'nps' AND ${pathUnder('o', actor.orgPath)}) s`;
}

/** The tenant's products (stage, category, name/code search), by code. */
export async function listProducts(ex: Executor, actor: Actor, f: ProductFilter, now: Date): Promise<ProductRow[]> {
  return rows<ProductRow>(
    ex,
    sql`${select(actor, now)}
        WHERE p.tenant_id = ${actor.tenantId}
          ${f.stage ? sql`AND p.stage = ${f.stage}` : sql``}
          ${f.category ? sql`AND p.category = ${f.category}` : sql``}
          ${f.q ? sql`AND (p.name ILIKE ${likeContains(f.q)} OR p.code ILIKE ${likeContains(f.q)} OR p.name_en ILIKE ${likeContains(f.q)})` : sql``}
        ORDER BY p.code LIMIT 500`,
  );
}

/** One product of the caller's tenant; 404 for another tenant's id or a missing one. */
export async function getProduct(
  ex: Executor,
  actor: Actor,
  id: string,
  now: Date,
  opts: { lock?: boolean } = {},
): Promise<ProductRow> {
  if (opts.lock)
    await ex.execute(sql`SELECT 1 FROM products WHERE tenant_id = ${actor.tenantId} AND id = ${id} FOR UPDATE`);
  const p = await one<ProductRow>(
    ex,
    sql`${select(actor, now)} WHERE p.tenant_id = ${actor.tenantId} AND p.id = ${id}`,
  );
  if (!p) throw notFound('Product');
  return p;
}

export interface StageChangeRow {
  id: string;
  from_stage: TProductStage | null;
  to_stage: TProductStage;
  changed_by: string | null;
  by_name: string | null;
  note: string | null;
  rule: unknown;
  changed_at: Date | string;
}

/** A product's stage history, newest first (the product was already loaded in the caller's tenant). */
export async function stageHistory(ex: Executor, tenantId: string, productId: string): Promise<StageChangeRow[]> {
  return rows<StageChangeRow>(
    ex,
    sql`SELECT c.id, c.from_stage, c.to_stage, c.changed_by, u.name AS by_name, c.note, c.rule, c.changed_at
        FROM product_stage_changes c LEFT JOIN users u ON u.tenant_id = c.tenant_id AND u.id = c.changed_by
        WHERE c.tenant_id = ${tenantId} AND c.product_id = ${productId} ORDER BY c.changed_at DESC, c.seq DESC LIMIT 200`,
  );
}
