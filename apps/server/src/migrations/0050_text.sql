-- Text analytics: a per-tenant topic taxonomy, one analysis per open-text answer or feedback item, a per-topic
-- child table for fast "topics × sentiment" aggregation, corrections, discovery proposals and background runs.

-- One row per tenant that has installed or edited a taxonomy; `version` increases on every change and keys the
-- in-memory analyzer cache and reanalysis runs.
CREATE TABLE text_taxonomies (
  tenant_id uuid PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
  version int NOT NULL DEFAULT 0,
  -- The industry pack it started from (restaurant, retail, hotel, telecom, bank), if any.
  pack text,
  updated_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Topic tree. `code` is a stable slug (food-safety) that alert rules and metrics can name;
-- rules: {"zh":{"include":[…],"exclude":[…]},"en":{"include":[…],"exclude":[…]}}.
CREATE TABLE text_topics (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  parent_id uuid,
  code text NOT NULL CHECK (length(code) BETWEEN 1 AND 64),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  name_en text,
  rules jsonb NOT NULL DEFAULT '{}',
  position int NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, code)
);

-- One analysis per (source, question): a survey response's open-text answer or a feedback item (question NULL).
-- The text is copied so verbatims, search, discovery and reanalysis read one table.
CREATE TABLE text_analyses (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  source_kind text NOT NULL CHECK (source_kind IN ('response','feedback')),
  source_id uuid NOT NULL,
  question text,
  survey_id uuid,
  org_unit_id uuid,
  touchpoint_id uuid,
  customer_ref text,
  occurred_at timestamptz NOT NULL,
  text text NOT NULL,
  language text NOT NULL,
  sentiment text NOT NULL CHECK (sentiment IN ('negative','neutral','positive')),
  score double precision NOT NULL,
  -- [{"topicId","topic","code","sentiment","score"}]
  topics jsonb NOT NULL DEFAULT '[]',
  keywords text[] NOT NULL DEFAULT '{}',
  -- Highlight offsets in `text`: [{"topicId","start","end"}]
  matches jsonb NOT NULL DEFAULT '[]',
  -- A person fixed sentiment or topics: reanalysis never overwrites it.
  corrected boolean NOT NULL DEFAULT false,
  model_version text NOT NULL,
  taxonomy_version int NOT NULL DEFAULT 0,
  analysed_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX text_analyses_source_idx ON text_analyses (tenant_id, source_kind, source_id, (coalesce(question, '')));
CREATE INDEX text_analyses_time_idx ON text_analyses (tenant_id, occurred_at);
CREATE INDEX text_analyses_unit_time_idx ON text_analyses (tenant_id, org_unit_id, occurred_at);

-- One row per (analysis, topic): "topics × sentiment" and per-topic trends aggregate this narrow table.
CREATE TABLE text_topic_hits (
  tenant_id uuid NOT NULL,
  analysis_id uuid NOT NULL,
  topic_id uuid NOT NULL,
  sentiment text NOT NULL CHECK (sentiment IN ('negative','neutral','positive')),
  occurred_at timestamptz NOT NULL,
  org_unit_id uuid,
  touchpoint_id uuid,
  source_kind text NOT NULL,
  PRIMARY KEY (tenant_id, analysis_id, topic_id)
);
CREATE INDEX text_topic_hits_topic_time_idx ON text_topic_hits (tenant_id, topic_id, occurred_at);
CREATE INDEX text_topic_hits_time_idx ON text_topic_hits (tenant_id, occurred_at);

-- Every correction a person made, before and after; exported as training data for the sentiment model.
CREATE TABLE text_corrections (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  analysis_id uuid NOT NULL,
  user_id uuid,
  at timestamptz NOT NULL,
  text text NOT NULL,
  -- {"sentiment","topics":[topicId…]}
  before jsonb NOT NULL,
  after jsonb NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX text_corrections_analysis_idx ON text_corrections (tenant_id, analysis_id, at);

-- Discovery proposals: a person accepts them into the taxonomy or dismisses them. (kind, term) is unique so a
-- later run refreshes the evidence and never re-proposes what was dismissed.
CREATE TABLE text_discoveries (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('pair','uncovered','rising')),
  term text NOT NULL CHECK (length(term) BETWEEN 1 AND 100),
  -- pair: [noun, opinion]; others: [term]
  terms text[] NOT NULL,
  -- {"count","negative","previous","logOdds","examples":[{"analysisId","text"}]}
  evidence jsonb NOT NULL,
  score double precision NOT NULL DEFAULT 0,
  status text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed','accepted','dismissed')),
  topic_id uuid,
  run_at timestamptz NOT NULL,
  decided_by uuid,
  decided_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, kind, term)
);

-- Background runs with progress: reanalysis after a taxonomy change, discovery.
CREATE TABLE text_runs (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('reanalysis','discovery')),
  status text NOT NULL DEFAULT 'running' CHECK (status IN ('running','done','failed','superseded')),
  taxonomy_version int,
  total int NOT NULL DEFAULT 0,
  done int NOT NULL DEFAULT 0,
  result jsonb,
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX text_runs_kind_idx ON text_runs (tenant_id, kind, started_at);
