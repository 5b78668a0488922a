import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { rows, sql } from '../../platform/db.ts';
import { notFound } from '../../platform/errors.ts';
import { wakeWorkers } from '../../platform/jobs.ts';
import { inTransaction, type Router, ZIdParams } from '../../platform/routing.ts';
import { industryPacks } from '../../text-engine/index.ts';
import { loadTopics, type TopicRow, taxonomyVersion } from './analyzer-cache.ts';
import { correctAnalysis } from './commands/correct-analysis.ts';
import {
  acceptDiscovery,
  type DiscoveryRow,
  dismissDiscovery,
  proposalKeyword,
  startDiscovery,
} from './commands/decide-discovery.ts';
import { installPack } from './commands/install-pack.ts';
import { createTopic, deleteTopic, updateTopic } from './commands/save-topic.ts';
import { correctionsForTraining, correctionsJsonl } from './queries/corrections.ts';
import { textSummary, topicTrend } from './queries/summary.ts';
import { listVerbatims, presentAnalysis, wordCloud } from './queries/verbatims.ts';
import { PACKS, SENTIMENTS, ZCorrection, ZTextFilters, ZTopicCreate, ZTopicUpdate } from './schema.ts';

const tags = ['text'];

export const presentTopic = (t: TopicRow) => ({
  id: t.id,
  parentId: t.parent_id,
  code: t.code,
  name: t.name,
  nameEn: t.name_en,
  rules: t.rules ?? {},
  position: t.position,
});

const presentRun = (
  r:
    | {
        id: string;
        kind: string;
        status: string;
        taxonomy_version: number | null;
        total: number;
        done: number;
        started_at: Date | string;
        finished_at: Date | string | null;
      }
    | undefined,
) =>
  r
    ? {
        id: r.id,
        kind: r.kind,
        status: r.status,
        taxonomyVersion: r.taxonomy_version,
        total: r.total,
        done: r.done,
        progress: r.status === 'done' ? 1 : r.total ? Math.min(1, r.done / r.total) : 0,
        startedAt: new Date(r.started_at).toISOString(),
        finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
      }
    : null;

/** Text analytics: taxonomy, reanalysis progress, topics × sentiment, trends, verbatims, word cloud, corrections. */
export async function textRoutes(r: Router, ctx: AppContext) {
  const wake = () => wakeWorkers(ctx);
  const latestRun = async (tenantId: string, kind: 'reanalysis' | 'discovery') =>
    presentRun(
      (
        await rows<Parameters<typeof presentRun>[0] & object>(
          ctx.db,
          sql`SELECT id, kind, status, taxonomy_version, total, done, started_at, finished_at FROM text_runs WHERE tenant_id = ${tenantId} AND kind = ${kind} ORDER BY started_at DESC, id LIMIT 1`,
        )
      )[0],
    );

  r.get(
    '/text/taxonomy',
    { schema: { tags, summary: 'The topic tree with zh/en rules, its version and the latest reanalysis run' } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'responses.read');
      const pack = await rows<{ pack: string | null }>(
        ctx.db,
        sql`SELECT pack FROM text_taxonomies WHERE tenant_id = ${actor.tenantId}`,
      );
      return {
        version: await taxonomyVersion(ctx.db, actor.tenantId),
        pack: pack[0]?.pack ?? null,
        topics: (await loadTopics(ctx.db, actor.tenantId)).map(presentTopic),
        reanalysis: await latestRun(actor.tenantId, 'reanalysis'),
      };
    },
  );

  r.get('/text/packs', { schema: { tags, summary: 'Industry packs a taxonomy can start from' } }, async (req) => {
    authorize(actorOf(req), 'responses.read');
    return {
      items: PACKS.map((key) => ({
        key,
        topics: industryPacks[key].topics.length,
        sample: industryPacks[key].topics.slice(0, 8).map((t) => ({ name: t.name, nameEn: t.nameEn ?? null })),
      })),
    };
  });

  r.post(
    '/text/taxonomy/install',
    {
      schema: {
        tags,
        summary: 'Install an industry pack (replace the tree, or merge missing topics); history is re-analysed',
        body: z.object({ pack: z.enum(PACKS), mode: z.enum(['replace', 'merge']).default('replace') }).strict(),
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'text.write');
      const run = await inTransaction(ctx, (tx) => installPack(tx, ctx.clock, actor, req.body.pack, req.body.mode));
      wake();
      return { ...run, topics: (await loadTopics(ctx.db, actor.tenantId)).map(presentTopic) };
    },
  );

  r.post(
    '/text/taxonomy/topics',
    { schema: { tags, summary: 'Add a topic; history is re-analysed in the background', body: ZTopicCreate } },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'text.write');
      const { topic, run } = await inTransaction(ctx, (tx) => createTopic(tx, ctx.clock, actor, req.body));
      wake();
      return reply.code(201).send({ ...presentTopic(topic), run });
    },
  );

  r.patch(
    '/text/taxonomy/topics/:id',
    { schema: { tags, summary: 'Edit a topic (names, code, parent, rules)', params: ZIdParams, body: ZTopicUpdate } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'text.write');
      const { topic, run } = await inTransaction(ctx, (tx) =>
        updateTopic(tx, ctx.clock, actor, req.params.id, req.body),
      );
      wake();
      return { ...presentTopic(topic), run };
    },
  );

  r.delete(
    '/text/taxonomy/topics/:id',
    { schema: { tags, summary: 'Delete a topic (subtopics move up)', params: ZIdParams } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'text.write');
      const run = await inTransaction(ctx, (tx) => deleteTopic(tx, ctx.clock, actor, req.params.id));
      wake();
      return { run };
    },
  );

  r.get(
    '/text/runs/:id',
    { schema: { tags, summary: 'Progress of a reanalysis or discovery run', params: ZIdParams } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'responses.read');
      const [run] = await rows<Parameters<typeof presentRun>[0] & object>(
        ctx.db,
        sql`SELECT id, kind, status, taxonomy_version, total, done, started_at, finished_at FROM text_runs WHERE tenant_id = ${actor.tenantId} AND id = ${req.params.id}`,
      );
      if (!run) throw notFound('Run');
      return presentRun(run);
    },
  );

  r.get(
    '/text/summary',
    {
      schema: {
        tags,
        summary: 'Topics × sentiment: volume, % negative with CI, change vs the previous period',
        querystring: ZTextFilters,
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'responses.read');
      return textSummary(ctx.db, actor, req.query, ctx.clock.now());
    },
  );

  r.get(
    '/text/topics/:id/trend',
    {
      schema: {
        tags,
        summary: 'Volume and % negative of a topic per day or week',
        params: ZIdParams,
        querystring: ZTextFilters.extend({ interval: z.enum(['day', 'week']).optional() }).strict(),
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'responses.read');
      const topics = await loadTopics(ctx.db, actor.tenantId);
      if (!topics.some((t) => t.id === req.params.id)) throw notFound('Topic');
      return topicTrend(ctx.db, actor, req.params.id, req.query, ctx.clock.now());
    },
  );

  r.get(
    '/text/trend',
    {
      schema: {
        tags,
        summary: 'Volume and % negative of all analysed texts per day or week',
        querystring: ZTextFilters.extend({ interval: z.enum(['day', 'week']).optional() }).strict(),
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'responses.read');
      return topicTrend(ctx.db, actor, null, req.query, ctx.clock.now());
    },
  );

  r.get(
    '/text/verbatims',
    {
      schema: {
        tags,
        summary: 'Analysed comments with matched phrases (highlight offsets), newest first, keyset-paginated',
        querystring: ZTextFilters.extend({
          topicId: z.uuid().optional(),
          sentiment: z.enum(SENTIMENTS).optional(),
          q: z.string().max(200).optional(),
          cursor: z.string().max(200).optional(),
          limit: z.coerce.number().int().min(1).max(200).optional(),
        }).strict(),
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'responses.read');
      return listVerbatims(ctx.db, actor, req.query, ctx.clock.now());
    },
  );

  r.get(
    '/text/wordcloud',
    {
      schema: {
        tags,
        summary: 'Most frequent keywords with their negative share',
        querystring: ZTextFilters.extend({
          sentiment: z.enum(SENTIMENTS).optional(),
          topicId: z.uuid().optional(),
          limit: z.coerce.number().int().min(1).max(300).optional(),
        }).strict(),
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'responses.read');
      return wordCloud(ctx.db, actor, req.query, ctx.clock.now());
    },
  );

  r.patch(
    '/text/analyses/:id',
    {
      schema: {
        tags,
        summary: "Correct a comment's sentiment and/or topics (kept through reanalysis; used for retraining)",
        params: ZIdParams,
        body: ZCorrection,
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'text.write');
      const row = await inTransaction(ctx, (tx) => correctAnalysis(tx, ctx.clock, actor, req.params.id, req.body));
      ctx.bus.publish({ tenantId: actor.tenantId, type: 'text.corrected', data: { id: row.id } });
      return presentAnalysis(row);
    },
  );

  r.get(
    '/text/corrections/export',
    {
      schema: {
        tags,
        summary: 'Sentiment corrections as JSONL {text,label} for `npm run train:sentiment -- --corrections FILE`',
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'text.write');
      const list = await correctionsForTraining(ctx.db, actor.tenantId);
      reply.header('content-type', 'application/x-ndjson; charset=utf-8');
      reply.header('content-disposition', 'attachment; filename="sentiment-corrections.jsonl"');
      return correctionsJsonl(list);
    },
  );
}

const presentDiscovery = (d: DiscoveryRow) => ({
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

/** Discovery: proposals of new topics/keywords from recent text, accepted or dismissed by a person. */
export async function discoveryRoutes(r: Router, ctx: AppContext) {
  const wake = () => wakeWorkers(ctx);

  r.post(
    '/text/discovery/run',
    { schema: { tags, summary: 'Run discovery now (it also runs daily); returns the run to poll' } },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'text.write');
      const runId = await inTransaction(ctx, (tx) => startDiscovery(tx, ctx.clock, actor.tenantId));
      wake();
      return reply.code(202).send({ runId });
    },
  );

  r.get(
    '/text/discovery',
    {
      schema: {
        tags,
        summary: 'Discovery proposals, best first',
        querystring: z
          .object({
            status: z.enum(['proposed', 'accepted', 'dismissed']).default('proposed'),
            kind: z.enum(['pair', 'uncovered', 'rising']).optional(),
          })
          .strict(),
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'text.write');
      const list = await rows<DiscoveryRow>(
        ctx.db,
        sql`SELECT id, kind, term, terms, evidence, score, status, topic_id, run_at, decided_at FROM text_discoveries
          WHERE tenant_id = ${actor.tenantId} AND status = ${req.query.status} ${req.query.kind ? sql`AND kind = ${req.query.kind}` : sql``}
          ORDER BY kind, score DESC, term LIMIT 300`,
      );
      const [run] = await rows<Parameters<typeof presentRun>[0] & object>(
        ctx.db,
        sql`SELECT id, kind, status, taxonomy_version, total, done, started_at, finished_at FROM text_runs WHERE tenant_id = ${actor.tenantId} AND kind = 'discovery' ORDER BY started_at DESC, id LIMIT 1`,
      );
      return { items: list.map(presentDiscovery), lastRun: presentRun(run) };
    },
  );

  r.post(
    '/text/discovery/:id/accept',
    {
      schema: {
        tags,
        summary: 'Accept a proposal: add its keyword to a topic, or create a new topic with it',
        params: ZIdParams,
        body: z
          .object({ topicId: z.uuid().optional(), newTopic: ZTopicCreate.omit({ rules: true }).optional() })
          .strict()
          .refine((b) => !!b.topicId !== !!b.newTopic, {
            message: 'give either topicId or newTopic',
            path: ['topicId'],
          }),
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'text.write');
      const out = await inTransaction(ctx, (tx) => acceptDiscovery(tx, ctx.clock, actor, req.params.id, req.body));
      wake();
      return out;
    },
  );

  r.post('/text/discovery/:id/dismiss', { schema: { tags, params: ZIdParams } }, async (req) => {
    const actor = actorOf(req);
    authorize(actor, 'text.write');
    await inTransaction(ctx, (tx) => dismissDiscovery(tx, ctx.clock, actor, req.params.id));
    return { ok: true };
  });
}
