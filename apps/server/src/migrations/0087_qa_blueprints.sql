-- Process blueprints (issue 22, slice 2): per journey, the service process drawn as swimlanes of teams — start and
-- end nodes, steps and decisions on the front stage, back stage or support, RACI per node, the journey's
-- touchpoints and event types per node. Checklist items name the node they check.

CREATE TABLE blueprints (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  journey_id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  name_en text CHECK (length(name_en) <= 120),
  -- The team that owns the process (its process owner); null until one is named.
  owner_team_id uuid,
  -- The published version the console shows first; every version stays in blueprint_versions.
  version integer NOT NULL DEFAULT 1,
  archived boolean NOT NULL DEFAULT false,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, journey_id) REFERENCES journeys(tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, owner_team_id) REFERENCES teams(tenant_id, id) ON DELETE SET NULL (owner_team_id)
);
CREATE INDEX blueprints_journey_idx ON blueprints (tenant_id, journey_id);

-- One row per published version: lanes (team ids, top to bottom), nodes and edges as validated by
-- domains/blueprints/validate.ts. A version is never rewritten, so a diagram of last quarter still reads.
CREATE TABLE blueprint_versions (
  tenant_id uuid NOT NULL,
  blueprint_id uuid NOT NULL,
  version integer NOT NULL,
  lanes jsonb NOT NULL,
  nodes jsonb NOT NULL,
  edges jsonb NOT NULL,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, blueprint_id, version),
  FOREIGN KEY (tenant_id, blueprint_id) REFERENCES blueprints(tenant_id, id) ON DELETE CASCADE
);

-- The blueprint whose nodes a checklist's items check (each item's `nodeId` in checklist_versions.items).
ALTER TABLE checklists ADD COLUMN blueprint_id uuid;
ALTER TABLE checklists ADD CONSTRAINT checklists_blueprint_fk
  FOREIGN KEY (tenant_id, blueprint_id) REFERENCES blueprints(tenant_id, id) ON DELETE SET NULL (blueprint_id);
