import { randomUUID } from 'node:crypto';
import type { Actor } from '../../../platform/auth.ts';
import type { Clock } from '../../../platform/clock.ts';
import { type Executor, one, sql } from '../../../platform/db.ts';
import { conflict, notFound } from '../../../platform/errors.ts';
import { enqueue } from '../../../platform/jobs.ts';
import { textDiscoverJob } from '../jobs.ts';
import type { TTopicCreate } from '../schema.ts';
import { createTopic, getTopic, updateTopic } from './save-topic.ts';

export interface DiscoveryRow {
  id: string;
  kind: 'pair' | 'uncovered' | 'rising';
  term: string;
  terms: string[];
  evidence: Record<string, unknown>;
  score: number;
  status: 'proposed' | 'accepted' | 'dismissed';
  topic_id: string | null;
  run_at: Date | string;
  decided_at: Date | string | null;
}

export async function getDiscovery(ex: Executor, tenantId: string, id: string, opts: { forUpdate?: boolean } = {}) {
  const d = await one<DiscoveryRow>(
    ex,
    sql`SELECT id, kind, term, terms, evidence, score, status, topic_id, run_at, decided_at FROM text_discoveries WHERE tenant_id = ${tenantId} AND id = ${id} ${opts.forUpdate ? sql`FOR UPDATE` : sql``}`,
  );
  if (!d) throw notFound('Proposal');
  return d;
}

/** The keyword a proposal adds: the noun of a pair, else the term itself. */
export const proposalKeyword = (d: Pick<DiscoveryRow, 'kind' | 'term' | 'terms'>) =>
  d.kind === 'pair' ? d.terms[0] : d.term;

/**
 * Accepts a proposal into the taxonomy: its keyword joins an existing topic's rules (zh or en by script) or a new
 * topic is created with it. The taxonomy version increases and history is re-analysed, so the texts behind the
 * proposal get the topic.
 */
export async function acceptDiscovery(
  tx: Executor,
  clock: Clock,
  actor: Actor,
  id: string,
  input: { topicId?: string; newTopic?: Omit<TTopicCreate, 'rules'> },
) {
  const d = await getDiscovery(tx, actor.tenantId, id, { forUpdate: true });
  if (d.status !== 'proposed') throw conflict(`This proposal was already ${d.status}`);
  const keyword = proposalKeyword(d);
  const lang = /[\u3400-\u9fff]/.test(keyword) ? 'zh' : 'en';
  let topicId: string;
  let run: { version: number; runId: string };
  if (input.topicId) {
    const t = await getTopic(tx, actor.tenantId, input.topicId);
    const rules = { ...(t.rules ?? {}) };
    const current = rules[lang] ?? { include: [] };
    if (!current.include.includes(keyword)) rules[lang] = { ...current, include: [...current.include, keyword] };
    ({ run } = await updateTopic(tx, clock, actor, t.id, { rules }));
    topicId = t.id;
  } else {
    const spec = input.newTopic!;
    const created = await createTopic(tx, clock, actor, { ...spec, rules: { [lang]: { include: [keyword] } } });
    topicId = created.topic.id;
    run = created.run;
  }
  await tx.execute(
    sql`UPDATE text_discoveries SET status = 'accepted', topic_id = ${topicId}, decided_by = ${actor.kind === 'user' ? actor.id : null}, decided_at = ${clock.now().toISOString()}
        WHERE tenant_id = ${actor.tenantId} AND id = ${d.id}`,
  );
  return { topicId, keyword, run };
}

export async function dismissDiscovery(tx: Executor, clock: Clock, actor: Actor, id: string) {
  const d = await getDiscovery(tx, actor.tenantId, id, { forUpdate: true });
  if (d.status !== 'proposed') throw conflict(`This proposal was already ${d.status}`);
  await tx.execute(
    sql`UPDATE text_discoveries SET status = 'dismissed', decided_by = ${actor.kind === 'user' ? actor.id : null}, decided_at = ${clock.now().toISOString()}
        WHERE tenant_id = ${actor.tenantId} AND id = ${d.id}`,
  );
}

/** Starts a discovery run in the background (the job writes the proposals). */
export async function startDiscovery(tx: Executor, clock: Clock, tenantId: string) {
  const runId = randomUUID();
  await tx.execute(
    sql`INSERT INTO text_runs (tenant_id, id, kind, status, started_at) VALUES (${tenantId}, ${runId}, 'discovery', 'running', ${clock.now().toISOString()})`,
  );
  await enqueue(tx, textDiscoverJob, [{ runId }], { tenantId });
  return runId;
}
