import type { TImportMapping, TImportPreview, TResponseImport, TResponseImportList } from '@loopcx/shared';
import { useQuery } from '@tanstack/react-query';
import { ApiError, api } from '../../lib/api.ts';

/** Query keys for imports. */
export const importKeys = {
  all: ['response-imports'] as const,
  list: (surveyId: string | undefined) => [...importKeys.all, 'list', surveyId] as const,
  one: (surveyId: string | undefined, id: string | undefined) => [...importKeys.all, 'one', surveyId, id] as const,
};

const base = (surveyId: string) => `surveys/${surveyId}/response-imports`;

/** The reject report's address (a CSV download). */
export const rejectsUrl = (surveyId: string, id: string) => `/api/v1/${base(surveyId)}/${id}/rejects.csv`;

/** Uploads a file as the request body (streamed by the browser; the server stores it in chunks). */
export async function uploadFile(surveyId: string, file: File, encoding?: string): Promise<TResponseImport> {
  const q = new URLSearchParams({ fileName: file.name, ...(encoding ? { encoding } : {}) });
  const xlsx = /\.xlsx$/i.test(file.name);
  const res = await fetch(`/api/v1/${base(surveyId)}?${q}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: {
      'content-type': xlsx ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv',
    },
    body: file,
  });
  const body = await res.json();
  if (!res.ok)
    throw new ApiError(res.status, body.title ?? res.statusText, body.detail ?? '', body.invalidParams ?? []);
  return body as TResponseImport;
}

/** Saves a mapping; answers the preview of the first rows. */
export const saveMapping = (surveyId: string, id: string, mapping: TImportMapping) =>
  api<TImportPreview>(`${base(surveyId)}/${id}/mapping`, { body: mapping });

/** The preview of the stored mapping (the suggested one right after upload). */
export const loadPreview = (surveyId: string, id: string) => api<TImportPreview>(`${base(surveyId)}/${id}/preview`);

/** Starts the background import. */
export const startImport = (surveyId: string, id: string) =>
  api<TResponseImport>(`${base(surveyId)}/${id}/start`, { body: {} });

/** An import, polled every second while it runs. */
export function useImport(surveyId: string | undefined, id: string | undefined) {
  return useQuery({
    queryKey: importKeys.one(surveyId, id),
    queryFn: () => api<TResponseImport>(`${base(surveyId!)}/${id}`),
    enabled: !!surveyId && !!id,
    refetchInterval: (q) => (['queued', 'running'].includes(q.state.data?.status ?? 'queued') ? 1000 : false),
  });
}

/** The imports of a survey, newest first. */
export function useImports(surveyId: string | undefined) {
  return useQuery({
    queryKey: importKeys.list(surveyId),
    queryFn: () => api<TResponseImportList>(base(surveyId!)).then((r) => r.items),
    enabled: !!surveyId,
  });
}
