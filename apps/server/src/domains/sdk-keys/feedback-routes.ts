import { ZSdkFeedbackRepliesResponse, ZSdkFeedbackResponse } from '@loopcx/shared';
import type { FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { utf8JsonParser } from '../../platform/request-guards.ts';
import type { Router } from '../../platform/routing.ts';
import { admitted, sdkPreflightRoute, ZKeyQuery } from './admit.ts';
import { fileSdkFeedback, MAX_FEEDBACK_BODY } from './commands/file-feedback.ts';
import { MAX_REPLY_TOKENS, sdkFeedbackReplies } from './queries/feedback-replies.ts';

const tags = ['sdk'];

/** A 429 carries Retry-After (the seconds the budget needs), like the event ingest's. */
async function withRetryAfter<T>(reply: FastifyReply, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof AppError && err.code === 'rate_limited')
      reply.header('retry-after', String(err.extra?.retryAfter ?? 1));
    throw err;
  }
}

/**
 * The 吐槽 widget's public routes (issue 20, contract parts 4 and 5): `POST /sdk/v1/feedback` files a complaint,
 * `GET /sdk/v1/feedback/replies` reads the answers by reply token; each with its CORS preflight, admitted like the
 * event ingest (key, then Origin).
 */
export async function sdkFeedbackRoutes(root: Router, ctx: AppContext) {
  await root.register(async (scope) => {
    const r = scope.withTypeProvider<ZodTypeProvider>();
    // Sent as text/plain by browsers that want no preflight; parsed with the same guards as every JSON body.
    r.addContentTypeParser('text/plain', { parseAs: 'buffer', bodyLimit: MAX_FEEDBACK_BODY }, utf8JsonParser(scope));

    sdkPreflightRoute(r, ctx, '/sdk/v1/feedback', 'POST');
    sdkPreflightRoute(r, ctx, '/sdk/v1/feedback/replies', 'GET');

    r.post(
      '/sdk/v1/feedback',
      {
        bodyLimit: MAX_FEEDBACK_BODY,
        config: { rateLimit: false, uploadTypes: ['text/plain'] },
        schema: {
          tags,
          summary: 'File a complaint from the SDK’s 吐槽 widget (≤ 1.5 MB; JSON as application/json or text/plain)',
          security: [],
          description:
            'Body `{anonymousId, customer?, context?: {url?, appVersion?, locale?, userAgent?}, text (1–2000), contact?: {email?, phone?}, screenshot?: {type: image/png|image/jpeg|image/webp, data: base64 ≤ 1 MB decoded}}`. 403 when the key’s widget is off; 413 for a screenshot over 1 MB or a body over 1.5 MB; 422 naming the field otherwise (a screenshot whose bytes are not its declared type included). At most LOOPCX_SDK_FEEDBACK_IP_RATE complaints a minute per address (429). The item lands on the key’s unit and touchpoint with source `in_app`; keep `replyToken` to read the replies.',
          querystring: ZKeyQuery,
          body: z.unknown(),
          response: { 201: ZSdkFeedbackResponse },
        },
      },
      async (req, reply) => {
        const key = await admitted(ctx, req, reply, req.query.key);
        const out = await withRetryAfter(reply, () => fileSdkFeedback(ctx, key, req.body, req.ip));
        return reply.code(201).send(out);
      },
    );

    r.get(
      '/sdk/v1/feedback/replies',
      {
        config: { rateLimit: false },
        schema: {
          tags,
          summary: `Where the complaints of the given reply tokens stand and their replies (≤ ${MAX_REPLY_TOKENS} tokens)`,
          security: [],
          description:
            'Unknown or forged tokens, and tokens of another tenant, are simply absent from `items`. Status: received, in_progress (its ticket is being worked), resolved (its ticket is resolved or closed, or it was answered without a ticket).',
          querystring: ZKeyQuery.extend({
            tokens: z
              .string()
              .max(MAX_REPLY_TOKENS * 201)
              .optional(),
          }),
          response: { 200: ZSdkFeedbackRepliesResponse },
        },
      },
      async (req, reply) => {
        const key = await admitted(ctx, req, reply, req.query.key);
        reply.header('cache-control', 'private, no-store');
        return withRetryAfter(reply, () => sdkFeedbackReplies(ctx, key, req.query.tokens));
      },
    );
  });
}
