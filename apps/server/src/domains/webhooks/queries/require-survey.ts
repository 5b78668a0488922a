import { type Executor, one, sql } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';

/**
 * A survey filter must name a survey of the caller's tenant (404 otherwise, like any other tenant's id). Surveys
 * belong to the tenant, not to a unit; the endpoint's unit still limits which of its events are sent.
 */
export async function requireSurvey(ex: Executor, tenantId: string, surveyId: string): Promise<void> {
  const row = await one(ex, sql`SELECT 1 AS x FROM surveys WHERE tenant_id = ${tenantId} AND id = ${surveyId}`);
  if (!row) throw notFound('Survey');
}
