import type { TSurveyResponse, TSurveyStatus } from '@loopcx/shared';

export interface SurveyRow {
  id: string;
  name: string;
  description: string | null;
  status: string;
  touchpoint_id: string | null;
  definition: Record<string, unknown>;
  bindings: Record<string, unknown>;
  current_version_id: string | null;
  current_version: number | null;
  versions: number;
  responses?: number;
  created_at: Date | string;
  updated_at: Date | string;
}

// Response counts sum the monthly rollups (equal to the daily ones; a year of 24 stores × 8 touchpoints is
// ~2,300 rows instead of ~70,000).
export const SURVEY_SELECT = `s.id, s.name, s.description, s.status, s.touchpoint_id, s.definition, s.bindings, s.current_version_id,
  (SELECT v.version FROM survey_versions v WHERE v.tenant_id = s.tenant_id AND v.id = s.current_version_id) AS current_version,
  (SELECT count(*)::int FROM survey_versions v WHERE v.tenant_id = s.tenant_id AND v.survey_id = s.id) AS versions,
  (SELECT coalesce(sum(r.n), 0)::int FROM score_rollups_monthly r WHERE r.tenant_id = s.tenant_id AND r.survey_id = s.id AND r.binding = '*') AS responses,
  s.created_at, s.updated_at`;

/** A survey as the API answers it (`ZSurveyResponse`); lists leave the definition out. */
export function presentSurvey(s: SurveyRow, opts: { withDefinition?: boolean } = {}): TSurveyResponse {
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    status: s.status as TSurveyStatus,
    touchpointId: s.touchpoint_id,
    bindings: s.bindings,
    ...(opts.withDefinition === false ? {} : { definition: s.definition }),
    currentVersionId: s.current_version_id,
    currentVersion: s.current_version,
    versions: s.versions,
    responses: s.responses ?? 0,
    createdAt: new Date(s.created_at).toISOString(),
    updatedAt: new Date(s.updated_at).toISOString(),
  };
}
