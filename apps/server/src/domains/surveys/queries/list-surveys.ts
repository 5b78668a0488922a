import type { TSurveyStatus } from '@loopcx/shared';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, rows, sql } from '../../../platform/db.ts';
import { invalid } from '../../../platform/errors.ts';
import { likeContains } from '../../org/scope.ts';
import { SURVEY_SELECT, type SurveyRow } from '../presenter.ts';

/** Filters of the survey list. */
export interface ListSurveysOptions {
  status?: TSurveyStatus;
  touchpointId?: string;
  q?: string;
  includeArchived?: 'true' | 'false';
  /** Opaque position from a previous page's `nextCursor`. */
  cursor?: string;
  /** Page size (default and maximum 500, the former fixed cap). */
  limit?: number;
}

/** A page position: the last row's change time (epoch microseconds, exact) and id, base64url JSON. */
export function encodeSurveyCursor(micros: string, id: string): string {
  return Buffer.from(JSON.stringify([micros, id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] | null {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && /^\d{1,20}$/.test(v[0]) && /^[0-9a-f-]{36}$/i.test(v[1])) return [v[0], v[1]];
  } catch {}
  return null;
}

/**
 * The tenant's surveys, last changed first, one page at a time (surveys are tenant-wide: the tenant is the
 * boundary). Rows carry `cursor_micros` for the next page's cursor; a malformed cursor is a 422.
 */
export async function listSurveys(ex: Executor, actor: Pick<Actor, 'tenantId'>, opts: ListSurveysOptions) {
  const f = [sql`s.tenant_id = ${actor.tenantId}`];
  if (opts.status) f.push(sql`s.status = ${opts.status}`);
  else if (opts.includeArchived !== 'true') f.push(sql`s.status <> 'archived'`);
  if (opts.touchpointId) f.push(sql`s.touchpoint_id = ${opts.touchpointId}`);
  if (opts.q) f.push(sql`s.name ILIKE ${likeContains(opts.q)}`);
  if (opts.cursor) {
    const at = decodeCursor(opts.cursor);
    if (!at) throw invalid('cursor', 'is not a cursor this list returned');
    f.push(
      sql`(s.updated_at, s.id) < (timestamptz 'epoch' + ${at[0]}::bigint * interval '1 microsecond', ${at[1]}::uuid)`,
    );
  }
  return rows<SurveyRow & { cursor_micros: string }>(
    ex,
    sql`SELECT ${sql.raw(SURVEY_SELECT)}, (extract(epoch FROM s.updated_at) * 1000000)::bigint::text AS cursor_micros
        FROM surveys s WHERE ${sql.join(f, sql` AND `)} ORDER BY s.updated_at DESC, s.id DESC LIMIT ${opts.limit ?? 500}`,
  );
}
