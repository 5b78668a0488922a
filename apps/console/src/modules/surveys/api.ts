import type {
  TSurveyInvitationLinkResponse,
  TSurveyLinkResponse,
  TSurveyListResponse,
  TSurveyPublishResponse,
  TSurveyResponse,
  TSurveyTemplatesResponse,
  TSurveyUnitLinksResponse,
} from '@loopcx/shared';
import { useMutation, useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { type MutationCallbacks, useInvalidatingMutation } from '../../lib/query.ts';

/** A survey as GET /surveys lists it. */
export type SurveyRow = TSurveyResponse;

/** One survey with its draft definition (GET /surveys/:id). */
export type Survey = TSurveyResponse;

/** A starting point in the template picker, named and described per language. */
export type SurveyTemplate = TSurveyTemplatesResponse['items'][number];

/** A store's link (and QR code) for a survey at a touchpoint. */
export type UnitLink = TSurveyUnitLinksResponse['items'][number];

/** What a personalised, signed link is made for. */
export interface PersonalLinkInput {
  customer?: string;
  orgUnitId?: string;
  context?: string;
  expiresAt?: { toISOString(): string };
}

/** Query keys for surveys: the list, one survey, and its links. */
export const surveyKeys = {
  all: ['surveys'] as const,
  list: () => [...surveyKeys.all, 'list'] as const,
  detail: (id: string | undefined) => [...surveyKeys.all, 'detail', id] as const,
  link: (id: string) => [...surveyKeys.all, 'link', id] as const,
  unitLinks: (id: string, touchpointId: string | undefined) =>
    [...surveyKeys.all, 'unit-links', id, touchpointId] as const,
  templates: () => ['survey-templates'] as const,
};

/** The tenant's surveys (also the survey pickers of other modules). */
export function useSurveys() {
  return useQuery({
    queryKey: surveyKeys.list(),
    // Every page: the list and the survey pickers of other modules want all surveys (the server pages by 500).
    queryFn: async () => {
      const items: SurveyRow[] = [];
      let cursor: string | null = null;
      do {
        const page: TSurveyListResponse = await api(`surveys${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`);
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return items;
    },
  });
}

/** One survey with its draft. */
export function useSurvey(id: string | undefined) {
  return useQuery({
    queryKey: surveyKeys.detail(id),
    queryFn: () => api<Survey>(`surveys/${id}`),
    enabled: id !== undefined,
  });
}

/** The template gallery, loaded once the picker opens. */
export function useSurveyTemplates(enabled: boolean) {
  return useQuery({
    queryKey: surveyKeys.templates(),
    queryFn: () => api<{ items: SurveyTemplate[] }>('survey-templates').then((r) => r.items),
    enabled,
  });
}

/** The survey's anonymous link. */
export function useSurveyLink(id: string) {
  return useQuery({ queryKey: surveyKeys.link(id), queryFn: () => api<TSurveyLinkResponse>(`surveys/${id}/link`) });
}

/** A link per store in scope, for one touchpoint or none. */
export function useUnitLinks(id: string, touchpointId: string | undefined) {
  return useQuery({
    queryKey: surveyKeys.unitLinks(id, touchpointId),
    queryFn: () =>
      api<{ items: UnitLink[] }>(`surveys/${id}/unit-links${touchpointId ? `?touchpointId=${touchpointId}` : ''}`).then(
        (r) => r.items,
      ),
  });
}

/** Creates a survey (blank or from `templateId`). */
export function useCreateSurvey(callbacks?: MutationCallbacks<SurveyRow, Record<string, unknown>>) {
  return useInvalidatingMutation(
    (body: Record<string, unknown>) => api<SurveyRow>('surveys', { body }),
    [surveyKeys.all],
    callbacks,
  );
}

/** A lifecycle step on a survey: publish, pause, close, archive, duplicate… (POST /surveys/:id/:action). */
export function useSurveyAction(callbacks?: MutationCallbacks<unknown, { id: string; action: string }>) {
  return useInvalidatingMutation(
    ({ id, action }: { id: string; action: string }) => api(`surveys/${id}/${action}`, { method: 'POST' }),
    [surveyKeys.all],
    callbacks,
  );
}

/** Saves the draft: name, definition, bindings and touchpoint. */
export function useSaveSurvey(id: string | undefined, callbacks?: MutationCallbacks<Survey, Record<string, unknown>>) {
  return useInvalidatingMutation(
    (body: Record<string, unknown>) => api<Survey>(`surveys/${id}`, { method: 'PATCH', body }),
    [surveyKeys.all],
    callbacks,
  );
}

/** Publishes the draft as a new version after `saveFirst` (the editor saves what is on screen). */
export function usePublishSurvey(
  id: string | undefined,
  callbacks?: MutationCallbacks<TSurveyPublishResponse, () => Promise<unknown>>,
) {
  return useInvalidatingMutation(
    async (saveFirst: () => Promise<unknown>) => {
      await saveFirst();
      return api<TSurveyPublishResponse>(`surveys/${id}/publish`, { method: 'POST' });
    },
    [surveyKeys.detail(id)],
    callbacks,
  );
}

/** Makes a personalised, signed link (nothing cached changes). */
export function useCreatePersonalLink(
  id: string,
  touchpointId: string | undefined,
  callbacks: MutationCallbacks<{ url: string }, PersonalLinkInput>,
) {
  return useMutation<{ url: string }, Error, PersonalLinkInput>({
    mutationFn: (v) =>
      api<TSurveyInvitationLinkResponse>(`surveys/${id}/links`, {
        body: {
          customer: v.customer ? { externalId: v.customer } : undefined,
          orgUnitId: v.orgUnitId,
          touchpointId,
          context: v.context ? JSON.parse(v.context) : undefined,
          expiresAt: v.expiresAt?.toISOString(),
        },
      }),
    onSuccess: (data, vars) => callbacks.onSuccess?.(data, vars),
    onError: (err, vars) => callbacks.onError?.(err, vars),
  });
}
