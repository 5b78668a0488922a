import type {
  TAudit,
  TAuditDetail,
  TAuditList,
  TAuditResult,
  TAuditSelfGap,
  TChecklist,
  TChecklistItemInput,
  TItemFailures,
  TMetricQueryResponse,
} from '@loopcx/shared';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { ApiError, api } from '../../lib/api.ts';
import { type MutationCallbacks, useInvalidatingMutation } from '../../lib/query.ts';
import { ticketKeys } from '../tickets/api.ts';

export type Checklist = TChecklist;
export type Audit = TAudit;
export type AuditDetail = TAuditDetail;
export type AuditItem = TAuditDetail['items'][number];
export type AuditPhoto = AuditItem['photos'][number];
export type SelfGapRow = TAuditSelfGap['rows'][number];
export type MetricResult = TMetricQueryResponse;

/** Literal copies of the contract's enums: the console imports only types from @loopcx/shared (decision 31). */
export const AUDIT_KINDS = ['mystery_shop', 'sampling', 'self_inspection', 'rehearsal'] as const;
export const AUDIT_STATUSES = ['assigned', 'submitted', 'cancelled'] as const;
export const ITEM_SEVERITIES = ['fatal', 'general'] as const;
export const ITEM_EVIDENCE = ['none', 'photo', 'note'] as const;
export const AUDIT_RESULTS = ['pass', 'fail', 'na'] as const satisfies readonly TAuditResult[];
export const AUDIT_METRICS = ['audit.fatal_error_rate', 'audit.general_error_rate', 'audit.score'] as const;
export type AuditMetric = (typeof AUDIT_METRICS)[number];

/** A checklist as the drawer sends it (POST, or PATCH of an existing one). */
export interface ChecklistInput {
  name: string;
  description?: string;
  /** The process blueprint the items' nodes belong to; null (on an edit) detaches it. */
  blueprintId?: string | null;
  unitKinds?: string[];
  items: TChecklistItemInput[];
}

/** Filters of the audits list. */
export interface AuditFilters {
  orgUnitId?: string;
  kind?: string;
  status?: string;
  checklistId?: string;
  /** The audits one plan run created (the plan page links its runs here). */
  planRunId?: string;
  from?: string;
  to?: string;
}

/** A new audit as the drawer fills it. */
export interface NewAudit {
  checklistId: string;
  orgUnitId: string;
  kind: string;
  inspectorId?: string;
  /** An external inspector (works through the signed link) instead of a user. */
  external?: { name: string; email?: string };
  dueAt?: string;
}

/** One result as the inspector's page sends it. */
export interface ResultInput {
  code: string;
  result: TAuditResult;
  note?: string;
  photoIds?: string[];
}

/** Query keys of checklists, audits and their indicators. */
export const qualityKeys = {
  all: ['quality'] as const,
  checklists: (archived: boolean) => [...qualityKeys.all, 'checklists', archived] as const,
  audits: (f: AuditFilters) => [...qualityKeys.all, 'audits', f] as const,
  audit: (id: string | undefined) => [...qualityKeys.all, 'audit', id] as const,
  failures: (f: ItemFailureFilters) => [...qualityKeys.all, 'failures', f] as const,
  metric: (body: object) => [...qualityKeys.all, 'metric', body] as const,
  selfGap: (orgUnitId: string, from: string, to: string) =>
    [...qualityKeys.all, 'self-gap', orgUnitId, from, to] as const,
};

const qs = (o: object) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  return q.toString();
};

/** Checklists, active first; `archived` includes the archived ones. */
export function useChecklists(archived = false) {
  return useQuery({
    queryKey: qualityKeys.checklists(archived),
    queryFn: () => api<{ items: Checklist[] }>(`checklists${archived ? '?archived=true' : ''}`).then((r) => r.items),
  });
}

/** Creates a checklist, or patches `id` (changing items makes a new version; `archived` archives it). */
export function useSaveChecklist(
  callbacks?: MutationCallbacks<Checklist, { id?: string; body: Partial<ChecklistInput> & { archived?: boolean } }>,
) {
  return useInvalidatingMutation(
    (v: { id?: string; body: Partial<ChecklistInput> & { archived?: boolean } }) =>
      v.id
        ? api<Checklist>(`checklists/${v.id}`, { method: 'PATCH', body: v.body })
        : api<Checklist>('checklists', { body: v.body }),
    [qualityKeys.all],
    callbacks,
  );
}

/** Audits of the caller's scope matching the filters, newest first, 50 a page (cursor paging as the tickets list). */
export function useAudits(f: AuditFilters) {
  return useInfiniteQuery({
    queryKey: qualityKeys.audits(f),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => api<TAuditList>(`audits?${qs({ ...f, limit: 50, cursor: pageParam })}`),
    getNextPageParam: (p) => p.nextCursor ?? undefined,
  });
}

/** Which failures of one item the drill-down lists: the checklists that have it (in turn), unit, kind, period. */
export interface ItemFailureFilters {
  checklistIds: string[];
  code: string;
  orgUnitId: string;
  kind: string;
  from: string;
  to: string;
}

/**
 * An item's failing audits with their evidence (`GET /checklists/:id/items/:code/failures`), 20 a page: the
 * checklists holding the item one after the other, each newest first.
 */
export function useItemFailures(f: ItemFailureFilters) {
  return useInfiniteQuery({
    queryKey: qualityKeys.failures(f),
    initialPageParam: { index: 0, cursor: undefined as string | undefined },
    queryFn: ({ pageParam }) =>
      api<TItemFailures>(
        `checklists/${f.checklistIds[pageParam.index]}/items/${encodeURIComponent(f.code)}/failures?${qs({
          orgUnitId: f.orgUnitId,
          kind: f.kind,
          from: f.from,
          to: f.to,
          cursor: pageParam.cursor,
          limit: 20,
        })}`,
      ),
    getNextPageParam: (page, _all, param) =>
      page.nextCursor
        ? { index: param.index, cursor: page.nextCursor }
        : param.index + 1 < f.checklistIds.length
          ? { index: param.index + 1, cursor: undefined }
          : undefined,
    enabled: f.checklistIds.length > 0,
  });
}

/**
 * One audit with its items and results. The tickets of fatal failures are opened by a job right after the submit,
 * so while a submitted audit has fewer tickets than fatal failures it is read again every 2 s until they show.
 */
export function useAudit(id: string | undefined) {
  return useQuery({
    queryKey: qualityKeys.audit(id),
    queryFn: () => api<AuditDetail>(`audits/${id}`),
    enabled: !!id,
    refetchInterval: (q) => {
      const a = q.state.data;
      return a && a.status === 'submitted' && a.ticketIds.length < a.fatalFailures ? 2000 : false;
    },
  });
}

/** Assigns a new audit; answers it. */
export function useCreateAudit(callbacks?: MutationCallbacks<Audit, NewAudit>) {
  return useInvalidatingMutation((v: NewAudit) => api<Audit>('audits', { body: v }), [qualityKeys.all], callbacks);
}

/** Checks the inspector in (with the position when the browser gave one). */
export function useCheckIn(
  id: string | undefined,
  callbacks?: MutationCallbacks<Audit, { lat?: number; lng?: number; accuracyM?: number }>,
) {
  return useInvalidatingMutation(
    (v: { lat?: number; lng?: number; accuracyM?: number }) =>
      api<Audit>(`audits/${id}/check-in`, { method: 'POST', body: v }),
    [qualityKeys.all],
    callbacks,
  );
}

/** Cancels an assigned audit. */
export function useCancelAudit(id: string | undefined, callbacks?: MutationCallbacks<Audit, void>) {
  return useInvalidatingMutation(
    () => api<Audit>(`audits/${id}/cancel`, { method: 'POST', body: {} }),
    [qualityKeys.all],
    callbacks,
  );
}

/** Uploads one evidence photo (multipart) for an item; answers its id and URL. */
export function useUploadPhoto(
  id: string | undefined,
  callbacks?: MutationCallbacks<AuditPhoto, { itemCode: string; file: File }>,
) {
  return useInvalidatingMutation(
    async (v: { itemCode: string; file: File }) => {
      const form = new FormData();
      form.append('itemCode', v.itemCode);
      form.append('file', v.file, v.file.name);
      return uploadForm<AuditPhoto>(`/api/v1/audits/${id}/photos`, form);
    },
    [],
    callbacks,
  );
}

/** POSTs a multipart form; problem+json errors become ApiError like `api()`'s. */
async function uploadForm<T>(path: string, form: FormData): Promise<T> {
  const res = await fetch(path, { method: 'POST', credentials: 'same-origin', body: form });
  if (!res.ok) {
    const p = (res.headers.get('content-type') ?? '').includes('json') ? await res.json() : {};
    throw new ApiError(res.status, p.title ?? res.statusText, p.detail ?? '', p.invalidParams ?? [], p.requestId);
  }
  return res.json() as Promise<T>;
}

/**
 * Submits the results with an idempotency key: the page keeps the key until the server has answered, so resending
 * after a lost answer returns the stored audit instead of a 409 or a second set of tickets.
 */
export function useSubmitAudit(
  id: string | undefined,
  callbacks?: MutationCallbacks<AuditDetail, { results: ResultInput[]; idempotencyKey: string }>,
) {
  return useInvalidatingMutation(
    (v: { results: ResultInput[]; idempotencyKey: string }) =>
      api<AuditDetail>(`audits/${id}/submit`, { method: 'POST', body: v }),
    [qualityKeys.all, ticketKeys.all],
    callbacks,
  );
}

/** The body of an audit metric query: a unit subtree, days `[from, to)`, the grouping and which audits count. */
export interface AuditMetricQuery {
  metric: AuditMetric;
  orgUnitId: string;
  from: string;
  to: string;
  groupBy: 'children' | 'item';
  /** 'external' (default): every kind but self-inspection. */
  auditKind?: string;
  checklistId?: string;
}

/** An audit metric (`POST /metrics/query`) for a unit subtree and period, grouped by children or by item. */
export function useAuditMetric(body: AuditMetricQuery, enabled = true) {
  return useQuery({
    queryKey: qualityKeys.metric(body),
    queryFn: () => api<MetricResult>('metrics/query', { body }),
    enabled,
  });
}

/** Self-inspection score against external audits per child unit. */
export function useSelfGap(orgUnitId: string, from: string, to: string) {
  return useQuery({
    queryKey: qualityKeys.selfGap(orgUnitId, from, to),
    queryFn: () => api<TAuditSelfGap>(`audits/self-gap?${qs({ orgUnitId, from, to })}`).then((r) => r.rows),
  });
}
