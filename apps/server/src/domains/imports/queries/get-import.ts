import type { TReasonParams } from '@loopcx/shared';
import type { Actor } from '../../../platform/auth.ts';
import { type Executor, one, rows, sql } from '../../../platform/db.ts';
import { notFound } from '../../../platform/errors.ts';
import { pathUnder } from '../../org/scope.ts';
import { IMPORT_COLUMNS, type ImportRow } from '../presenter.ts';

/**
 * An import of a survey, if its unit (its creator's) lies in the caller's subtree — an import id alone is not a
 * tenant boundary; the tenant and the survey filter it too. 404 otherwise.
 */
export async function getImport(ex: Executor, actor: Actor, surveyId: string, importId: string): Promise<ImportRow> {
  const row = await one<ImportRow>(
    ex,
    sql`SELECT ${sql.raw(IMPORT_COLUMNS)} FROM response_imports i
        JOIN org_units o ON o.tenant_id = i.tenant_id AND o.id = i.org_unit_id
        WHERE i.tenant_id = ${actor.tenantId} AND i.survey_id = ${surveyId} AND i.id = ${importId}
          AND ${pathUnder('o', actor.orgPath)}`,
  );
  if (!row) throw notFound('Import');
  return row;
}

/** The imports of a survey the caller may see, newest first. */
export function listImports(ex: Executor, actor: Actor, surveyId: string): Promise<ImportRow[]> {
  return rows<ImportRow>(
    ex,
    sql`SELECT ${sql.raw(IMPORT_COLUMNS)} FROM response_imports i
        JOIN org_units o ON o.tenant_id = i.tenant_id AND o.id = i.org_unit_id
        WHERE i.tenant_id = ${actor.tenantId} AND i.survey_id = ${surveyId} AND ${pathUnder('o', actor.orgPath)}
        ORDER BY i.created_at DESC LIMIT 50`,
  );
}

/** One page of an import's rejects in row order, after `after` (row, column). */
export function rejectPage(ex: Executor, tenantId: string, importId: string, after: [number, number], limit: number) {
  return rows<{
    row_number: number;
    col: number;
    column_name: string | null;
    reason: string;
    code: string | null;
    params: TReasonParams | null;
  }>(
    ex,
    sql`SELECT row_number, col, column_name, reason, code, params FROM response_import_rejects
        WHERE tenant_id = ${tenantId} AND import_id = ${importId} AND (row_number, col) > (${after[0]}, ${after[1]})
        ORDER BY row_number, col LIMIT ${limit}`,
  );
}
