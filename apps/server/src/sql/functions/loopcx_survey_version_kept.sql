-- loopcx_survey_version_kept: trigger function behind survey_versions_kept (BEFORE DELETE OR UPDATE OF tenant_id,
-- id) and survey_versions_not_truncated (BEFORE TRUNCATE), created in migration 0054. Responses carry no foreign key
-- to their survey version (it was checked row by row at ingest rates), so versions, immutable by design, must never
-- disappear or be re-keyed under them: every such statement is refused with 23001 (restrict_violation).
-- Current body; the migrator re-applies this file whenever it changes. The triggers themselves live in migrations.
CREATE OR REPLACE FUNCTION loopcx_survey_version_kept() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'survey versions are immutable: responses refer to them' USING ERRCODE = 'restrict_violation',
    TABLE = 'survey_versions';
END
$fn$;
