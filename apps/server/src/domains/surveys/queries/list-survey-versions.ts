import { type Executor, rows, sql } from '../../../platform/db.ts';

/** A published version of a survey, as listed. */
export interface SurveyVersionRow {
  id: string;
  version: number;
  bindings: Record<string, unknown>;
  createdAt: Date | string;
}

/** The published versions of a survey, newest first (the caller has checked the survey is the tenant's). */
export async function listSurveyVersions(ex: Executor, tenantId: string, surveyId: string) {
  return rows<SurveyVersionRow>(
    ex,
    sql`SELECT id, version, bindings, created_at AS "createdAt" FROM survey_versions WHERE tenant_id = ${tenantId} AND survey_id = ${surveyId} ORDER BY version DESC`,
  );
}
