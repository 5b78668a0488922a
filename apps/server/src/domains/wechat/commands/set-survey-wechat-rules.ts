import type { TSurveyWechatRules } from '@loopcx/shared';
import { audit } from '../../../platform/audit.ts';
import { type Actor, authorize } from '../../../platform/auth.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';

/** Turns "one response per openid" on or off for a survey (surveys are tenant-wide: the tenant is the boundary). */
export async function setSurveyWechatRules(tx: Executor, actor: Actor, surveyId: string, input: TSurveyWechatRules) {
  authorize(actor, 'surveys.write');
  const updated = await rows<{ id: string }>(
    tx,
    sql`UPDATE surveys SET one_response_per_openid = ${input.oneResponsePerOpenid}, updated_at = now()
        WHERE tenant_id = ${actor.tenantId} AND id = ${surveyId} RETURNING id`,
  );
  if (!updated.length) throw notFound('Survey');
  await audit(tx, actor, 'survey.wechat_rules', 'survey', surveyId, input);
}

/** The survey's WeChat rules. */
export async function surveyWechatRules(ex: Executor, tenantId: string, surveyId: string) {
  const r = await rows<{ one: boolean }>(
    ex,
    sql`SELECT one_response_per_openid AS one FROM surveys WHERE tenant_id = ${tenantId} AND id = ${surveyId}`,
  );
  return r.length ? { oneResponsePerOpenid: r[0].one } : undefined;
}
