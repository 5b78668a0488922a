import type {
  TConceptTest,
  TConceptTestCreate,
  TConceptTestPatch,
  TGateDecisionValue,
  TGateEvidence,
  TGateRecord,
} from '@loopcx/shared';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { type MutationCallbacks, useInvalidatingMutation } from '../../lib/query.ts';

export type ConceptTest = TConceptTest;
export type GateEvidence = TGateEvidence;
export type GateRecord = TGateRecord;
export type Decision = TGateDecisionValue;

/** Literal copies of the contract's enums (decision 31: the console imports only types from @loopcx/shared). */
export const DECISIONS = ['launch', 'veto', 'insufficient'] as const;
export const CONFIDENCES = [0.9, 0.95, 0.99] as const;

export interface ConceptTemplate {
  id: string;
  kind: TConceptTest['kind'];
  name: { 'zh-CN': string; en: string };
  description: { 'zh-CN': string; en: string };
  approvalQuestion: string;
  questions: number;
  threshold: number;
  minN: number;
}

/** A survey as the create drawer lists it, and one with its definition (to pick questions from). */
export interface SurveyItem {
  id: string;
  name: string;
  status: string;
}
export interface SurveyWithDefinition extends SurveyItem {
  definition: { pages?: Array<{ elements?: Array<Record<string, unknown>> }> };
}

export const conceptKeys = {
  all: ['concept-tests'] as const,
  list: (archived: boolean) => [...conceptKeys.all, 'list', archived] as const,
  ofProduct: (productId: string) => [...conceptKeys.all, 'product', productId] as const,
  detail: (id: string | undefined) => [...conceptKeys.all, 'detail', id] as const,
  gate: (id: string | undefined) => [...conceptKeys.all, 'gate', id] as const,
  records: (id: string | undefined) => [...conceptKeys.all, 'records', id] as const,
  templates: () => [...conceptKeys.all, 'templates'] as const,
  surveys: () => [...conceptKeys.all, 'surveys'] as const,
  survey: (id: string | undefined) => [...conceptKeys.all, 'survey', id] as const,
};

export function useConceptTests(archived: boolean) {
  return useQuery({
    queryKey: conceptKeys.list(archived),
    queryFn: () =>
      api<{ items: ConceptTest[] }>(`concept-tests${archived ? '?archived=true' : ''}`).then((r) => r.items),
  });
}

/** The tests that name a product (its page lists them with their gate status). */
export function useProductConceptTests(productId: string | undefined) {
  return useQuery({
    queryKey: conceptKeys.ofProduct(productId ?? ''),
    queryFn: () =>
      api<{ items: ConceptTest[] }>(`concept-tests?productId=${encodeURIComponent(productId ?? '')}`).then(
        (r) => r.items,
      ),
    enabled: productId !== undefined,
  });
}

export function useConceptTest(id: string | undefined) {
  return useQuery({
    queryKey: conceptKeys.detail(id),
    queryFn: () => api<ConceptTest>(`concept-tests/${id}`),
    enabled: !!id,
  });
}

/** The live gate decision with its evidence (computed on each request, not stored). */
export function useGate(id: string | undefined) {
  return useQuery({
    queryKey: conceptKeys.gate(id),
    queryFn: () => api<GateEvidence>(`concept-tests/${id}/decision`),
    enabled: !!id,
  });
}

/** The recorded decisions, oldest first. */
export function useRecords(id: string | undefined) {
  return useQuery({
    queryKey: conceptKeys.records(id),
    queryFn: () => api<{ items: GateRecord[] }>(`concept-tests/${id}/decisions`).then((r) => r.items),
    enabled: !!id,
  });
}

export function useConceptTemplates(enabled: boolean) {
  return useQuery({
    queryKey: conceptKeys.templates(),
    queryFn: () => api<{ items: ConceptTemplate[] }>('concept-tests/templates').then((r) => r.items),
    enabled,
  });
}

/** The tenant's surveys (not archived) for the create drawer. */
export function useSurveyChoices(enabled: boolean) {
  return useQuery({
    queryKey: conceptKeys.surveys(),
    queryFn: () => api<{ items: SurveyItem[] }>('surveys?limit=500').then((r) => r.items),
    enabled,
  });
}

export function useSurveyDefinition(id: string | undefined) {
  return useQuery({
    queryKey: conceptKeys.survey(id),
    queryFn: () => api<SurveyWithDefinition>(`surveys/${id}`),
    enabled: !!id,
  });
}

export function useCreateConceptTest(callbacks?: MutationCallbacks<ConceptTest, TConceptTestCreate>) {
  return useInvalidatingMutation(
    (body: TConceptTestCreate) => api<ConceptTest>('concept-tests', { body }),
    [conceptKeys.all],
    callbacks,
  );
}

export interface FromTemplateBody {
  templateId: string;
  name: string;
  threshold?: number;
  minN?: number;
  confidence?: number;
  productId?: string | null;
}
export function useCreateFromTemplate(callbacks?: MutationCallbacks<ConceptTest, FromTemplateBody>) {
  return useInvalidatingMutation(
    (body: FromTemplateBody) => api<ConceptTest>('concept-tests/from-template', { body }),
    [conceptKeys.all],
    callbacks,
  );
}

export function usePatchConceptTest(id: string, callbacks?: MutationCallbacks<ConceptTest, TConceptTestPatch>) {
  return useInvalidatingMutation(
    (body: TConceptTestPatch) => api<ConceptTest>(`concept-tests/${id}`, { method: 'PATCH', body }),
    [conceptKeys.all],
    callbacks,
  );
}

export function useRecordDecision(id: string, callbacks?: MutationCallbacks<GateRecord, void>) {
  return useInvalidatingMutation(
    () => api<GateRecord>(`concept-tests/${id}/decisions`, { method: 'POST' }),
    [conceptKeys.all],
    callbacks,
  );
}

export function useOverride(
  id: string,
  callbacks?: MutationCallbacks<GateRecord, { decision: Decision; justification: string }>,
) {
  return useInvalidatingMutation(
    (body: { decision: Decision; justification: string }) => api<GateRecord>(`concept-tests/${id}/override`, { body }),
    [conceptKeys.all],
    callbacks,
  );
}

/** Questions of a survey definition (top-level and in panels) with their type, for the pickers. */
export function questionsOf(s: SurveyWithDefinition | undefined) {
  const out: Array<{
    name: string;
    type: string;
    title: string;
    choices: string[];
    rateMin?: number;
    rateMax?: number;
  }> = [];
  const walk = (els: Array<Record<string, unknown>>) => {
    for (const e of els) {
      if (typeof e.name === 'string' && typeof e.type === 'string' && e.type !== 'panel') {
        const title = e.title as string | Record<string, string> | undefined;
        const choices = ((e.choices as unknown[]) ?? []).map((c) =>
          typeof c === 'object' && c !== null ? String((c as { value: unknown }).value) : String(c),
        );
        out.push({
          name: e.name,
          type: e.type,
          title: typeof title === 'string' ? title : (title?.['zh-cn'] ?? title?.default ?? e.name),
          choices,
          rateMin: typeof e.rateMin === 'number' ? e.rateMin : undefined,
          rateMax: typeof e.rateMax === 'number' ? e.rateMax : undefined,
        });
      }
      if (Array.isArray(e.elements)) walk(e.elements as Array<Record<string, unknown>>);
    }
  };
  for (const p of s?.definition.pages ?? []) walk(p.elements ?? []);
  return out;
}
