import {
  ZPackInstallResponse,
  ZTaxonomyResponse,
  ZTextPacksResponse,
  ZTextRunResponse,
  ZTopicChangeResponse,
  ZTopicDeleteResponse,
} from '@loopcx/shared';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { wakeWorkers } from '../../platform/jobs.ts';
import { inTransaction, type Router, ZIdParams } from '../../platform/routing.ts';
import { industryPacks } from '../../text-engine/index.ts';
import { loadTopics } from './analyzer-cache.ts';
import { installPack } from './commands/install-pack.ts';
import { createTopic, deleteTopic, updateTopic } from './commands/save-topic.ts';
import { presentTopic } from './presenter.ts';
import { getRun } from './queries/runs.ts';
import { getTaxonomy } from './queries/taxonomy.ts';
import { PACKS, ZTopicCreate, ZTopicUpdate } from './schema.ts';

const tags = ['text'];

/** Text analytics, the taxonomy side: the topic tree, industry packs, topic edits and reanalysis progress. */
export async function textRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/text/taxonomy',
    {
      schema: {
        tags,
        summary: 'The topic tree with zh/en rules, its version and the latest reanalysis run',
        response: { 200: ZTaxonomyResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'responses.read');
      return getTaxonomy(ctx.db, actor.tenantId);
    },
  );

  r.get(
    '/text/packs',
    { schema: { tags, summary: 'Industry packs a taxonomy can start from', response: { 200: ZTextPacksResponse } } },
    async (req) => {
      authorize(actorOf(req), 'responses.read');
      return {
        items: PACKS.map((key) => ({
          key,
          topics: industryPacks[key].topics.length,
          sample: industryPacks[key].topics.slice(0, 8).map((t) => ({ name: t.name, nameEn: t.nameEn ?? null })),
        })),
      };
    },
  );

  r.post(
    '/text/taxonomy/install',
    {
      schema: {
        tags,
        summary: 'Install an industry pack (replace the tree, or merge missing topics); history is re-analysed',
        body: z.object({ pack: z.enum(PACKS), mode: z.enum(['replace', 'merge']).default('replace') }).strict(),
        response: { 200: ZPackInstallResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'text.write');
      const run = await inTransaction(ctx, (tx) => installPack(tx, ctx.clock, actor, req.body.pack, req.body.mode));
      wakeWorkers(ctx);
      return { ...run, topics: (await loadTopics(ctx.db, actor.tenantId)).map(presentTopic) };
    },
  );

  r.post(
    '/text/taxonomy/topics',
    {
      schema: {
        tags,
        summary: 'Add a topic; history is re-analysed in the background',
        body: ZTopicCreate,
        response: { 201: ZTopicChangeResponse },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'text.write');
      const { topic, run } = await inTransaction(ctx, (tx) => createTopic(tx, ctx.clock, actor, req.body));
      wakeWorkers(ctx);
      return reply.code(201).send({ ...presentTopic(topic), run });
    },
  );

  r.patch(
    '/text/taxonomy/topics/:id',
    {
      schema: {
        tags,
        summary: 'Edit a topic (names, code, parent, rules)',
        params: ZIdParams,
        body: ZTopicUpdate,
        response: { 200: ZTopicChangeResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'text.write');
      const { topic, run } = await inTransaction(ctx, (tx) =>
        updateTopic(tx, ctx.clock, actor, req.params.id, req.body),
      );
      wakeWorkers(ctx);
      return { ...presentTopic(topic), run };
    },
  );

  r.delete(
    '/text/taxonomy/topics/:id',
    {
      schema: {
        tags,
        summary: 'Delete a topic (subtopics move up)',
        params: ZIdParams,
        response: { 200: ZTopicDeleteResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'text.write');
      const run = await inTransaction(ctx, (tx) => deleteTopic(tx, ctx.clock, actor, req.params.id));
      wakeWorkers(ctx);
      return { run };
    },
  );

  r.get(
    '/text/runs/:id',
    {
      schema: {
        tags,
        summary: 'Progress of a reanalysis or discovery run',
        params: ZIdParams,
        response: { 200: ZTextRunResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'responses.read');
      return getRun(ctx.db, actor.tenantId, req.params.id);
    },
  );
}
