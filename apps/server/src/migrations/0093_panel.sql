-- Issue 23, experience panel (体验达人): a public recruitment link with a screener, members who are customers
-- (tagged, with points and tiers), experience tasks (online diaries, offline store visits with check-in and photos)
-- assigned with due dates, submissions reviewed and rewarded through an append-only points ledger. Decision 81.

CREATE TABLE panels (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  description text CHECK (length(description) <= 4000),
  benefits text CHECK (length(benefits) <= 2000),
  -- The screener: questions of a survey the join page shows; `pass_rule` decides who becomes active:
  -- {kind:'all'} | {kind:'manual'} | {kind:'answer', question, anyOf:[…]} (see @loopcx/shared ZPanelPassRule).
  screener_survey_id uuid,
  pass_rule jsonb NOT NULL DEFAULT '{"kind":"all"}',
  -- Tiers by points, ascending minimum: [{name, minPoints}] (the first has minPoints 0).
  tiers jsonb NOT NULL DEFAULT '[]',
  -- The customer tag every applicant gets.
  tag text NOT NULL DEFAULT '体验达人' CHECK (length(tag) BETWEEN 1 AND 50),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed')),
  recruit_limit integer CHECK (recruit_limit BETWEEN 1 AND 100000),
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, screener_survey_id) REFERENCES surveys(tenant_id, id)
);

-- A customer in a panel. status: applied (waiting for manual review) → active | rejected; active → left.
-- `token_version` is inside the member's portal link: leaving or rotating bumps it, so older links stop working.
CREATE TABLE panel_members (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  panel_id uuid NOT NULL,
  customer_id uuid NOT NULL,
  display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
  contact_display text CHECK (length(contact_display) <= 300),
  status text NOT NULL CHECK (status IN ('applied','active','rejected','left')),
  points integer NOT NULL DEFAULT 0,
  tier text,
  screener_answers jsonb NOT NULL DEFAULT '{}',
  token_version integer NOT NULL DEFAULT 1 CHECK (token_version BETWEEN 1 AND 255),
  applied_at timestamptz NOT NULL,
  joined_at timestamptz,
  left_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, panel_id, customer_id),
  FOREIGN KEY (tenant_id, panel_id) REFERENCES panels(tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers(tenant_id, id)
);
CREATE INDEX panel_members_panel_idx ON panel_members (tenant_id, panel_id, status);

-- An experience task. Offline tasks visit a unit (check-in within radius_m of its stored position, photos);
-- online tasks are answered on the portal. `fields` are the structured report: [{code, label, type, required}].
CREATE TABLE panel_tasks (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  panel_id uuid NOT NULL,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
  kind text NOT NULL CHECK (kind IN ('online','offline')),
  instructions text CHECK (length(instructions) <= 4000),
  org_unit_id uuid,
  check_in_required boolean NOT NULL DEFAULT false,
  radius_m integer NOT NULL DEFAULT 500 CHECK (radius_m BETWEEN 10 AND 50000),
  min_photos integer NOT NULL DEFAULT 0 CHECK (min_photos BETWEEN 0 AND 10),
  fields jsonb NOT NULL DEFAULT '[]',
  points integer NOT NULL CHECK (points BETWEEN 0 AND 100000),
  due_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed')),
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, panel_id) REFERENCES panels(tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, org_unit_id) REFERENCES org_units(tenant_id, id),
  CHECK (kind = 'online' OR org_unit_id IS NOT NULL)
);
CREATE INDEX panel_tasks_panel_idx ON panel_tasks (tenant_id, panel_id, created_at DESC);

-- One task for one member; the check-in is recorded here before the submission (distance computed on the server).
CREATE TABLE panel_task_assignments (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  task_id uuid NOT NULL,
  member_id uuid NOT NULL,
  due_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'assigned' CHECK (status IN ('assigned','submitted','approved','rejected','overdue')),
  checkin_lat double precision CHECK (checkin_lat BETWEEN -90 AND 90),
  checkin_lng double precision CHECK (checkin_lng BETWEEN -180 AND 180),
  checkin_distance_m integer,
  checked_in_at timestamptz,
  assigned_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, task_id, member_id),
  FOREIGN KEY (tenant_id, task_id) REFERENCES panel_tasks(tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, member_id) REFERENCES panel_members(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX panel_assignments_member_idx ON panel_task_assignments (tenant_id, member_id);
CREATE INDEX panel_assignments_due_idx ON panel_task_assignments (due_at) WHERE status = 'assigned';

-- Photos of an assignment, in the file store (`stored:<id>`, platform/file-store.ts: every node reads them).
CREATE TABLE panel_photos (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  assignment_id uuid NOT NULL,
  file_ref text NOT NULL,
  content_type text NOT NULL CHECK (content_type IN ('image/png','image/jpeg','image/webp')),
  size integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, assignment_id) REFERENCES panel_task_assignments(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX panel_photos_assignment_idx ON panel_photos (tenant_id, assignment_id);

-- What the member sent for an assignment (one per assignment) and its review.
CREATE TABLE panel_submissions (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  assignment_id uuid NOT NULL,
  answers jsonb NOT NULL,
  -- The free text of the report: it becomes a feedback item (source panel) when the submission is approved.
  report_text text CHECK (length(report_text) <= 20000),
  submitted_at timestamptz NOT NULL,
  reviewed_by uuid,
  reviewed_at timestamptz,
  review_note text CHECK (length(review_note) <= 2000),
  points_awarded integer,
  feedback_item_id uuid,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, assignment_id),
  FOREIGN KEY (tenant_id, assignment_id) REFERENCES panel_task_assignments(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX panel_submissions_review_idx ON panel_submissions (tenant_id, submitted_at DESC) WHERE reviewed_at IS NULL;

-- Append-only: a member's points are the sum of the ledger (kept on panel_members.points in the same statement).
CREATE TABLE panel_point_ledger (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  member_id uuid NOT NULL,
  delta integer NOT NULL,
  reason text NOT NULL CHECK (reason IN ('task_approved','adjustment')),
  reference_id uuid,
  note text CHECK (length(note) <= 500),
  created_by uuid,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, member_id) REFERENCES panel_members(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX panel_ledger_member_idx ON panel_point_ledger (tenant_id, member_id, created_at DESC);
-- One award per approved submission, whatever the retries.
CREATE UNIQUE INDEX panel_ledger_award_idx ON panel_point_ledger (tenant_id, reference_id) WHERE reason = 'task_approved';

ALTER TABLE feedback_items DROP CONSTRAINT feedback_items_source_check;
ALTER TABLE feedback_items ADD CONSTRAINT feedback_items_source_check
  CHECK (source IN ('social','forum','app_review','call_transcript','other','in_app','panel'));
