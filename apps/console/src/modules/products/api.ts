import type {
  THoldingList,
  TNewProduct,
  TProductDetail,
  TProductList,
  TProductPatch,
  TProductStage,
  TScorecard,
  TStageChangeInput,
} from '@loopcx/shared';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { type MutationCallbacks, useInvalidatingMutation } from '../../lib/query.ts';

export interface ProductFilters {
  stage?: TProductStage;
  q?: string;
}

export interface ScorecardAsk {
  from?: string;
  to?: string;
  unitId?: string;
}

/** Query keys of the products module. */
export const productKeys = {
  all: ['products'] as const,
  list: (f: ProductFilters) => [...productKeys.all, 'list', f] as const,
  detail: (id: string) => [...productKeys.all, 'detail', id] as const,
  scorecard: (id: string, a: ScorecardAsk) => [...productKeys.all, 'scorecard', id, a] as const,
  holdings: (customerId: string) => [...productKeys.all, 'holdings', customerId] as const,
};

const qs = (o: Record<string, string | undefined>) => {
  const p = new URLSearchParams(Object.entries(o).filter((e): e is [string, string] => !!e[1]));
  const s = p.toString();
  return s ? `?${s}` : '';
};

export function useProducts(f: ProductFilters) {
  return useQuery({
    queryKey: productKeys.list(f),
    queryFn: () => api<TProductList>(`products${qs({ stage: f.stage, q: f.q })}`),
  });
}

export function useProduct(id: string | undefined) {
  return useQuery({
    queryKey: productKeys.detail(id ?? ''),
    queryFn: () => api<TProductDetail>(`products/${id}`),
    enabled: !!id,
    // While its link backfill is queued or running, the page follows its progress (one batch every few seconds).
    refetchInterval: (q) => (q.state.data?.backfill && q.state.data.backfill.status !== 'done' ? 3000 : false),
  });
}

/** Links the tenant's stored order and return events again (POST /products/{id}/relink: a background run). */
export function useRelink(id: string, cb: MutationCallbacks<TProductDetail, void> = {}) {
  return useInvalidatingMutation(
    () => api<TProductDetail>(`products/${id}/relink`, { body: {} }),
    [productKeys.all],
    cb,
  );
}

export function useScorecard(id: string | undefined, a: ScorecardAsk) {
  return useQuery({
    queryKey: productKeys.scorecard(id ?? '', a),
    queryFn: () => api<TScorecard>(`products/${id}/scorecard${qs({ from: a.from, to: a.to, unitId: a.unitId })}`),
    enabled: !!id,
  });
}

/** The products a customer holds (the customer page's card). */
export function useHoldings(customerId: string | undefined) {
  return useQuery({
    queryKey: productKeys.holdings(customerId ?? ''),
    queryFn: () => api<THoldingList>(`products/holdings${qs({ customerId })}`),
    enabled: !!customerId,
  });
}

export function useCreateProduct(cb: MutationCallbacks<TProductDetail, TNewProduct> = {}) {
  return useInvalidatingMutation(
    (body: TNewProduct) => api<TProductDetail>('products', { body }),
    [productKeys.all],
    cb,
  );
}

export function useSaveProduct(id: string, cb: MutationCallbacks<TProductDetail, TProductPatch> = {}) {
  return useInvalidatingMutation(
    (body: TProductPatch) => api<TProductDetail>(`products/${id}`, { method: 'PATCH', body }),
    [productKeys.all],
    cb,
  );
}

export function useChangeStage(id: string, cb: MutationCallbacks<TProductDetail, TStageChangeInput> = {}) {
  return useInvalidatingMutation(
    (body: TStageChangeInput) => api<TProductDetail>(`products/${id}/stage`, { body }),
    [productKeys.all],
    cb,
  );
}
