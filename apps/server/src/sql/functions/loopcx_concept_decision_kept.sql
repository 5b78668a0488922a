-- loopcx_concept_decision_kept: trigger function behind concept_test_decisions_kept (BEFORE DELETE OR UPDATE) and
-- concept_test_decisions_not_truncated (BEFORE TRUNCATE), created in migration 0091. A recorded launch-gate
-- decision is evidence (decision 79): the code only ever inserts records, and the database refuses any change or
-- removal with 23001 (restrict_violation); a different decision is a new `override` record.
-- Current body; the migrator re-applies this file whenever it changes. The triggers themselves live in migrations.
CREATE OR REPLACE FUNCTION loopcx_concept_decision_kept() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'concept test decisions are immutable: record an override instead' USING ERRCODE = 'restrict_violation',
    TABLE = 'concept_test_decisions';
END
$fn$;
