-- Issue 23, concept / pre-launch tests with a launch gate: a survey's approval question, a threshold, a minimum n
-- and a confidence level decide launch / veto / insufficient from the Wilson interval. Decision 79.

CREATE TABLE concept_tests (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  kind text NOT NULL DEFAULT 'concept' CHECK (kind IN ('concept','idea','sus','seq')),
  survey_id uuid NOT NULL,
  -- The approval question (a rating, boolean or choice question of the survey) and what counts as approval.
  approval_question text NOT NULL CHECK (length(approval_question) BETWEEN 1 AND 100),
  -- Its type when the test was saved (rating, boolean or a choice type): the rule below is read by it.
  approval_type text NOT NULL CHECK (approval_type IN ('rating','boolean','radiogroup','dropdown','checkbox','tagbox')),
  approve_at_least double precision,
  approve_values text[] NOT NULL DEFAULT '{}',
  threshold double precision NOT NULL DEFAULT 0.6 CHECK (threshold > 0 AND threshold < 1),
  min_n integer NOT NULL DEFAULT 100 CHECK (min_n BETWEEN 1 AND 100000),
  confidence double precision NOT NULL DEFAULT 0.95 CHECK (confidence IN (0.9, 0.95, 0.99)),
  segment_question text CHECK (length(segment_question) BETWEEN 1 AND 100),
  archived boolean NOT NULL DEFAULT false,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, survey_id) REFERENCES surveys(tenant_id, id)
);
CREATE INDEX concept_tests_survey_idx ON concept_tests (tenant_id, survey_id);

-- Every recorded gate decision, never changed: `computed` freezes the live decision with its evidence (n,
-- approvals, interval, settings, top reasons, approval by segment); `override` names the computed record it
-- overrides and carries the justification. The test's status is its latest record.
CREATE TABLE concept_test_decisions (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  test_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('computed','override')),
  decision text NOT NULL CHECK (decision IN ('launch','veto','insufficient')),
  overrides_id uuid,
  justification text CHECK (length(justification) BETWEEN 20 AND 2000),
  evidence jsonb NOT NULL,
  recorded_by uuid,
  recorded_at timestamptz NOT NULL,
  -- Insertion order: the latest record is the status even when two share a recorded_at.
  seq bigint GENERATED ALWAYS AS IDENTITY,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, test_id) REFERENCES concept_tests(tenant_id, id),
  FOREIGN KEY (tenant_id, overrides_id) REFERENCES concept_test_decisions(tenant_id, id),
  CHECK ((kind = 'override') = (overrides_id IS NOT NULL AND justification IS NOT NULL))
);
CREATE INDEX concept_test_decisions_test_idx ON concept_test_decisions (tenant_id, test_id, seq);

-- A recorded decision is evidence: the database refuses to change or remove one, whatever the code does.
CREATE FUNCTION loopcx_concept_decision_kept() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'concept test decisions are immutable: record an override instead' USING ERRCODE = 'restrict_violation',
    TABLE = 'concept_test_decisions';
END
$fn$;
CREATE TRIGGER concept_test_decisions_kept BEFORE DELETE OR UPDATE ON concept_test_decisions
  FOR EACH ROW EXECUTE FUNCTION loopcx_concept_decision_kept();
CREATE TRIGGER concept_test_decisions_not_truncated BEFORE TRUNCATE ON concept_test_decisions
  FOR EACH STATEMENT EXECUTE FUNCTION loopcx_concept_decision_kept();
