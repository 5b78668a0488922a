import { ZResponseBatchResponse, ZResponseSubmitResponse } from '@loopcx/shared';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { Router } from '../../platform/routing.ts';
import { resolveSurveyToken } from '../surveys/resolve-token.ts';
import { claimOpenid, releaseOpenid } from '../wechat/commands/claim-openid.ts';
import { OPENID_COOKIE, verifyOpenidCookie } from '../wechat/oauth.ts';
import { validateBatch, ZAnswers, ZKey } from './commands/validate-batch.ts';
import { prepareResponse } from './prepare.ts';
import { findUnit } from './unit-cache.ts';
import type { ResponseWriter, WriteResult } from './writer.ts';

const tags = ['responses'];
const ZPublic = z.object({
  token: z.string().min(1).max(300),
  answers: ZAnswers,
  idempotencyKey: ZKey,
  locale: z.string().max(20).optional(),
});

/**
 * Where a public submission's idempotency key is stored. Respondents choose their keys freely, so a public key
 * lives in its own namespace per survey — `public|<surveyId>|<key>` — and can never claim a key an integrator
 * sends through the batch API (stored as given). `|` is outside the key alphabet (ZKey), so the namespaces cannot
 * meet. Migration 0056 moved the public keys stored before.
 */
export function publicIdempotencyKey(surveyId: string, key: string): string {
  return `public|${surveyId}|${key}`;
}

function unwrap(r: WriteResult) {
  if ('error' in r) throw r.error;
  return r;
}

/** The public respondent endpoint (survey link token), through the micro-batcher. */
export async function publicIngestRoutes(r: Router, ctx: AppContext, writer: ResponseWriter) {
  r.post(
    '/responses',
    {
      // The respondent's submit must answer in milliseconds whatever the console is reading (query-budget.ts).
      config: { dbLane: 'short' },
      schema: {
        tags,
        summary: 'Submit a response with a survey link token (public). Same idempotencyKey → same response',
        body: ZPublic,
        security: [],
        response: { 200: ZResponseSubmitResponse, 201: ZResponseSubmitResponse },
      },
    },
    async (req, reply) => {
      const link = await resolveSurveyToken(ctx, req.body.token);
      // The respondent's WeChat openid, when the survey page learnt it (signed cookie, decision 45).
      const openid = verifyOpenidCookie(
        ctx.config.secret,
        req.cookies?.[OPENID_COOKIE],
        link.tenantId,
        undefined,
        ctx.clock.now(),
      );
      const baseContext = link.invitation?.context ?? null;
      const unit = link.orgUnitId ? await findUnit(ctx, link.tenantId, { id: link.orgUnitId }) : undefined;
      const { errors, item } = await prepareResponse(ctx, {
        tenantId: link.tenantId,
        surveyId: link.survey.id,
        version: link.version,
        answers: req.body.answers,
        context: openid ? { ...baseContext, wechat: { openid } } : baseContext,
        orgUnitId: unit?.id ?? null,
        orgPath: unit?.path ?? null,
        touchpointId: link.touchpointId ?? null,
        customerRef: (link.invitation?.customer?.externalId as string | undefined) ?? null,
        channel: link.invitation ? 'personal' : link.orgUnitId ? 'qr' : 'link',
        invitationId: link.invitation?.id ?? null,
        locale: req.body.locale ?? null,
        idempotencyKey: publicIdempotencyKey(link.survey.id, req.body.idempotencyKey),
        submittedAt: ctx.clock.now(),
        hashOf: { token: req.body.token, answers: req.body.answers },
      });
      if (!item)
        throw new AppError('invalid', errors.map((e) => `${e.name}: ${e.reason}`).join('; '), {
          invalidParams: errors,
        });
      const key = publicIdempotencyKey(link.survey.id, req.body.idempotencyKey);
      // "One response per openid": the claim is taken before the write and given back if nothing was stored.
      const claim = openid ? await claimOpenid(ctx, link.tenantId, link.survey.id, openid, key) : 'free';
      let ok: ReturnType<typeof unwrap>;
      try {
        const [result] = await writer.submit([item]);
        ok = unwrap(result);
      } catch (err) {
        if (claim === 'claimed') await releaseOpenid(ctx, link.tenantId, link.survey.id, openid!, key);
        throw err;
      }
      return reply.code(ok.status === 'created' ? 201 : 200).send(ok);
    },
  );
}

/** The batch API (API key or session with responses.write), through the same micro-batcher. */
export async function batchIngestRoutes(r: Router, ctx: AppContext, writer: ResponseWriter) {
  r.post(
    '/responses/batch',
    {
      bodyLimit: 8 * 1024 * 1024,
      config: { dbLane: 'short' },
      schema: {
        tags,
        summary:
          'Up to 1,000 responses (API key): POS terminals and historical loads. Any invalid item rejects the whole batch',
        body: z.object({ responses: z.array(z.unknown()).min(1).max(1000) }).strict(),
        response: { 200: ZResponseBatchResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'responses.write');
      const items = await validateBatch(ctx, actor, req.body.responses);
      const results = await writer.submit(items);
      const conflict = results.findIndex((r) => 'error' in r);
      if (conflict >= 0) {
        // The rest of the batch is stored (acknowledged rows are never rolled back); report the replayed keys.
        throw new AppError('conflict', 'Some idempotency keys were already used with different bodies', {
          invalidParams: results.flatMap((r, i) =>
            'error' in r
              ? [{ name: `responses.${i}.idempotencyKey`, reason: 'already used with a different body' }]
              : [],
          ),
          extra: { results: results.map((r) => ('error' in r ? null : r)) },
        });
      }
      return { results: results.map((r) => unwrap(r)) };
    },
  );
}
