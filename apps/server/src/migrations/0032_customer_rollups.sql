-- Score rollups per customer group, so metrics split by value tier or segment read small rows like every other
-- dashboard query instead of scanning responses. group_key is 'tier:<name>' or 'segment:<uuid>'; the other
-- columns are those of score_rollups / score_rollups_monthly (migrations 0011, 0022).
-- Maintained incrementally: resolution adds newly resolved responses to their customer's current groups; when
-- customers change tier, join or leave a segment, or are merged, their responses are subtracted from the groups
-- they left and added to the ones they joined, in the same transaction (a rebuild from scratch is the repair).
CREATE TABLE customer_score_rollups (
  tenant_id uuid NOT NULL,
  group_key text NOT NULL,
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
  PRIMARY KEY (tenant_id, group_key, binding, day, survey_id, org_unit_id, touchpoint_id)
);

CREATE TABLE customer_score_rollups_monthly (
  tenant_id uuid NOT NULL,
  group_key text NOT NULL,
  survey_id uuid NOT NULL,
  binding text NOT NULL,
  org_unit_id uuid NOT NULL,
  touchpoint_id uuid NOT NULL,
  month date NOT NULL,
  n int NOT NULL DEFAULT 0,
  sum double precision NOT NULL DEFAULT 0,
  sumsq double precision NOT NULL DEFAULT 0,
  h0 int NOT NULL DEFAULT 0, h1 int NOT NULL DEFAULT 0, h2 int NOT NULL DEFAULT 0, h3 int NOT NULL DEFAULT 0,
  h4 int NOT NULL DEFAULT 0, h5 int NOT NULL DEFAULT 0, h6 int NOT NULL DEFAULT 0, h7 int NOT NULL DEFAULT 0,
  h8 int NOT NULL DEFAULT 0, h9 int NOT NULL DEFAULT 0, h10 int NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, group_key, binding, month, survey_id, org_unit_id, touchpoint_id)
);
