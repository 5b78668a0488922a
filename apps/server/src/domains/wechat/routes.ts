import { ZSurveyWechatRules, ZWechatAccountInput, ZWechatAccountResponse } from '@loopcx/shared';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { inTransaction, type Router, ZIdParams } from '../../platform/routing.ts';
import { presentWechatAccount } from './account.ts';
import { deleteWechatAccount } from './commands/delete-wechat-account.ts';
import { saveWechatAccount } from './commands/save-wechat-account.ts';
import { setSurveyWechatRules, surveyWechatRules } from './commands/set-survey-wechat-rules.ts';

const tags = ['wechat'];

/** The tenant's WeChat official account (survey-page OAuth) and each survey's WeChat rules. */
export async function wechatRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/wechat-account',
    {
      schema: {
        tags,
        summary: "The tenant's WeChat official account (the AppSecret is never answered); 404 when none",
        response: { 200: ZWechatAccountResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'security.manage');
      const account = await presentWechatAccount(ctx.db, actor.tenantId);
      if (!account) throw notFound('WeChat official account');
      return account;
    },
  );

  r.put(
    '/wechat-account',
    {
      schema: {
        tags,
        summary:
          'Set the official account whose openid the survey page learns inside WeChat (snsapi_base). The AppSecret is required the first time and kept when omitted',
        body: ZWechatAccountInput,
        response: { 200: ZWechatAccountResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      return inTransaction(ctx, async (tx) => {
        await saveWechatAccount(tx, ctx.config, actor, req.body);
        return (await presentWechatAccount(tx, actor.tenantId))!;
      });
    },
  );

  r.delete(
    '/wechat-account',
    { schema: { tags, summary: "Remove the tenant's WeChat official account", response: { 204: z.void() } } },
    async (req, reply) => {
      const actor = actorOf(req);
      await inTransaction(ctx, (tx) => deleteWechatAccount(tx, actor));
      return reply.code(204).send();
    },
  );

  r.get(
    '/surveys/:id/wechat',
    {
      schema: { tags, summary: "A survey's WeChat rules", params: ZIdParams, response: { 200: ZSurveyWechatRules } },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'surveys.read');
      const rules = await surveyWechatRules(ctx.db, actor.tenantId, req.params.id);
      if (!rules) throw notFound('Survey');
      return rules;
    },
  );

  r.put(
    '/surveys/:id/wechat',
    {
      schema: {
        tags,
        summary:
          'Set whether a respondent recognised by their WeChat openid may answer this survey only once (a second submission is 409)',
        params: ZIdParams,
        body: ZSurveyWechatRules,
        response: { 200: ZSurveyWechatRules },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      return inTransaction(ctx, async (tx) => {
        await setSurveyWechatRules(tx, actor, req.params.id, req.body);
        return (await surveyWechatRules(tx, actor.tenantId, req.params.id))!;
      });
    },
  );
}
