import type {
  TAssignment,
  TAssignmentDetail,
  TAttempt,
  TMetricQueryResponse,
  TNewAssignment,
  TNewQuiz,
  TQuiz,
} from '@loopcx/shared';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { type MutationCallbacks, useInvalidatingMutation } from '../../lib/query.ts';
import { qualityKeys } from './api.ts';

export type Quiz = TQuiz;
export type Assignment = TAssignment;
export type AssignmentDetail = TAssignmentDetail;
export type Attempt = TAttempt;
export type QuizInput = Omit<TNewQuiz, 'checklistId'> & { checklistId?: string | null };

/** Literal copies of the contract's enums (decision 31: the console imports only types from @loopcx/shared). */
export const QUESTION_TYPES = ['single', 'multiple', 'true_false'] as const;
export const ASSIGNMENT_STATUSES = ['open', 'overdue', 'passed', 'failed'] as const;
export const TRAINING_METRICS = ['training.completion_rate', 'training.pass_rate'] as const;

/** Filters of the assignments table. */
export interface AssignmentFilters {
  orgUnitId?: string;
  status?: string;
  quizId?: string;
  auditId?: string;
  page: number;
}

export const trainingKeys = {
  all: [...qualityKeys.all, 'training'] as const,
  quizzes: (f: object) => [...trainingKeys.all, 'quizzes', f] as const,
  assignments: (f: AssignmentFilters) => [...trainingKeys.all, 'assignments', f] as const,
  my: () => [...trainingKeys.all, 'my'] as const,
  assignment: (id: string | undefined) => [...trainingKeys.all, 'assignment', id] as const,
  metric: (body: object) => [...trainingKeys.all, 'metric', body] as const,
};

const qs = (o: object) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  return q.toString();
};

/** Quizzes (active; `archived` includes archived ones), optionally those training one checklist item. */
export function useQuizzes(f: { archived?: boolean; checklistId?: string; itemCode?: string } = {}, enabled = true) {
  return useQuery({
    queryKey: trainingKeys.quizzes(f),
    queryFn: () =>
      api<{ items: Quiz[] }>(`training/quizzes?${qs({ ...f, archived: f.archived ? 'true' : undefined })}`).then(
        (r) => r.items,
      ),
    enabled,
  });
}

/** Creates a quiz, or patches `id` (new questions or pass mark make a new version; `archived` archives it). */
export function useSaveQuiz(
  callbacks?: MutationCallbacks<Quiz, { id?: string; body: Partial<QuizInput> & { archived?: boolean } }>,
) {
  return useInvalidatingMutation(
    (v: { id?: string; body: Partial<QuizInput> & { archived?: boolean } }) =>
      v.id
        ? api<Quiz>(`training/quizzes/${v.id}`, { method: 'PATCH', body: v.body })
        : api<Quiz>('training/quizzes', { body: v.body }),
    [trainingKeys.all],
    callbacks,
  );
}

/** Assignments of the caller's subtree matching the filters, newest first, 50 a page. */
export function useAssignments(f: AssignmentFilters) {
  return useQuery({
    queryKey: trainingKeys.assignments(f),
    queryFn: () => api<{ items: Assignment[]; total: number; page: number }>(`training/assignments?${qs(f)}`),
    placeholderData: keepPreviousData,
  });
}

/** Assigns a quiz to a unit's staff (those holding an open assignment of it are skipped). */
export function useAssignTraining(
  callbacks?: MutationCallbacks<{ items: Assignment[]; skipped: string[] }, TNewAssignment>,
) {
  return useInvalidatingMutation(
    (b: TNewAssignment) => api<{ items: Assignment[]; skipped: string[] }>('training/assignments', { body: b }),
    [trainingKeys.all],
    callbacks,
  );
}

/** The caller's own assignments. */
export function useMyTraining() {
  return useQuery({
    queryKey: trainingKeys.my(),
    queryFn: () => api<{ items: Assignment[] }>('training/my').then((r) => r.items),
  });
}

/** One assignment with its quiz (no answers until done) and past attempts. */
export function useAssignment(id: string | undefined) {
  return useQuery({
    queryKey: trainingKeys.assignment(id),
    queryFn: () => api<AssignmentDetail>(`training/assignments/${id}`),
    enabled: !!id,
  });
}

/** Submits an attempt; the server grades it. */
export function useSubmitAttempt(
  id: string,
  callbacks?: MutationCallbacks<
    Attempt,
    { answers: Array<{ code: string; values: string[] }>; idempotencyKey: string }
  >,
) {
  return useInvalidatingMutation(
    (b: { answers: Array<{ code: string; values: string[] }>; idempotencyKey: string }) =>
      api<Attempt>(`training/assignments/${id}/attempts`, { body: b }),
    [trainingKeys.all],
    callbacks,
  );
}

/** A training metric by child unit of `orgUnitId` over the tenant days [from, to). */
export function useTrainingMetric(body: { metric: string; orgUnitId: string; from: string; to: string }) {
  const q = { ...body, groupBy: 'children' };
  return useQuery({
    queryKey: trainingKeys.metric(q),
    queryFn: () => api<TMetricQueryResponse>('metrics/query', { body: q }),
    enabled: !!body.orgUnitId,
  });
}
