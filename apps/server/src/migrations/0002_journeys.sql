-- Journeys → stages → touchpoints. Touchpoints are referenced by surveys, responses, events and metrics.
CREATE TABLE journeys (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  name_en text,
  description text,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','archived')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE journey_stages (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  journey_id uuid NOT NULL,
  position int NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  name_en text,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, journey_id) REFERENCES journeys(tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE touchpoints (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  journey_id uuid,
  stage_id uuid,
  position int NOT NULL DEFAULT 0,
  code text NOT NULL CHECK (length(code) BETWEEN 1 AND 64),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  name_en text,
  channel text NOT NULL CHECK (channel IN ('physical','digital','interpersonal')),
  owner_team_id uuid,
  -- RACI: {"responsible":[teamId|userId…], "accountable":[…], "consulted":[…], "informed":[…]}
  raci jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','archived')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, code),
  FOREIGN KEY (tenant_id, journey_id) REFERENCES journeys(tenant_id, id) ON DELETE SET NULL (journey_id),
  FOREIGN KEY (tenant_id, stage_id) REFERENCES journey_stages(tenant_id, id) ON DELETE SET NULL (stage_id),
  FOREIGN KEY (tenant_id, owner_team_id) REFERENCES teams(tenant_id, id)
);
