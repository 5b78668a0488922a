import type { TNbaCondition, TNbaRule, TNbaRuleInput, TNbaUplift, TNextBestAction } from '@loopcx/shared';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { type MutationCallbacks, useInvalidatingMutation } from '../../lib/query.ts';

/** Query keys of next-best action. */
export const nbaKeys = {
  all: ['nba'] as const,
  rules: () => [...nbaKeys.all, 'rules'] as const,
  uplift: (id: string) => [...nbaKeys.all, 'uplift', id] as const,
  preview: (json: string) => [...nbaKeys.all, 'preview', json] as const,
  customer: (id: string | undefined) => [...nbaKeys.all, 'customer', id] as const,
};

/** The tenant's rules in priority order. */
export function useNbaRules() {
  return useQuery({
    queryKey: nbaKeys.rules(),
    queryFn: () => api<{ items: TNbaRule[] }>('nba/rules').then((r) => r.items),
  });
}

/** A rule's measured uplift over the last 365 days. */
export function useUplift(id: string) {
  return useQuery({ queryKey: nbaKeys.uplift(id), queryFn: () => api<TNbaUplift>(`nba/rules/${id}/uplift`) });
}

/** How many customers match the conditions now (run on demand: `enabled` false until asked). */
export function usePreview(conditions: TNbaCondition[], enabled: boolean) {
  const json = JSON.stringify(conditions);
  return useQuery({
    queryKey: nbaKeys.preview(json),
    queryFn: () =>
      api<{ matching: number; scanned: number; capped: boolean }>('nba/rules/preview', {
        body: { conditions: JSON.parse(json) },
      }),
    enabled,
    retry: false,
  });
}

/** Creates (no id) or changes a rule. */
export function useSaveRule(id: string | undefined, callbacks?: MutationCallbacks<TNbaRule, TNbaRuleInput>) {
  return useInvalidatingMutation(
    (body: TNbaRuleInput) =>
      api<TNbaRule>(id ? `nba/rules/${id}` : 'nba/rules', { method: id ? 'PATCH' : 'POST', body }),
    [nbaKeys.all],
    callbacks,
  );
}

/** Patches one field set of a rule (enable/disable from the list). */
export function usePatchRule(callbacks?: MutationCallbacks<TNbaRule, { id: string; patch: Partial<TNbaRuleInput> }>) {
  return useInvalidatingMutation(
    ({ id, patch }: { id: string; patch: Partial<TNbaRuleInput> }) =>
      api<TNbaRule>(`nba/rules/${id}`, { method: 'PATCH', body: patch }),
    [nbaKeys.all],
    callbacks,
  );
}

export function useDeleteRule(callbacks?: MutationCallbacks<unknown, string>) {
  return useInvalidatingMutation(
    (id: string) => api(`nba/rules/${id}`, { method: 'DELETE' }),
    [nbaKeys.all],
    callbacks,
  );
}

/** Sets the priority order (every rule id, highest first). */
export function useReorderRules(callbacks?: MutationCallbacks<unknown, string[]>) {
  return useInvalidatingMutation(
    (ids: string[]) => api('nba/rules/order', { method: 'PUT', body: { ids } }),
    [nbaKeys.rules()],
    callbacks,
  );
}

/** The customer's next-best action (records the decision on first call; repeated calls answer the same). */
export function useNextBestAction(customerId: string | undefined) {
  return useQuery({
    queryKey: nbaKeys.customer(customerId),
    queryFn: () => api<TNextBestAction>(`customers/${customerId}/next-best-action`),
    enabled: !!customerId,
  });
}

/** The id of the live profile holding a member id (exact search), or null. */
export function useCustomerByRef(ref: string | undefined) {
  return useQuery({
    queryKey: [...nbaKeys.all, 'ref', ref] as const,
    queryFn: () =>
      api<{ items: Array<{ id: string; mergedInto: string | null }> }>(
        `customers?q=${encodeURIComponent(ref ?? '')}&limit=1`,
      ).then((r) => r.items.find((c) => !c.mergedInto)?.id ?? null),
    enabled: !!ref,
  });
}

/** Marks the customer's decision taken or dismissed. */
export function useMarkDecision(
  customerId: string | undefined,
  callbacks?: MutationCallbacks<TNextBestAction, { decisionId: string; status: 'taken' | 'dismissed' }>,
) {
  return useInvalidatingMutation(
    ({ decisionId, status }: { decisionId: string; status: 'taken' | 'dismissed' }) =>
      api<TNextBestAction>(`customers/${customerId}/next-best-action/${decisionId}/${status}`, { method: 'POST' }),
    [nbaKeys.customer(customerId)],
    callbacks,
  );
}
