import {
  PRODUCT_STAGE_MOVES,
  type TProduct,
  type TProductBackfill,
  type TProductDetail,
  type TProductSettings,
  type TStageChange,
} from '@loopcx/shared';
import type { ProductRow, StageChangeRow } from './queries/products.ts';
import { parseRules } from './settings.ts';

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

/** A product as the API answers it; `settings` gives the tenant's default review rules. */
export function presentProduct(p: ProductRow, settings: TProductSettings): TProduct {
  const own = p.review_rules === null ? null : parseRules(p.review_rules);
  const n = Number(p.nps_n);
  return {
    id: p.id,
    code: p.code,
    name: p.name,
    nameEn: p.name_en,
    category: p.category,
    stage: p.stage,
    owner: p.owner_id ? { id: p.owner_id, name: p.owner_name ?? '' } : null,
    launchedAt: iso(p.launched_at),
    retiredAt: iso(p.retired_at),
    targets: p.targets,
    reviewRules: own,
    effectiveReviewRules: own ?? settings.reviewRules,
    attributes: p.attributes,
    holders: Number(p.holders),
    recentNps: { value: n ? ((Number(p.promoters) - Number(p.detractors)) / n) * 100 : null, n },
    nextStages: [...PRODUCT_STAGE_MOVES[p.stage]],
    createdAt: iso(p.created_at)!,
    updatedAt: iso(p.updated_at)!,
  };
}

export function presentStageChange(c: StageChangeRow): TStageChange {
  return {
    id: c.id,
    from: c.from_stage,
    to: c.to_stage,
    by: c.changed_by ? { id: c.changed_by, name: c.by_name ?? '' } : null,
    note: c.note,
    rule: (c.rule as TStageChange['rule']) ?? null,
    at: iso(c.changed_at)!,
  };
}

export function presentProductDetail(
  p: ProductRow,
  history: StageChangeRow[],
  settings: TProductSettings,
  backfill: TProductBackfill | null,
): TProductDetail {
  return { ...presentProduct(p, settings), history: history.map(presentStageChange), backfill };
}
