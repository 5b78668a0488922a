import {
  ZTextClusterListResponse,
  ZTextSummaryResponse,
  ZTextTrendResponse,
  ZVerbatimListResponse,
  ZVerbatimResponse,
  ZWordCloudResponse,
} from '@loopcx/shared';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { inTransaction, type Router, ZIdParams } from '../../platform/routing.ts';
import { loadTopics } from './analyzer-cache.ts';
import { correctAnalysis } from './commands/correct-analysis.ts';
import { listClusters } from './queries/clusters.ts';
import { correctionsForTraining, correctionsJsonl } from './queries/corrections.ts';
import { textSummary, topicTrend } from './queries/summary.ts';
import { listVerbatims, presentOne, wordCloud } from './queries/verbatims.ts';
import { SENTIMENTS, ZCorrection, ZTextFilters, ZTriageFilter } from './schema.ts';

const tags = ['text'];

/** Text analytics, the reading side: topics × sentiment, trends, verbatims, word cloud, corrections. */
export async function textAnalysisRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/text/summary',
    {
      schema: {
        tags,
        summary:
          'Topics × sentiment: volume, % negative with CI, change vs the previous period; counts per triage class (?triage=complaint,question narrows topics and totals)',
        querystring: ZTextFilters.extend({ triage: ZTriageFilter.optional() }).strict(),
        response: { 200: ZTextSummaryResponse },
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
        response: { 200: ZTextTrendResponse },
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
        response: { 200: ZTextTrendResponse },
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
          triage: ZTriageFilter.optional(),
          q: z.string().max(200).optional(),
          cluster: z.uuid().optional(),
          cursor: z.string().max(200).optional(),
          limit: z.coerce.number().int().min(1).max(200).optional(),
        }).strict(),
        response: { 200: ZVerbatimListResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'responses.read');
      return listVerbatims(ctx.db, actor, req.query, ctx.clock.now());
    },
  );

  r.get(
    '/text/clusters',
    {
      schema: {
        tags,
        summary:
          'Near-duplicate clusters ("repeated needs"): the same comment said many times, biggest first, counted in the filters',
        querystring: ZTextFilters.extend({
          topicId: z.uuid().optional(),
          sentiment: z.enum(SENTIMENTS).optional(),
          minSize: z.coerce.number().int().min(1).max(100_000).optional(),
          limit: z.coerce.number().int().min(1).max(100).optional(),
        }).strict(),
        response: { 200: ZTextClusterListResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'responses.read');
      return listClusters(ctx.db, actor, req.query, ctx.clock.now());
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
        response: { 200: ZWordCloudResponse },
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
        summary:
          "Correct a comment's sentiment, topics and/or triage class (kept through reanalysis; used for retraining)",
        params: ZIdParams,
        body: ZCorrection,
        response: { 200: ZVerbatimResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'text.write');
      const row = await inTransaction(ctx, (tx) => correctAnalysis(tx, ctx.clock, actor, req.params.id, req.body));
      ctx.bus.publish({ tenantId: actor.tenantId, type: 'text.corrected', data: { id: row.id } });
      return presentOne(ctx.db, actor, row);
    },
  );

  r.get(
    '/text/corrections/export',
    {
      schema: {
        tags,
        summary:
          'Corrections as JSONL {text,label[,triage]} for `npm run train:sentiment` / `npm run train:triage -- --corrections FILE`',
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
