-- Issue 22, slice 2: audit plans. A plan makes a period's audits of a sample of the units under a root unit (HQ or a
-- region) on a schedule; each (plan, period) runs once — the unique key is what two worker nodes, a retried tick and
-- a second "run now" all meet, so none of them makes the period's audits twice.
CREATE TABLE audit_plans (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  kind text NOT NULL CHECK (kind IN ('mystery_shop','sampling','self_inspection','rehearsal')),
  checklist_id uuid NOT NULL,
  root_unit_id uuid NOT NULL,
  unit_kind text NOT NULL CHECK (length(unit_kind) BETWEEN 1 AND 40),
  schedule text NOT NULL CHECK (schedule IN ('once','weekly','monthly')),
  -- once: the instant; weekly: ISO weekday 1–7; monthly: day 1–28.
  run_once_at timestamptz,
  weekday integer CHECK (weekday BETWEEN 1 AND 7),
  month_day integer CHECK (month_day BETWEEN 1 AND 28),
  -- NULL: every unit of the population; otherwise a random sample of this size.
  sample_size integer CHECK (sample_size BETWEEN 1 AND 500),
  stratify text CHECK (stratify IN ('region','none')),
  assignee text NOT NULL CHECK (assignee IN ('internal','external','unit')),
  inspector_id uuid,
  external_name text CHECK (length(external_name) BETWEEN 1 AND 120),
  external_email text CHECK (length(external_email) <= 254),
  due_days integer NOT NULL CHECK (due_days BETWEEN 1 AND 90),
  active boolean NOT NULL DEFAULT true,
  -- When the scheduler next runs the plan (its period is the one this instant falls in); NULL once a one-off ran.
  next_run_at timestamptz,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, checklist_id) REFERENCES checklists(tenant_id, id),
  FOREIGN KEY (tenant_id, root_unit_id) REFERENCES org_units(tenant_id, id),
  CHECK ((schedule = 'weekly') = (weekday IS NOT NULL)),
  CHECK ((schedule = 'monthly') = (month_day IS NOT NULL)),
  CHECK ((sample_size IS NULL) = (stratify IS NULL)),
  CHECK ((assignee = 'internal') = (inspector_id IS NOT NULL)),
  CHECK ((assignee = 'external') = (external_name IS NOT NULL))
);
-- The scheduler's read: active plans whose next run is due, across tenants.
CREATE INDEX audit_plans_due_idx ON audit_plans (next_run_at) WHERE active AND next_run_at IS NOT NULL;

CREATE TABLE audit_plan_runs (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  plan_id uuid NOT NULL,
  period text NOT NULL CHECK (length(period) BETWEEN 1 AND 20),
  trigger text NOT NULL CHECK (trigger IN ('schedule','manual')),
  run_at timestamptz NOT NULL,
  audits integer NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, plan_id, period),
  FOREIGN KEY (tenant_id, plan_id) REFERENCES audit_plans(tenant_id, id) ON DELETE CASCADE
);

ALTER TABLE audits ADD COLUMN plan_id uuid;
ALTER TABLE audits ADD COLUMN plan_run_id uuid;
ALTER TABLE audits ADD FOREIGN KEY (tenant_id, plan_id) REFERENCES audit_plans(tenant_id, id);
ALTER TABLE audits ADD FOREIGN KEY (tenant_id, plan_run_id) REFERENCES audit_plan_runs(tenant_id, id);
CREATE INDEX audits_plan_run_idx ON audits (tenant_id, plan_run_id) WHERE plan_run_id IS NOT NULL;
