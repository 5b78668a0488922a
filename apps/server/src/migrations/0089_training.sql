-- Issue 22, training: scored quizzes (questions with correct answers and a pass mark) assigned to a unit's staff,
-- by hand or from an audit's failed items; attempts graded on the server. Decision 76.

CREATE TABLE training_quizzes (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  name_en text CHECK (length(name_en) BETWEEN 1 AND 120),
  description text CHECK (length(description) <= 2000),
  pass_mark integer NOT NULL CHECK (pass_mark BETWEEN 1 AND 100),
  max_attempts integer NOT NULL DEFAULT 3 CHECK (max_attempts BETWEEN 1 AND 20),
  -- The checklist items the quiz trains: an audit failing one of them assigns the quiz to the unit's staff.
  checklist_id uuid,
  item_codes text[] NOT NULL DEFAULT '{}',
  -- The current version; every version's questions live in training_quiz_versions.
  version integer NOT NULL DEFAULT 1,
  archived boolean NOT NULL DEFAULT false,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, checklist_id) REFERENCES checklists(tenant_id, id)
);
CREATE INDEX training_quizzes_checklist_idx ON training_quizzes (tenant_id, checklist_id) WHERE NOT archived;

-- Questions of each version with their correct answers ({code, type, text, textEn, choices, correct, points}):
-- an attempt names the version it was graded against, so editing a quiz never rewrites a past score.
CREATE TABLE training_quiz_versions (
  tenant_id uuid NOT NULL,
  quiz_id uuid NOT NULL,
  version integer NOT NULL,
  questions jsonb NOT NULL,
  pass_mark integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, quiz_id, version),
  FOREIGN KEY (tenant_id, quiz_id) REFERENCES training_quizzes(tenant_id, id) ON DELETE CASCADE
);

-- One quiz for one user of a unit. status: open → passed, or failed once the attempts are used up; overdue is
-- an open assignment past due_at (derived, not stored).
CREATE TABLE training_assignments (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  quiz_id uuid NOT NULL,
  user_id uuid NOT NULL,
  -- The unit the user belonged to when assigned: the metrics count the assignment there.
  org_unit_id uuid NOT NULL,
  due_at timestamptz,
  audit_id uuid,
  item_code text CHECK (length(item_code) <= 40),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','passed','failed')),
  attempts integer NOT NULL DEFAULT 0,
  best_score double precision CHECK (best_score BETWEEN 0 AND 100),
  first_attempt_at timestamptz,
  passed_at timestamptz,
  assigned_by uuid,
  assigned_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, quiz_id) REFERENCES training_quizzes(tenant_id, id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users(tenant_id, id),
  FOREIGN KEY (tenant_id, org_unit_id) REFERENCES org_units(tenant_id, id),
  FOREIGN KEY (tenant_id, audit_id) REFERENCES audits(tenant_id, id) ON DELETE SET NULL
);
CREATE INDEX training_assignments_user_idx ON training_assignments (tenant_id, user_id, assigned_at);
CREATE INDEX training_assignments_unit_idx ON training_assignments (tenant_id, org_unit_id, assigned_at);
CREATE INDEX training_assignments_first_idx ON training_assignments (tenant_id, first_attempt_at)
  WHERE first_attempt_at IS NOT NULL;
CREATE INDEX training_assignments_audit_idx ON training_assignments (tenant_id, audit_id) WHERE audit_id IS NOT NULL;

CREATE TABLE training_attempts (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  assignment_id uuid NOT NULL,
  -- 1, 2, … per assignment (at most the quiz's max attempts).
  number integer NOT NULL CHECK (number >= 1),
  quiz_version integer NOT NULL,
  answers jsonb NOT NULL,
  score double precision NOT NULL CHECK (score BETWEEN 0 AND 100),
  passed boolean NOT NULL,
  wrong text[] NOT NULL DEFAULT '{}',
  idempotency_key text CHECK (length(idempotency_key) <= 80),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, assignment_id) REFERENCES training_assignments(tenant_id, id) ON DELETE CASCADE,
  UNIQUE (tenant_id, assignment_id, number),
  UNIQUE (tenant_id, assignment_id, idempotency_key)
);
