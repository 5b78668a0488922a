import type { TDiscoveryResponse, TTextRunResponse, TTopicResponse } from '@loopcx/shared';
import type { TopicRow } from './analyzer-cache.ts';
import { type DiscoveryRow, proposalKeyword } from './commands/decide-discovery.ts';

/** A text_runs row as the run queries load it. */
export interface RunRow {
  id: string;
  kind: string;
  status: string;
  taxonomy_version: number | null;
  total: number;
  done: number;
  started_at: Date | string;
  finished_at: Date | string | null;
}

/** A topic as the API shows it (rules default to none). */
export const presentTopic = (t: TopicRow): TTopicResponse => ({
  id: t.id,
  parentId: t.parent_id,
  code: t.code,
  name: t.name,
  nameEn: t.name_en,
  rules: t.rules ?? {},
  position: t.position,
});

/** A reanalysis or discovery run with its progress (0..1; a finished run is 1 whatever its counts say). */
export const presentRun = (r: RunRow): TTextRunResponse => ({
  id: r.id,
  kind: r.kind,
  status: r.status,
  taxonomyVersion: r.taxonomy_version,
  total: r.total,
  done: r.done,
  progress: r.status === 'done' ? 1 : r.total ? Math.min(1, r.done / r.total) : 0,
  startedAt: new Date(r.started_at).toISOString(),
  finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
});

/** A discovery proposal with the keyword accepting it would add. */
export const presentDiscovery = (d: DiscoveryRow): TDiscoveryResponse => ({
  id: d.id,
  kind: d.kind,
  term: d.term,
  terms: d.terms,
  keyword: proposalKeyword(d),
  evidence: d.evidence,
  score: Number(d.score),
  status: d.status,
  topicId: d.topic_id,
  runAt: new Date(d.run_at).toISOString(),
  decidedAt: d.decided_at ? new Date(d.decided_at).toISOString() : null,
});
