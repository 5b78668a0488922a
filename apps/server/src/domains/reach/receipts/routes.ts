import { ZChannelReceiptsResponse, ZReceiptResponse } from '@loopcx/shared';
import type { FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { Webhook } from 'standardwebhooks';
import { z } from 'zod';
import { actorOf, authorize } from '../../../platform/auth.ts';
import type { AppContext } from '../../../platform/context.ts';
import { one, sql } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import { jsonDepthAbove } from '../../../platform/json-guard.ts';
import { decodeUtf8 } from '../../../platform/request-guards.ts';
import { inTransaction, type Router, ZIdParams } from '../../../platform/routing.ts';
import { rotateChannelSecret, signingSecrets } from '../commands/rotate-channel-secret.ts';
import { type ChannelRow, channelRecord, getChannel } from '../queries/channels.ts';
import { parseAliyunReports, parseWechatEvent } from './parse.ts';
import { type Receipt, recordReceipts } from './record.ts';
import { receiptToken, sameText, wechatSignature } from './tokens.ts';

/** The largest receipt push (Aliyun batches reports). */
const MAX_RECEIPT_BYTES = 256 * 1024;

const ZChannelParams = z.object({ channelId: z.uuid() });
const ZReceiptQuery = z.object({ token: z.string().max(100).optional() }).strict();
const ZWebhookReceipt = z.object({
  type: z.enum(['invitation.delivered', 'invitation.failed']),
  data: z.object({ invitationId: z.uuid(), error: z.string().max(500).optional() }),
});

const refused = () => new AppError('unauthenticated', 'This receipt is not signed for this channel');

/** A channel by id alone: the receipt routes are public, the channel's own secret or token is the boundary. */
async function channelById(ctx: AppContext, id: string): Promise<ChannelRow> {
  const c = await one<ChannelRow>(ctx.db, sql`SELECT * FROM channels WHERE id = ${id} LIMIT 1`);
  if (!c) throw refused();
  return c;
}

/** The callback a channel's provider reports delivery to, by kind. */
function receiptsFor(ctx: AppContext, c: ChannelRow) {
  const token = receiptToken(ctx.config.secret, c.tenant_id, c.id);
  const api = `${ctx.config.publicUrl}/api/v1/public/channels/${c.id}/receipts`;
  if (c.kind === 'wechat-template')
    return { url: `${ctx.config.publicUrl}/wechat/receipts/${c.id}`, token, auth: 'wechat-signature' as const };
  if (c.kind === 'sms') return { url: `${api}?token=${token}`, token: null, auth: 'url-token' as const };
  return { url: api, token: null, auth: 'standard-webhooks' as const };
}

/**
 * GET /channels/:id/receipts (reach.manage): where to point the provider's delivery reports; and
 * POST /channels/:id/rotate-secret: a webhook channel's new signing secret, shown once, the old one signing beside it
 * for the overlap.
 */
export async function receiptConfigRoutes(r: Router, ctx: AppContext) {
  r.post(
    '/channels/:id/rotate-secret',
    {
      schema: {
        tags: ['reach'],
        summary:
          'Rotate a webhook channel’s signing secret: the new whsec_… is answered once; the previous one keeps signing (both signatures sent) for `overlapHours`, then expires',
        params: ZIdParams,
        body: z.object({ overlapHours: z.number().int().min(0).max(720).default(24) }).strict(),
        response: { 200: z.object({ secret: z.string(), previousUntil: z.string().nullable() }) },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'reach.manage');
      return inTransaction(ctx, (tx) =>
        rotateChannelSecret(tx, actor, ctx.config.secret, req.params.id, req.body.overlapHours, ctx.clock.now()),
      );
    },
  );
  r.get(
    '/channels/:id/receipts',
    {
      schema: {
        tags: ['reach'],
        summary:
          'Where the channel’s provider reports delivery (sent → delivered, or failed with its error): a webhook gateway posts signed receipts, Aliyun SMS pushes SmsReport to a tokenised URL, WeChat posts TEMPLATESENDJOBFINISH to the server URL with this Token',
        params: ZIdParams,
        response: { 200: ZChannelReceiptsResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'reach.manage');
      const c = await getChannel(ctx.db, actor, req.params.id);
      return receiptsFor(ctx, c);
    },
  );
}

/**
 * `POST /api/v1/public/channels/:channelId/receipts`: delivery reports from a webhook gateway (Standard Webhooks,
 * signed with the channel's own secret, body `{"type":"invitation.delivered"|"invitation.failed","data":
 * {"invitationId","error"?}}`) or Aliyun SMS (SmsReport array, `?token=` of GET /channels/:id/receipts; answered
 * `{"code":0,"msg":"成功"}` as Aliyun expects). The body is kept as text until the signature is checked.
 */
export async function receiptPublicRoutes(r: Router, ctx: AppContext) {
  await r.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => {
      try {
        const text = decodeUtf8(body as Buffer);
        if (jsonDepthAbove(text) > 0) throw new AppError('bad_request', 'The request body is nested too deeply');
        done(null, text);
      } catch (err) {
        done(err as Error, undefined);
      }
    });
    const s = scope.withTypeProvider<ZodTypeProvider>();
    s.post(
      '/public/channels/:channelId/receipts',
      {
        bodyLimit: MAX_RECEIPT_BYTES,
        config: { dbLane: 'short' },
        schema: {
          tags: ['reach'],
          summary:
            'Delivery reports from a channel’s provider (webhook gateway, Aliyun SMS): sent → delivered or failed',
          security: [],
          params: ZChannelParams,
          querystring: ZReceiptQuery,
          response: { 200: ZReceiptResponse.or(z.object({ code: z.literal(0), msg: z.string() })) },
        },
      },
      async (req) => {
        const raw = typeof req.body === 'string' ? req.body : '';
        const c = await channelById(ctx, req.params.channelId);
        let receipts: Receipt[];
        if (c.kind === 'webhook') {
          // Either secret verifies while a rotation's overlap lasts (the gateway may not have switched yet).
          let payload: unknown;
          for (const secret of signingSecrets(channelRecord(ctx.config.secret, c).secrets, ctx.clock.now())) {
            try {
              payload = new Webhook(secret).verify(raw, req.headers as Record<string, string>);
              break;
            } catch {
              // the next secret, if any
            }
          }
          if (payload === undefined) throw refused();
          const parsed = ZWebhookReceipt.safeParse(payload);
          if (!parsed.success)
            throw new AppError('invalid', 'Not an invitation receipt', {
              invalidParams: parsed.error.issues.map((i) => ({ name: i.path.join('.'), reason: i.message })),
            });
          const d = parsed.data;
          receipts = [
            { invitationId: d.data.invitationId, delivered: d.type === 'invitation.delivered', error: d.data.error },
          ];
          return { updated: await recordReceipts(ctx, c, receipts) };
        }
        if (c.kind === 'sms') {
          if (!req.query.token || !sameText(req.query.token, receiptToken(ctx.config.secret, c.tenant_id, c.id)))
            throw refused();
          let body: unknown;
          try {
            body = JSON.parse(raw || 'null');
          } catch {
            throw new AppError('bad_request', 'The body is not JSON');
          }
          await recordReceipts(ctx, c, parseAliyunReports(body));
          return { code: 0 as const, msg: '成功' };
        }
        throw refused();
      },
    );
  });
}

const ZWechatQuery = z.object({
  signature: z.string().max(64),
  timestamp: z.string().max(20),
  nonce: z.string().max(64),
  echostr: z.string().max(200).optional(),
  openid: z.string().max(100).optional(),
});

/**
 * `/wechat/receipts/:channelId`: the official account's server URL for a WeChat template channel. GET is WeChat's
 * URL check (answer `echostr` when the signature holds); POST carries event pushes as XML, of which
 * TEMPLATESENDJOBFINISH is the delivery report (MsgID = the send's msgid). Plain-text mode only (not the
 * encrypted "safe mode"). Answers "success" as WeChat expects, also for events that are not receipts.
 */
export async function receiptRootRoutes(r: Router, ctx: AppContext) {
  const verify = async (channelId: string, q: z.infer<typeof ZWechatQuery>) => {
    const c = await channelById(ctx, channelId);
    if (c.kind !== 'wechat-template') throw refused();
    const token = receiptToken(ctx.config.secret, c.tenant_id, c.id);
    if (!sameText(q.signature, wechatSignature(token, q.timestamp, q.nonce))) throw refused();
    return c;
  };
  const text = (reply: FastifyReply, body: string) => reply.type('text/plain; charset=utf-8').send(body);
  r.get(
    '/wechat/receipts/:channelId',
    { schema: { hide: true, params: ZChannelParams, querystring: ZWechatQuery } },
    async (req, reply) => {
      await verify(req.params.channelId, req.query);
      return text(reply, req.query.echostr ?? '');
    },
  );
  await r.register(async (scope) => {
    for (const type of ['text/xml', 'application/xml'])
      scope.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: 64 * 1024 }, (_req, body, done) => {
        try {
          done(null, decodeUtf8(body as Buffer));
        } catch (err) {
          done(err as Error, undefined);
        }
      });
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/wechat/receipts/:channelId',
      {
        config: { uploadTypes: ['text/xml', 'application/xml'] },
        schema: { hide: true, params: ZChannelParams, querystring: ZWechatQuery },
      },
      async (req, reply) => {
        const c = await verify(req.params.channelId, req.query);
        const receipt = parseWechatEvent(typeof req.body === 'string' ? req.body : '');
        if (receipt) await recordReceipts(ctx, c, [receipt]);
        return text(reply, 'success');
      },
    );
  });
}
