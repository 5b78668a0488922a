import type { TAudit, TCalibrationReport } from '@loopcx/shared';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { type MutationCallbacks, useInvalidatingMutation } from '../../lib/query.ts';
import { qualityKeys } from './api.ts';

export type CalibrationReport = TCalibrationReport;
export type KappaRow = TCalibrationReport['overall'];

/** Below this κ inspectors judge an item too differently to trust its error rate (Landis & Koch: "moderate"). */
export const KAPPA_FLAG = 0.6;

/** Cohen's κ of a checklist's calibration pairs in the tenant days [from, to). */
export function useCalibration(checklistId: string | undefined, from: string, to: string) {
  return useQuery({
    queryKey: [...qualityKeys.all, 'calibration', checklistId, from, to] as const,
    queryFn: () =>
      api<CalibrationReport>(
        `audits/calibration?${new URLSearchParams({ checklistId: checklistId ?? '', from, to }).toString()}`,
      ),
    enabled: !!checklistId,
  });
}

/** Assigns a calibration partner (a second inspector on the same visit) to audit `id`. */
export function useAssignCalibration(id: string, callbacks?: MutationCallbacks<TAudit, { inspectorId: string }>) {
  return useInvalidatingMutation(
    (v: { inspectorId: string }) => api<TAudit>(`audits/${id}/calibration`, { body: v }),
    [qualityKeys.all],
    callbacks,
  );
}
