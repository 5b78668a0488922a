import type {
  TDiscoveryResponse,
  TTextClusterListResponse,
  TTextSummaryResponse,
  TTextTrendResponse,
  TVerbatimListResponse,
  TVerbatimResponse,
  TWordCloudResponse,
} from '@loopcx/shared';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api } from '../../lib/api.ts';
import { type MutationCallbacks, useInvalidatingMutation } from '../../lib/query.ts';
import { qs, type Run, type Sentiment, type Taxonomy, type TextFilters, type Triage, triageParam } from './shared.tsx';

/** One topic's counts in the text summary, with its previous period. */
export type TopicRow = TTextSummaryResponse['topics'][number];
/** GET /text/summary: totals and per-topic sentiment for the filters' period. */
export type TextSummary = TTextSummaryResponse;
/** A comment behind a number, with its analysis. */
export type Verbatim = TVerbatimResponse;

/**
 * A discovery proposal to accept into the taxonomy or dismiss. The contract leaves `evidence` an open record (it
 * differs per kind); the console reads the fields every kind stores.
 */
export type Proposal = Omit<TDiscoveryResponse, 'evidence'> & {
  evidence: {
    count: number;
    negative?: number;
    previous?: number;
    z?: number;
    examples: Array<{ analysisId: string; text: string }>;
  };
};

/** Query keys for text analytics. Everything sits under `all`: an analysis or a correction moves every count. */
export const textKeys = {
  all: ['text'] as const,
  summary: (f: TextFilters) => [...textKeys.all, 'summary', f] as const,
  trend: (f: TextFilters, topicId: string | undefined, interval: string) =>
    [...textKeys.all, 'trend', f, topicId, interval] as const,
  cloud: (f: TextFilters) => [...textKeys.all, 'cloud', f] as const,
  verbatims: (f: TextFilters, topicId?: string, sentiment?: Sentiment, q?: string, cluster?: string) =>
    [...textKeys.all, 'verbatims', f, topicId, sentiment, q, cluster] as const,
  clusters: (f: TextFilters, sentiment?: Sentiment) => [...textKeys.all, 'clusters', f, sentiment] as const,
  taxonomy: () => [...textKeys.all, 'taxonomy'] as const,
  run: (id: string | undefined) => [...textKeys.all, 'run', id] as const,
  discoveryAll: () => [...textKeys.all, 'discovery'] as const,
  discovery: (kind: string) => [...textKeys.discoveryAll(), kind] as const,
};

/** Marks every text query stale (live events, a finished reanalysis). */
export function useRefreshText() {
  const queryClient = useQueryClient();
  // Stable, so effects may depend on it without re-running every render.
  return useCallback(() => void queryClient.invalidateQueries({ queryKey: textKeys.all }), [queryClient]);
}

/** Totals and topics × sentiment for the filters. */
export function useTextSummary(filters: TextFilters) {
  return useQuery({
    queryKey: textKeys.summary(filters),
    queryFn: () => api<TextSummary>(`text/summary?${qs(filters, { triage: triageParam(filters) })}`),
  });
}

/** One topic's volume and negative share by day or week. */
export function useTopicTrend(filters: TextFilters, topicId: string | undefined, interval: 'day' | 'week') {
  return useQuery({
    queryKey: textKeys.trend(filters, topicId, interval),
    enabled: !!topicId,
    queryFn: () => api<TTextTrendResponse>(`text/topics/${topicId}/trend?${qs(filters, { interval })}`),
  });
}

/** The 80 most frequent terms with their negative share. */
export function useWordCloud(filters: TextFilters) {
  return useQuery({
    queryKey: textKeys.cloud(filters),
    queryFn: () => api<TWordCloudResponse>(`text/wordcloud?${qs(filters, { limit: 80 })}`),
  });
}

/** The comments behind a number, 30 a page, loaded while the drawer is open. */
export function useVerbatims(
  open: boolean,
  filters: TextFilters,
  topicId: string | undefined,
  sentiment: Sentiment | undefined,
  q: string,
  cluster?: string,
) {
  return useInfiniteQuery({
    queryKey: textKeys.verbatims(filters, topicId, sentiment, q, cluster),
    enabled: open,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      api<TVerbatimListResponse>(
        `text/verbatims?${qs(filters, {
          topicId,
          sentiment,
          triage: triageParam(filters),
          q: q || undefined,
          cluster,
          cursor: pageParam,
          limit: 30,
        })}`,
      ),
    getNextPageParam: (p) => p.nextCursor ?? undefined,
  });
}

/** A near-duplicate cluster: the same comment said many times. */
export type TextCluster = TTextClusterListResponse['items'][number];

/** The biggest near-duplicate clusters ("repeated needs") in the filters. */
export function useTextClusters(filters: TextFilters, sentiment?: Sentiment) {
  return useQuery({
    queryKey: textKeys.clusters(filters, sentiment),
    queryFn: () => api<TTextClusterListResponse>(`text/clusters?${qs(filters, { sentiment, limit: 10 })}`),
  });
}

/** The topic tree and the reanalysis a change started, if any. */
export function useTaxonomy() {
  return useQuery({ queryKey: textKeys.taxonomy(), queryFn: () => api<Taxonomy>('text/taxonomy') });
}

/** A reanalysis run, polled every second while it runs. */
export function useTextRun(id: string | undefined, running: boolean) {
  return useQuery({
    queryKey: textKeys.run(id),
    enabled: running,
    refetchInterval: 1000,
    queryFn: () => api<Run>(`text/runs/${id}`),
  });
}

/** Discovery proposals of a kind (or all), polled while a discovery run is going. */
export function useDiscovery(kind: 'all' | Proposal['kind']) {
  return useQuery({
    queryKey: textKeys.discovery(kind),
    queryFn: () =>
      api<{ items: Proposal[]; lastRun: Run | null }>(`text/discovery${kind === 'all' ? '' : `?kind=${kind}`}`),
    refetchInterval: (q) => (q.state.data?.lastRun?.status === 'running' ? 1500 : false),
  });
}

/** Starts a discovery run now. */
export function useRunDiscovery(callbacks?: MutationCallbacks<unknown, void>) {
  return useInvalidatingMutation(
    () => api('text/discovery/run', { method: 'POST' }),
    [textKeys.discoveryAll()],
    callbacks,
  );
}

/** Dismisses a proposal. */
export function useDismissProposal(callbacks?: MutationCallbacks<unknown, string>) {
  return useInvalidatingMutation(
    (id: string) => api(`text/discovery/${id}/dismiss`, { method: 'POST' }),
    [textKeys.discoveryAll()],
    callbacks,
  );
}

/** Accepts a proposal into an existing topic or a new one (`body` as the route takes it). */
export function useAcceptProposal(proposalId: string, callbacks?: MutationCallbacks<unknown, Record<string, unknown>>) {
  return useInvalidatingMutation(
    (body: Record<string, unknown>) => api(`text/discovery/${proposalId}/accept`, { body }),
    [textKeys.all],
    callbacks,
  );
}

/** What a person changed in a correction (only the fields they changed are sent). */
export interface Correction {
  sentiment?: Sentiment;
  topicIds?: string[];
  triage?: Triage;
}

/** Corrects a comment's sentiment, topics and/or triage class. */
export function useCorrectAnalysis(analysisId: string, callbacks?: MutationCallbacks<unknown, Correction>) {
  return useInvalidatingMutation(
    (v: Correction) => api(`text/analyses/${analysisId}`, { method: 'PATCH', body: v }),
    [textKeys.all],
    callbacks,
  );
}

/** Installs an industry pack, replacing or merging into the taxonomy. */
export function useInstallPack(pack: string, callbacks?: MutationCallbacks<unknown, 'replace' | 'merge'>) {
  return useInvalidatingMutation(
    (mode: 'replace' | 'merge') => api('text/taxonomy/install', { body: { pack, mode } }),
    [textKeys.all],
    callbacks,
  );
}

/** Deletes a topic. */
export function useDeleteTopic(callbacks?: MutationCallbacks<unknown, string>) {
  return useInvalidatingMutation(
    (id: string) => api(`text/taxonomy/topics/${id}`, { method: 'DELETE' }),
    [textKeys.all],
    callbacks,
  );
}

/** Creates a topic, or updates `topicId` (`body` as the route takes it). */
export function useSaveTopic(
  topicId: string | undefined,
  callbacks?: MutationCallbacks<unknown, Record<string, unknown>>,
) {
  return useInvalidatingMutation(
    (body: Record<string, unknown>) =>
      topicId
        ? api(`text/taxonomy/topics/${topicId}`, { method: 'PATCH', body })
        : api('text/taxonomy/topics', { body }),
    [textKeys.all],
    callbacks,
  );
}
