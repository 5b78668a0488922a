-- Problems and department tasks: the two-level closed loop. An HQ analyst turns tickets, a text topic or a metric
-- drop into a problem (root cause, owner), decomposes it into tasks for teams (客服部, 运营部 …) or org units with
-- due dates; task owners report progress and evidence and submit; the problem owner accepts or returns.
CREATE TABLE problems (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  number integer NOT NULL,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  description text,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  -- the unit the problem belongs to (its owner's unit when created): the scope boundary of the problem itself
  org_unit_id uuid NOT NULL,
  owner_id uuid NOT NULL,
  root_cause_id uuid,
  -- where it came from: tickets, a text topic (free text or a topic of the taxonomy), a metric drop, or nothing
  source text NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'tickets', 'topic', 'metric')),
  source_topic text,
  -- {metric, orgUnitId, period} of a metric drop
  source_metric jsonb,
  ticket_ids uuid[] NOT NULL DEFAULT '{}',
  action_id uuid,
  closed_at timestamptz,
  -- 'tasks' (every task accepted) or 'action' (the linked action's measured effect); the effect as measured then
  close_reason text CHECK (close_reason IN ('tasks', 'action')),
  close_note text,
  close_effect jsonb,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, number),
  FOREIGN KEY (tenant_id, org_unit_id) REFERENCES org_units(tenant_id, id),
  FOREIGN KEY (tenant_id, owner_id) REFERENCES users(tenant_id, id),
  FOREIGN KEY (tenant_id, root_cause_id) REFERENCES root_causes(tenant_id, id),
  FOREIGN KEY (tenant_id, action_id) REFERENCES improvement_actions(tenant_id, id) ON DELETE SET NULL (action_id)
);
CREATE INDEX problems_list_idx ON problems (tenant_id, status, created_at DESC);

-- One task of a problem for a team or an org unit (exactly one of them). Status machine:
-- open → in_progress (progress reported) → submitted → accepted | returned → submitted …; accepted is final.
CREATE TABLE problem_tasks (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  problem_id uuid NOT NULL,
  seq integer NOT NULL,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  team_id uuid,
  org_unit_id uuid,
  due_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'submitted', 'accepted', 'returned')),
  progress integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  submitted_at timestamptz,
  accepted_at timestamptz,
  return_reason text,
  -- set once by the overdue sweep (idempotent: a task is marked and escalated once)
  overdue_at timestamptz,
  escalated_to uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, problem_id, seq),
  CHECK ((team_id IS NULL) <> (org_unit_id IS NULL)),
  FOREIGN KEY (tenant_id, problem_id) REFERENCES problems(tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, team_id) REFERENCES teams(tenant_id, id),
  FOREIGN KEY (tenant_id, org_unit_id) REFERENCES org_units(tenant_id, id)
);
CREATE INDEX problem_tasks_problem_idx ON problem_tasks (tenant_id, problem_id, seq);
-- the overdue sweep: open work past its due date not yet marked
CREATE INDEX problem_tasks_due_idx ON problem_tasks (due_at) WHERE overdue_at IS NULL AND status NOT IN ('submitted', 'accepted');
CREATE INDEX problem_tasks_team_idx ON problem_tasks (tenant_id, team_id) WHERE team_id IS NOT NULL;
CREATE INDEX problem_tasks_unit_idx ON problem_tasks (tenant_id, org_unit_id) WHERE org_unit_id IS NOT NULL;

-- Evidence on a task: a note, or a file in the file store (platform/file-store.ts) with its checked type and size.
CREATE TABLE problem_task_evidence (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  task_id uuid NOT NULL,
  note text,
  file_name text,
  content_type text,
  size integer,
  file_ref text,
  -- insertion order (several pieces may share a timestamp)
  seq bigint GENERATED ALWAYS AS IDENTITY,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  CHECK (note IS NOT NULL OR file_ref IS NOT NULL),
  FOREIGN KEY (tenant_id, task_id) REFERENCES problem_tasks(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX problem_task_evidence_task_idx ON problem_task_evidence (tenant_id, task_id, created_at);

-- A problem's timeline: created, task submitted/accepted/returned/overdue, action linked, closed.
CREATE TABLE problem_events (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id bigint GENERATED ALWAYS AS IDENTITY,
  problem_id uuid NOT NULL,
  task_id uuid,
  kind text NOT NULL,
  actor_id uuid,
  data jsonb NOT NULL DEFAULT '{}',
  at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, problem_id) REFERENCES problems(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX problem_events_problem_idx ON problem_events (tenant_id, problem_id, at);
