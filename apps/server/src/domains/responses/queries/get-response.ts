import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, sql } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';
import { presentResponse, RESPONSE_SELECT, type ResponseRow, responseScope } from './list-responses.ts';

/**
 * One response in the caller's scope with the definition of the survey version it answered (404 otherwise:
 * a response id alone is not a boundary, so it is read through the response scope).
 */
export async function getResponse(ex: Executor, actor: Actor, id: string) {
  const where = await responseScope(ex, actor, {});
  const row = await one<ResponseRow>(ex, sql`${RESPONSE_SELECT} WHERE ${where} AND r.id = ${id}`);
  if (!row) throw notFound('Response');
  const version = await one<{ definition: unknown }>(
    ex,
    sql`SELECT v.definition FROM responses r JOIN survey_versions v ON v.tenant_id = r.tenant_id AND v.id = r.survey_version_id WHERE r.tenant_id = ${actor.tenantId} AND r.id = ${row.id}`,
  );
  return { ...presentResponse(row), definition: version?.definition };
}
