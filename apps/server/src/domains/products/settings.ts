import { type TProductSettings, type TReviewRule, ZReviewRule } from '@loopcx/shared';
import { z } from 'zod';
import { type Executor, one, sql } from '../../platform/db.ts';

/** Without a settings row: orders are `order.completed`, returns `order.returned`, review at NPS below target 2 months. */
export const DEFAULT_PRODUCT_SETTINGS: TProductSettings = {
  orderEventTypes: ['order.completed'],
  returnEventTypes: ['order.returned'],
  reviewRules: [{ metric: 'nps', below: 'target', months: 2, minN: 10 }],
};

const ZRules = z.array(ZReviewRule);

/** Parses stored rules (rows outlive the code that wrote them); unreadable rules count as none. */
export function parseRules(raw: unknown): TReviewRule[] {
  const r = ZRules.safeParse(raw);
  return r.success ? r.data : [];
}

/** A tenant's product settings, or the defaults. */
export async function productSettings(ex: Executor, tenantId: string): Promise<TProductSettings> {
  const row = await one<{ order_event_types: string[]; return_event_types: string[]; review_rules: unknown }>(
    ex,
    sql`SELECT order_event_types, return_event_types, review_rules FROM product_settings WHERE tenant_id = ${tenantId}`,
  );
  if (!row) return DEFAULT_PRODUCT_SETTINGS;
  return {
    orderEventTypes: row.order_event_types,
    returnEventTypes: row.return_event_types,
    reviewRules: parseRules(row.review_rules),
  };
}

/** Writes a tenant's settings (PUT /products/settings). */
export async function saveProductSettings(tx: Executor, tenantId: string, s: TProductSettings, at: Date) {
  await tx.execute(
    sql`INSERT INTO product_settings (tenant_id, order_event_types, return_event_types, review_rules, updated_at)
        VALUES (${tenantId}, ${`{${s.orderEventTypes.join(',')}}`}::text[], ${`{${s.returnEventTypes.join(',')}}`}::text[],
                ${JSON.stringify(s.reviewRules)}::jsonb, ${at.toISOString()})
        ON CONFLICT (tenant_id) DO UPDATE SET order_event_types = excluded.order_event_types,
          return_event_types = excluded.return_event_types, review_rules = excluded.review_rules, updated_at = excluded.updated_at`,
  );
}

/** Whether two settings name the same order and return types (a change relinks the stored events). */
export function sameEventTypes(a: TProductSettings, b: TProductSettings): boolean {
  const key = (s: TProductSettings) => JSON.stringify([[...s.orderEventTypes].sort(), [...s.returnEventTypes].sort()]);
  return key(a) === key(b);
}
