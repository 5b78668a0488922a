-- Responses and their rollups. One row per response; rollups hold per-day score histograms so every dashboard
-- metric is a sum over (org subtree × period) of small rows, whatever the response count.
CREATE TABLE responses (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  survey_id uuid NOT NULL,
  survey_version_id uuid NOT NULL,
  org_unit_id uuid,
  touchpoint_id uuid,
  customer_id uuid,
  -- The customer reference as given (member id, phone hash…) before profile resolution.
  customer_ref text,
  channel text NOT NULL DEFAULT 'link',
  invitation_id uuid,
  locale text,
  answers jsonb NOT NULL,
  -- Extracted binding scores: {"nps":9,"csat":4,"ces":2,"rating:food":5}
  scores jsonb NOT NULL DEFAULT '{}',
  -- Transaction context from a personalised link or the batch API (categories bought, order id…).
  context jsonb,
  idempotency_key text NOT NULL,
  -- sha256 of the canonical submitted body: a replayed key with a different body is a 409.
  body_hash text NOT NULL,
  submitted_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, idempotency_key),
  FOREIGN KEY (tenant_id, survey_version_id) REFERENCES survey_versions(tenant_id, id)
);
CREATE INDEX responses_survey_time_idx ON responses (tenant_id, survey_id, submitted_at);
CREATE INDEX responses_unit_time_idx ON responses (tenant_id, org_unit_id, submitted_at);
CREATE INDEX responses_time_idx ON responses (tenant_id, submitted_at);

-- Score rollups: one row per (survey, binding, org unit, touchpoint, tenant-local day).
-- binding: 'nps' | 'csat' | 'ces' | 'rating:<question>' | '*' (response count; n only).
-- h0..h10 count integer scores 0..10 (every NPS/CSAT/CES/rating scale fits); n/sum/sumsq cover all scores.
-- org_unit_id and touchpoint_id use the nil uuid for "none" so they can be part of the primary key.
CREATE TABLE score_rollups (
  tenant_id uuid NOT NULL,
  survey_id uuid NOT NULL,
  binding text NOT NULL,
  org_unit_id uuid NOT NULL,
  touchpoint_id uuid NOT NULL,
  day date NOT NULL,
  n int NOT NULL DEFAULT 0,
  sum double precision NOT NULL DEFAULT 0,
  sumsq double precision NOT NULL DEFAULT 0,
  h0 int NOT NULL DEFAULT 0, h1 int NOT NULL DEFAULT 0, h2 int NOT NULL DEFAULT 0, h3 int NOT NULL DEFAULT 0,
  h4 int NOT NULL DEFAULT 0, h5 int NOT NULL DEFAULT 0, h6 int NOT NULL DEFAULT 0, h7 int NOT NULL DEFAULT 0,
  h8 int NOT NULL DEFAULT 0, h9 int NOT NULL DEFAULT 0, h10 int NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, survey_id, binding, org_unit_id, touchpoint_id, day)
);
CREATE INDEX score_rollups_binding_day_idx ON score_rollups (tenant_id, binding, day);
