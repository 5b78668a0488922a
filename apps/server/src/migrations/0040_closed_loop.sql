-- Closed loop: alert rules, alerts, tickets with SLA and escalation, root-cause taxonomy, improvement actions.

CREATE TABLE sla_policies (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  priority text NOT NULL CHECK (priority IN ('low','normal','high','urgent')),
  first_response_minutes int NOT NULL CHECK (first_response_minutes > 0),
  resolution_minutes int NOT NULL CHECK (resolution_minutes > 0),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, priority)
);

CREATE TABLE root_causes (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  parent_id uuid,
  code text NOT NULL,
  name text NOT NULL,
  name_en text,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','archived')),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, code)
);

CREATE TABLE alert_rules (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  kind text NOT NULL CHECK (kind IN ('response','metric')),
  enabled boolean NOT NULL DEFAULT true,
  -- {"orgUnitId":…, "surveyIds":[…] (empty = every survey, including later ones), "touchpointIds":[…]}
  scope jsonb NOT NULL DEFAULT '{}',
  -- response rules: {"expression":"{nps} <= 6 or {csat} <= 2"}; metric rules: {"metric","windowDays","op","threshold","minN"} or {"metric","anomaly":true,"minN"}
  condition jsonb NOT NULL,
  -- {"ticket":{"priority","assign":"unit_manager"|"round_robin"}|null,"notify":{"inApp":bool,"emails":[…],"webhookUrl"?}}
  actions jsonb NOT NULL,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE alerts (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  rule_id uuid NOT NULL,
  source text NOT NULL CHECK (source IN ('response','feedback','metric')),
  -- The triggering item; (rule, source_key) is unique so re-running a rule never alerts twice.
  source_key text NOT NULL,
  org_unit_id uuid,
  ticket_id uuid,
  data jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, rule_id, source_key)
);

CREATE TABLE ticket_counters (
  tenant_id uuid PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
  last_number bigint NOT NULL DEFAULT 0
);

CREATE TABLE tickets (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  number bigint NOT NULL,
  source text NOT NULL CHECK (source IN ('response','feedback','metric','manual')),
  status text NOT NULL CHECK (status IN ('new','acknowledged','in_progress','resolved','closed','reopened')),
  priority text NOT NULL CHECK (priority IN ('low','normal','high','urgent')),
  title text NOT NULL,
  description text,
  org_unit_id uuid NOT NULL,
  team_id uuid,
  assignee_id uuid,
  response_id uuid,
  feedback_id uuid,
  survey_id uuid,
  customer_ref text,
  rule_id uuid,
  first_response_due_at timestamptz,
  resolution_due_at timestamptz,
  first_responded_at timestamptz,
  resolved_at timestamptz,
  closed_at timestamptz,
  escalation_level int NOT NULL DEFAULT 0,
  root_cause_id uuid,
  resolution text,
  followup_outcome text,
  reopen_count int NOT NULL DEFAULT 0,
  status_changed_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, number),
  FOREIGN KEY (tenant_id, org_unit_id) REFERENCES org_units(tenant_id, id)
);
CREATE INDEX tickets_unit_status_idx ON tickets (tenant_id, org_unit_id, status);
CREATE INDEX tickets_assignee_idx ON tickets (tenant_id, assignee_id, status);
CREATE INDEX tickets_due_idx ON tickets (tenant_id, resolution_due_at) WHERE status NOT IN ('resolved','closed');
CREATE INDEX tickets_response_idx ON tickets (tenant_id, response_id);
-- One open ticket per customer per survey: repeat alerts attach to it.
CREATE UNIQUE INDEX tickets_open_customer_survey_idx ON tickets (tenant_id, customer_ref, survey_id)
  WHERE status NOT IN ('resolved','closed') AND customer_ref IS NOT NULL AND survey_id IS NOT NULL;

CREATE TABLE ticket_events (
  tenant_id uuid NOT NULL,
  id bigserial,
  ticket_id uuid NOT NULL,
  kind text NOT NULL,
  actor_id uuid,
  from_status text,
  to_status text,
  data jsonb NOT NULL DEFAULT '{}',
  at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX ticket_events_ticket_idx ON ticket_events (tenant_id, ticket_id, id);

CREATE TABLE notifications (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  channel text NOT NULL CHECK (channel IN ('in_app','email','webhook')),
  recipient text NOT NULL,
  subject text NOT NULL,
  body text NOT NULL,
  data jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','sent','failed','outbox')),
  read_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE improvement_actions (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  title text NOT NULL,
  description text,
  owner_id uuid,
  root_cause_id uuid,
  ticket_ids uuid[] NOT NULL DEFAULT '{}',
  org_unit_ids uuid[] NOT NULL,
  metric text NOT NULL,
  start_date date NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('planned','active','done','cancelled')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
