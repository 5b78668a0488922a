import type {
  TAuditPlan,
  TAuditPlanDetail,
  TAuditPlanList,
  TAuditPlanPatch,
  TAuditPlanRun,
  TNewAuditPlan,
} from '@loopcx/shared';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { type MutationCallbacks, useInvalidatingMutation } from '../../lib/query.ts';
import { qualityKeys } from './api.ts';

export type AuditPlan = TAuditPlan;
export type AuditPlanDetail = TAuditPlanDetail;
export type AuditPlanRun = TAuditPlanRun;
export type NewAuditPlan = TNewAuditPlan;

/** Query keys of audit plans (under the module's key, so an audit change refreshes the runs' completion too). */
export const planKeys = {
  all: [...qualityKeys.all, 'plans'] as const,
  list: () => [...planKeys.all, 'list'] as const,
  plan: (id: string | undefined) => [...planKeys.all, 'plan', id] as const,
};

/** The caller's audit plans with their last run. */
export function usePlans() {
  return useQuery({
    queryKey: planKeys.list(),
    queryFn: () => api<TAuditPlanList>('audit-plans').then((r) => r.items),
  });
}

/** One plan with its runs and their completion. */
export function usePlan(id: string | undefined) {
  return useQuery({
    queryKey: planKeys.plan(id),
    queryFn: () => api<AuditPlanDetail>(`audit-plans/${id}`),
    enabled: !!id,
  });
}

/** Creates a plan, or patches `id` (pause/resume with `active`, or what future runs do). */
export function useSavePlan(
  callbacks?: MutationCallbacks<AuditPlan, { id?: string; body: NewAuditPlan | TAuditPlanPatch }>,
) {
  return useInvalidatingMutation(
    (v: { id?: string; body: NewAuditPlan | TAuditPlanPatch }) =>
      v.id
        ? api<AuditPlan>(`audit-plans/${v.id}`, { method: 'PATCH', body: v.body })
        : api<AuditPlan>('audit-plans', { body: v.body }),
    [qualityKeys.all],
    callbacks,
  );
}

/** Runs the current period now; answers the run (made now, or already made this period). */
export function useRunPlan(
  id: string | undefined,
  callbacks?: MutationCallbacks<{ created: boolean; run: AuditPlanRun }, void>,
) {
  return useInvalidatingMutation(
    () => api<{ created: boolean; run: AuditPlanRun }>(`audit-plans/${id}/run`, { method: 'POST', body: {} }),
    [qualityKeys.all],
    callbacks,
  );
}
