-- Feedback items: non-survey text (social and forum posts, app-store reviews, call transcripts) that flows into
-- text analytics, alerts and the journey map like survey comments.
CREATE TABLE feedback_items (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  source text NOT NULL CHECK (source IN ('social','forum','app_review','call_transcript','other')),
  -- Where it was posted (微博, 大众点评, App Store…), free text.
  channel text,
  url text,
  author text,
  text text NOT NULL CHECK (length(text) BETWEEN 1 AND 20000),
  rating double precision,
  org_unit_id uuid,
  touchpoint_id uuid,
  -- A member id as given; customer_id once the customers domain resolves it.
  customer_ref text,
  customer_id uuid,
  -- The id in the source system; re-importing the same item is a no-op.
  external_id text,
  occurred_at timestamptz NOT NULL,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, touchpoint_id) REFERENCES touchpoints(tenant_id, id)
);
CREATE UNIQUE INDEX feedback_items_external_idx ON feedback_items (tenant_id, source, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX feedback_items_time_idx ON feedback_items (tenant_id, occurred_at);
CREATE INDEX feedback_items_unit_time_idx ON feedback_items (tenant_id, org_unit_id, occurred_at);
CREATE INDEX feedback_items_customer_idx ON feedback_items (tenant_id, customer_ref) WHERE customer_ref IS NOT NULL;
