import { ZFeedbackReplyListResponse, ZFeedbackReplyResponse, ZReplyCoverageResponse } from '@loopcx/shared';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { invalid } from '../../platform/errors.ts';
import { wakeWorkers } from '../../platform/jobs.ts';
import { inTransaction, type Router, ZIdParams, zBool } from '../../platform/routing.ts';
import { replyToFeedback } from './commands/reply-to-feedback.ts';
import { listReplies, replyCoverage } from './queries/replies.ts';
import { FEEDBACK_SOURCES } from './schema.ts';

const tags = ['feedback'];

/** Replies to feedback items (the closed loop for non-survey voices) and reply coverage within an SLA. */
export async function feedbackReplyRoutes(r: Router, ctx: AppContext) {
  r.post(
    '/feedback/:id/replies',
    {
      schema: {
        tags,
        summary: 'Record a reply to a feedback item (shown on the item and the customer timeline)',
        params: ZIdParams,
        body: z
          .object({ text: z.string().trim().min(1).max(5000), channel: z.string().trim().min(1).max(100).optional() })
          .strict(),
        response: { 201: ZFeedbackReplyResponse },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      authorize(actor, 'responses.read');
      authorize(actor, 'tickets.work');
      const out = await inTransaction(ctx, async (tx) => {
        const id = await replyToFeedback(tx, ctx, actor, req.params.id, req.body);
        return (await listReplies(tx, actor, req.params.id)).find((x) => x.id === id)!;
      });
      wakeWorkers(ctx);
      return reply.code(201).send(out);
    },
  );

  r.get(
    '/feedback/:id/replies',
    { schema: { tags, params: ZIdParams, response: { 200: ZFeedbackReplyListResponse } } },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'responses.read');
      return { items: await listReplies(ctx.db, actor, req.params.id) };
    },
  );

  r.get(
    '/feedback/reply-coverage',
    {
      schema: {
        tags,
        summary: 'Share of feedback items answered within the SLA, by channel and unit',
        querystring: z
          .object({
            from: z.iso.datetime({ offset: true }).optional(),
            to: z.iso.datetime({ offset: true }).optional(),
            slaHours: z.coerce
              .number()
              .int()
              .min(1)
              .max(24 * 30)
              .default(24),
            orgUnitId: z.uuid().optional(),
            source: z.enum(FEEDBACK_SOURCES).optional(),
            negativeOnly: zBool.optional(),
          })
          .strict(),
        response: { 200: ZReplyCoverageResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'responses.read');
      const now = ctx.clock.now();
      // Without `to`, the period runs to now and includes everything received since.
      const end = req.query.to ?? now.toISOString();
      const from = req.query.from ?? new Date(Date.parse(end) - 30 * 86400_000).toISOString();
      if (Date.parse(from) >= Date.parse(end)) throw invalid('from', 'must be before to');
      if (Date.parse(end) - Date.parse(from) > 366 * 86400_000) throw invalid('from', 'the period is at most a year');
      return replyCoverage(ctx.db, actor, now, { ...req.query, from, to: req.query.to ?? null, end });
    },
  );
}
