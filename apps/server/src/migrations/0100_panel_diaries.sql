-- Issue 23, experience panel: survey-backed online diary tasks (decision 81, amended). An online task may name a
-- survey of the tenant instead of report fields; the member answers it on the portal, each answer a real response
-- of that survey (the responses domain's write path), recorded here as one diary entry of the assignment.

ALTER TABLE panel_tasks
  ADD COLUMN survey_id uuid,
  -- once: one entry; daily: at most one entry per tenant-local day from the task's creation to its due time.
  ADD COLUMN entries text NOT NULL DEFAULT 'once' CHECK (entries IN ('once','daily')),
  -- The entries a member needs before submitting (1 for a once task).
  ADD COLUMN min_entries integer NOT NULL DEFAULT 1 CHECK (min_entries BETWEEN 1 AND 60),
  ADD FOREIGN KEY (tenant_id, survey_id) REFERENCES surveys(tenant_id, id),
  ADD CHECK (survey_id IS NULL OR kind = 'online'),
  ADD CHECK (survey_id IS NOT NULL OR (entries = 'once' AND min_entries = 1)),
  ADD CHECK (entries = 'daily' OR min_entries = 1);

-- One diary entry: the response it wrote and its tenant-local day (unique per assignment, so a daily task takes
-- one entry a day even when two requests race; a once task is held to one entry under the assignment's row lock).
CREATE TABLE panel_diary_entries (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  assignment_id uuid NOT NULL,
  response_id uuid NOT NULL,
  day date NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, assignment_id, day),
  FOREIGN KEY (tenant_id, assignment_id) REFERENCES panel_task_assignments(tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, response_id) REFERENCES responses(tenant_id, id) ON DELETE CASCADE
);
