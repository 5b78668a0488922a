import type {
  TNewPanel,
  TNewPanelReward,
  TNewPanelTask,
  TPanel,
  TPanelMember,
  TPanelPatch,
  TPanelRedemption,
  TPanelRedemptionStatus,
  TPanelReward,
  TPanelRewardPatch,
  TPanelSubmission,
  TPanelTask,
} from '@loopcx/shared';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { type MutationCallbacks, useInvalidatingMutation } from '../../lib/query.ts';

export type { TPanel, TPanelMember, TPanelRedemption, TPanelReward, TPanelSubmission, TPanelTask };

export interface MemberDetail {
  member: TPanelMember;
  screenerAnswers: Record<string, unknown>;
  ledger: Array<{
    id: string;
    delta: number;
    reason: string;
    referenceId: string | null;
    note: string | null;
    createdAt: string;
  }>;
  assignments: Array<{ id: string; taskId: string; title: string; status: string; dueAt: string }>;
  portalUrl: string | null;
}
export interface MemberFilter {
  status?: string;
  tier?: string;
  q?: string;
  page: number;
}

/** Query keys of the panel module. */
export const panelKeys = {
  all: ['panel'] as const,
  panels: () => [...panelKeys.all, 'panels'] as const,
  members: (panelId: string, f?: MemberFilter) => [...panelKeys.all, 'members', panelId, f ?? {}] as const,
  member: (id: string) => [...panelKeys.all, 'member', id] as const,
  tasks: (panelId: string) => [...panelKeys.all, 'tasks', panelId] as const,
  submissions: (panelId: string, state: string) => [...panelKeys.all, 'submissions', panelId, state] as const,
  rewards: (panelId: string) => [...panelKeys.all, 'rewards', panelId] as const,
  redemptions: (panelId: string, status: string) => [...panelKeys.all, 'redemptions', panelId, status] as const,
};

const qs = (o: Record<string, unknown>) =>
  new URLSearchParams(
    Object.entries(o).filter(([, v]) => v !== undefined && v !== '') as Array<[string, string]>,
  ).toString();

export const usePanels = () =>
  useQuery({ queryKey: panelKeys.panels(), queryFn: () => api<{ items: TPanel[] }>('panels').then((r) => r.items) });

export const useMembers = (panelId: string | undefined, f: MemberFilter) =>
  useQuery({
    queryKey: panelKeys.members(panelId ?? '', f),
    queryFn: () => api<{ items: TPanelMember[]; total: number }>(`panels/${panelId}/members?${qs({ ...f })}`),
    enabled: !!panelId,
  });

export const useMember = (id: string | undefined) =>
  useQuery({
    queryKey: panelKeys.member(id ?? ''),
    queryFn: () => api<MemberDetail>(`panel-members/${id}`),
    enabled: !!id,
  });

export const useTasks = (panelId: string | undefined) =>
  useQuery({
    queryKey: panelKeys.tasks(panelId ?? ''),
    queryFn: () => api<{ items: TPanelTask[] }>(`panels/${panelId}/tasks`).then((r) => r.items),
    enabled: !!panelId,
  });

export const useSubmissions = (panelId: string | undefined, state: 'pending' | 'reviewed' | 'all') =>
  useQuery({
    queryKey: panelKeys.submissions(panelId ?? '', state),
    queryFn: () => api<{ items: TPanelSubmission[]; total: number }>(`panel-submissions?${qs({ panelId, state })}`),
    enabled: !!panelId,
  });

export const useSavePanel = (cb?: MutationCallbacks<TPanel, { id?: string; body: TNewPanel | TPanelPatch }>) =>
  useInvalidatingMutation(
    ({ id, body }: { id?: string; body: TNewPanel | TPanelPatch }) =>
      api<TPanel>(id ? `panels/${id}` : 'panels', { method: id ? 'PATCH' : 'POST', body }),
    [panelKeys.all],
    cb,
  );

export const useCreateTask = (cb?: MutationCallbacks<unknown, { panelId: string; body: TNewPanelTask }>) =>
  useInvalidatingMutation(
    ({ panelId, body }: { panelId: string; body: TNewPanelTask }) => api(`panels/${panelId}/tasks`, { body }),
    [panelKeys.all],
    cb,
  );

export const useReview = (
  cb?: MutationCallbacks<TPanelSubmission, { id: string; decision: 'approve' | 'reject'; note?: string }>,
) =>
  useInvalidatingMutation(
    ({ id, ...body }: { id: string; decision: 'approve' | 'reject'; note?: string }) =>
      api<TPanelSubmission>(`panel-submissions/${id}/review`, { body }),
    [panelKeys.all],
    cb,
  );

export const useUpdateMember = (
  cb?: MutationCallbacks<MemberDetail, { id: string; status?: string; rotateLink?: true }>,
) =>
  useInvalidatingMutation(
    ({ id, ...body }: { id: string; status?: string; rotateLink?: true }) =>
      api<MemberDetail>(`panel-members/${id}`, { method: 'PATCH', body }),
    [panelKeys.all],
    cb,
  );

export const useRewards = (panelId: string | undefined) =>
  useQuery({
    queryKey: panelKeys.rewards(panelId ?? ''),
    queryFn: () => api<{ items: TPanelReward[] }>(`panels/${panelId}/rewards`).then((r) => r.items),
    enabled: !!panelId,
  });

export const useRedemptions = (panelId: string | undefined, status: TPanelRedemptionStatus | 'all') =>
  useQuery({
    queryKey: panelKeys.redemptions(panelId ?? '', status),
    queryFn: () =>
      api<{ items: TPanelRedemption[]; total: number }>(
        `panel-redemptions?${qs({ panelId, status: status === 'all' ? undefined : status })}`,
      ),
    enabled: !!panelId,
  });

export const useSaveReward = (
  cb?: MutationCallbacks<TPanelReward, { panelId: string; id?: string; body: TNewPanelReward | TPanelRewardPatch }>,
) =>
  useInvalidatingMutation(
    ({ panelId, id, body }: { panelId: string; id?: string; body: TNewPanelReward | TPanelRewardPatch }) =>
      api<TPanelReward>(id ? `panel-rewards/${id}` : `panels/${panelId}/rewards`, {
        method: id ? 'PATCH' : 'POST',
        body,
      }),
    [panelKeys.all],
    cb,
  );

export const useResolveRedemption = (
  cb?: MutationCallbacks<TPanelRedemption, { id: string; status: 'fulfilled' | 'cancelled'; note?: string }>,
) =>
  useInvalidatingMutation(
    ({ id, ...body }: { id: string; status: 'fulfilled' | 'cancelled'; note?: string }) =>
      api<TPanelRedemption>(`panel-redemptions/${id}`, { method: 'PATCH', body }),
    [panelKeys.all],
    cb,
  );
