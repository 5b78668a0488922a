import {
  type TSurveyContactPolicyInput,
  type TSurveyContactPolicyResponse,
  ZSurveyContactPolicyInput,
  ZSurveyContactPolicyResponse,
} from '@loopcx/shared';
import { audit } from '../../platform/audit.ts';
import { type Actor, actorOf, authorize } from '../../platform/auth.ts';
import type { AppContext } from '../../platform/context.ts';
import { type Executor, one, sql } from '../../platform/db.ts';
import { notFound } from '../../platform/errors.ts';
import { inTransaction, type Router, ZIdParams } from '../../platform/routing.ts';
import { effectivePolicy, loadTenantPolicy } from './policy.ts';

const tags = ['reach'];

/** The survey's override with the tenant policy and the result; 404 for another tenant's survey. */
async function surveyPolicy(ex: Executor, actor: Actor, surveyId: string): Promise<TSurveyContactPolicyResponse> {
  const row = await one<{ policy: TSurveyContactPolicyInput | null; updated_at: Date | string | null }>(
    ex,
    sql`SELECT p.policy, p.updated_at FROM surveys s
        LEFT JOIN survey_contact_policies p ON p.tenant_id = s.tenant_id AND p.survey_id = s.id
        WHERE s.tenant_id = ${actor.tenantId} AND s.id = ${surveyId}`,
  );
  if (!row) throw notFound('Survey');
  const tenant = await loadTenantPolicy(ex, actor.tenantId);
  const { updatedAt: _, ...base } = tenant;
  return {
    surveyId,
    override: row.policy,
    tenant,
    effective: effectivePolicy(base, row.policy),
    updatedAt: row.updated_at ? new Date(row.updated_at).toISOString() : null,
  };
}

/**
 * A survey's contact-policy override (tenant-wide policy overridable per survey): read, replaced, removed. Contact
 * rules are Reach configuration, so reach.manage; the survey id is checked against the caller's tenant.
 */
export async function surveyPolicyRoutes(r: Router, ctx: AppContext) {
  r.get(
    '/surveys/:id/contact-policy',
    {
      schema: {
        tags,
        summary: 'The survey’s contact-policy override, the tenant policy and the policy that applies',
        params: ZIdParams,
        response: { 200: ZSurveyContactPolicyResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'reach.manage');
      return surveyPolicy(ctx.db, actor, req.params.id);
    },
  );
  r.put(
    '/surveys/:id/contact-policy',
    {
      schema: {
        tags,
        summary:
          'Override the tenant contact policy for this survey: each field given replaces the tenant’s (null switches that rule off); fields left out follow the tenant',
        params: ZIdParams,
        body: ZSurveyContactPolicyInput,
        response: { 200: ZSurveyContactPolicyResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'reach.manage');
      return inTransaction(ctx, async (tx) => {
        await surveyPolicy(tx, actor, req.params.id);
        await tx.execute(
          sql`INSERT INTO survey_contact_policies (tenant_id, survey_id, policy, updated_by, updated_at)
              VALUES (${actor.tenantId}, ${req.params.id}, ${JSON.stringify(req.body)}::jsonb, ${actor.id}, now())
              ON CONFLICT (tenant_id, survey_id) DO UPDATE SET policy = excluded.policy, updated_by = excluded.updated_by, updated_at = now()`,
        );
        await audit(tx, actor, 'survey.contact_policy.update', 'survey', req.params.id, req.body);
        return surveyPolicy(tx, actor, req.params.id);
      });
    },
  );
  r.delete(
    '/surveys/:id/contact-policy',
    {
      schema: {
        tags,
        summary: 'Remove the survey’s override: the tenant policy applies again',
        params: ZIdParams,
        response: { 200: ZSurveyContactPolicyResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      authorize(actor, 'reach.manage');
      return inTransaction(ctx, async (tx) => {
        await surveyPolicy(tx, actor, req.params.id);
        await tx.execute(
          sql`DELETE FROM survey_contact_policies WHERE tenant_id = ${actor.tenantId} AND survey_id = ${req.params.id}`,
        );
        await audit(tx, actor, 'survey.contact_policy.delete', 'survey', req.params.id, {});
        return surveyPolicy(tx, actor, req.params.id);
      });
    },
  );
}
