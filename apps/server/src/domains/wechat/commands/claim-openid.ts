import type { AppContext } from '../../../platform/context.ts';
import { type Executor, one, sql } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';

/** The problem a second submission from the same openid gets: 409, with a reason the survey page recognises. */
export const alreadyAnswered = () =>
  new AppError('conflict', 'You have already answered this survey', { extra: { reason: 'already_answered' } });

/**
 * "One response per openid": before a submission from a known openid is written, it claims the survey for that
 * openid. The claim's primary key decides between concurrent submissions; the same submission sent again (same
 * idempotency key: a retry after a network drop) passes, so the respondent's retry gets its response back rather
 * than a 409. Answers `claimed` (release it if the response is then not stored), `retry` or `free` (the survey
 * does not limit openids).
 */
export async function claimOpenid(
  ctx: AppContext,
  tenantId: string,
  surveyId: string,
  openid: string,
  idempotencyKey: string,
): Promise<'claimed' | 'retry' | 'free'> {
  const rule = await one<{ one: boolean }>(
    ctx.db,
    sql`SELECT one_response_per_openid AS one FROM surveys WHERE tenant_id = ${tenantId} AND id = ${surveyId}`,
  );
  if (!rule?.one) return 'free';
  const won = await one<{ openid: string }>(
    ctx.db,
    sql`INSERT INTO survey_openid_claims (tenant_id, survey_id, openid, idempotency_key)
        VALUES (${tenantId}, ${surveyId}, ${openid}, ${idempotencyKey})
        ON CONFLICT (tenant_id, survey_id, openid) DO NOTHING RETURNING openid`,
  );
  if (won) return 'claimed';
  const held = await one<{ idempotency_key: string }>(
    ctx.db,
    sql`SELECT idempotency_key FROM survey_openid_claims WHERE tenant_id = ${tenantId} AND survey_id = ${surveyId} AND openid = ${openid}`,
  );
  if (held?.idempotency_key === idempotencyKey) return 'retry';
  throw alreadyAnswered();
}

/** Gives a claim back when its response was not stored (invalid, or a conflicting idempotency key). */
export async function releaseOpenid(
  ctx: AppContext,
  tenantId: string,
  surveyId: string,
  openid: string,
  idempotencyKey: string,
) {
  await ctx.db.execute(
    sql`DELETE FROM survey_openid_claims WHERE tenant_id = ${tenantId} AND survey_id = ${surveyId} AND openid = ${openid} AND idempotency_key = ${idempotencyKey}`,
  );
}

/** True when the survey limits openids and this one has already answered it (the page shows the 409 page). */
export async function hasOpenidAnswered(ex: Executor, tenantId: string, surveyId: string, openid: string) {
  const r = await one<{ n: number }>(
    ex,
    sql`SELECT 1 AS n FROM surveys s JOIN survey_openid_claims c ON c.tenant_id = s.tenant_id AND c.survey_id = s.id
        WHERE s.tenant_id = ${tenantId} AND s.id = ${surveyId} AND s.one_response_per_openid AND c.openid = ${openid}`,
  );
  return Boolean(r);
}
