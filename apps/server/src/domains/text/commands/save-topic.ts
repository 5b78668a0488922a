import { randomUUID } from 'node:crypto';
import type { Actor } from '../../../platform/auth.ts';
import type { Clock } from '../../../platform/clock.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { conflict, invalid, notFound } from '../../../platform/errors.ts';
import type { TopicRow } from '../analyzer-cache.ts';
import type { TTopicCreate, TTopicUpdate } from '../schema.ts';
import { bumpTaxonomy } from './bump-taxonomy.ts';

export const MAX_TOPICS = 500;
const MAX_DEPTH = 4;

const TOPIC_COLUMNS = sql`id, parent_id, code, name, name_en, rules, position`;

export async function getTopic(ex: Executor, tenantId: string, id: string, opts: { forUpdate?: boolean } = {}) {
  const t = await one<TopicRow>(
    ex,
    sql`SELECT ${TOPIC_COLUMNS} FROM text_topics WHERE tenant_id = ${tenantId} AND id = ${id} ${opts.forUpdate ? sql`FOR UPDATE` : sql``}`,
  );
  if (!t) throw notFound('Topic');
  return t;
}

/** Checks the parent exists in the tenant, is not the topic itself or below it, and the tree stays shallow. */
async function checkParent(ex: Executor, tenantId: string, parentId: string, selfId?: string) {
  const all = await rows<{ id: string; parent_id: string | null }>(
    ex,
    sql`SELECT id, parent_id FROM text_topics WHERE tenant_id = ${tenantId}`,
  );
  const parentOf = new Map(all.map((t) => [t.id, t.parent_id]));
  if (!parentOf.has(parentId)) throw notFound('Parent topic');
  let depth = 1;
  for (let at: string | null | undefined = parentId; at; at = parentOf.get(at)) {
    if (at === selfId) throw invalid('parentId', 'a topic cannot be moved under itself or one of its subtopics');
    if (++depth > MAX_DEPTH) throw invalid('parentId', `topics nest at most ${MAX_DEPTH} levels deep`);
  }
}

/** Language rules with duplicate keywords removed (case-insensitively for English). */
function cleanRules(rules: TTopicCreate['rules']) {
  const dedupe = (list?: string[]) => (list ? [...new Map(list.map((k) => [k.toLowerCase(), k])).values()] : undefined);
  const out: TTopicCreate['rules'] = {};
  for (const lang of ['zh', 'en'] as const) {
    const r = rules[lang];
    if (r) out[lang] = { include: dedupe(r.include)!, ...(r.exclude ? { exclude: dedupe(r.exclude) } : {}) };
  }
  return out;
}

/** Adds a topic; the taxonomy version increases and history is re-analysed in the background. */
export async function createTopic(tx: Executor, clock: Clock, actor: Actor, input: TTopicCreate) {
  const count = await one<{ n: number }>(
    tx,
    sql`SELECT count(*)::int AS n FROM text_topics WHERE tenant_id = ${actor.tenantId}`,
  );
  if ((count?.n ?? 0) >= MAX_TOPICS) throw conflict(`A taxonomy holds at most ${MAX_TOPICS} topics`);
  if (input.parentId) await checkParent(tx, actor.tenantId, input.parentId);
  if (await one(tx, sql`SELECT 1 FROM text_topics WHERE tenant_id = ${actor.tenantId} AND code = ${input.code}`))
    throw conflict(`A topic with code ${input.code} exists`, 'code');
  const id = randomUUID();
  const now = clock.now().toISOString();
  await tx.execute(
    sql`INSERT INTO text_topics (tenant_id, id, parent_id, code, name, name_en, rules, position, created_at, updated_at)
        VALUES (${actor.tenantId}, ${id}, ${input.parentId ?? null}, ${input.code}, ${input.name}, ${input.nameEn ?? null}, ${JSON.stringify(cleanRules(input.rules))}::jsonb,
                ${input.position ?? count?.n ?? 0}, ${now}, ${now})`,
  );
  const run = await bumpTaxonomy(tx, clock, actor.tenantId, actor.id);
  return { topic: await getTopic(tx, actor.tenantId, id), run };
}

/** Edits a topic (name, code, parent, rules, position). */
export async function updateTopic(tx: Executor, clock: Clock, actor: Actor, id: string, input: TTopicUpdate) {
  const current = await getTopic(tx, actor.tenantId, id, { forUpdate: true });
  if (input.parentId) await checkParent(tx, actor.tenantId, input.parentId, id);
  if (
    input.code &&
    input.code !== current.code &&
    (await one(tx, sql`SELECT 1 FROM text_topics WHERE tenant_id = ${actor.tenantId} AND code = ${input.code}`))
  ) {
    throw conflict(`A topic with code ${input.code} exists`, 'code');
  }
  const next = {
    parent_id: input.parentId === undefined ? current.parent_id : input.parentId,
    code: input.code ?? current.code,
    name: input.name ?? current.name,
    name_en: input.nameEn === undefined ? current.name_en : input.nameEn,
    rules: input.rules === undefined ? current.rules : cleanRules(input.rules),
    position: input.position ?? current.position,
  };
  await tx.execute(
    sql`UPDATE text_topics SET parent_id = ${next.parent_id}, code = ${next.code}, name = ${next.name}, name_en = ${next.name_en}, rules = ${JSON.stringify(next.rules)}::jsonb,
          position = ${next.position}, updated_at = ${clock.now().toISOString()}
        WHERE tenant_id = ${actor.tenantId} AND id = ${id}`,
  );
  const run = await bumpTaxonomy(tx, clock, actor.tenantId, actor.id);
  return { topic: await getTopic(tx, actor.tenantId, id), run };
}

/** Deletes a topic; its subtopics move up to its parent. Hits on it disappear with the reanalysis. */
export async function deleteTopic(tx: Executor, clock: Clock, actor: Actor, id: string) {
  const current = await getTopic(tx, actor.tenantId, id, { forUpdate: true });
  await tx.execute(
    sql`UPDATE text_topics SET parent_id = ${current.parent_id} WHERE tenant_id = ${actor.tenantId} AND parent_id = ${id}`,
  );
  await tx.execute(sql`DELETE FROM text_topics WHERE tenant_id = ${actor.tenantId} AND id = ${id}`);
  await tx.execute(sql`DELETE FROM text_topic_hits WHERE tenant_id = ${actor.tenantId} AND topic_id = ${id}`);
  return bumpTaxonomy(tx, clock, actor.tenantId, actor.id);
}
