-- Surveys: a draft definition (SurveyJS JSON) and immutable published versions that responses reference.
CREATE TABLE surveys (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  description text,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','live','paused','closed','archived')),
  touchpoint_id uuid,
  -- The editable draft; publishing copies it into survey_versions.
  definition jsonb NOT NULL,
  -- Metric bindings: {"nps":"q1","csat":{"question":"q2","scale":5},"ces":"q3","ratings":["q4"]}
  bindings jsonb NOT NULL DEFAULT '{}',
  current_version_id uuid,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, touchpoint_id) REFERENCES touchpoints(tenant_id, id)
);

CREATE TABLE survey_versions (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  survey_id uuid NOT NULL,
  version int NOT NULL,
  definition jsonb NOT NULL,
  bindings jsonb NOT NULL,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, survey_id, version),
  FOREIGN KEY (tenant_id, survey_id) REFERENCES surveys(tenant_id, id) ON DELETE CASCADE
);
