-- Customer profiles: one row per person, keyed by external identities (member id, phone, WeChat openid, email).
-- Responses, events and feedback carry the member id as given (customer_ref); customer resolution (a job, off the
-- ingest path) creates profiles for new refs and fills their customer_id.
CREATE TABLE customers (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  display_name text CHECK (length(display_name) <= 100),
  -- Flat key → scalar attributes (birthday, city, channel…); segments filter on them.
  attributes jsonb NOT NULL DEFAULT '{}',
  -- Value tier from the tenant's tier scheme (customer_tier_schemes), NULL before the first evaluation.
  tier text,
  -- Set when this profile was merged into another: the survivor. The row stays so old links answer with it.
  merged_into uuid,
  first_seen_at timestamptz,
  last_seen_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX customers_list_idx ON customers (tenant_id, created_at DESC, id DESC) WHERE merged_into IS NULL;
CREATE INDEX customers_tier_idx ON customers (tenant_id, tier) WHERE merged_into IS NULL;

-- kind member/wechat_openid: value as given. kind phone/email: value is an HMAC-SHA256 (hex) of the normalised
-- phone or email keyed by the server secret and the tenant, so a phone can be looked up but is never stored;
-- display is the masked form (138****5678, a***@example.com).
CREATE TABLE customer_identities (
  tenant_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('member', 'phone', 'wechat_openid', 'email')),
  value text NOT NULL CHECK (length(value) BETWEEN 1 AND 200),
  display text NOT NULL,
  customer_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, kind, value),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX customer_identities_customer_idx ON customer_identities (tenant_id, customer_id);

-- Tags: 'manual' ones are set by people, 'rule' ones by a tag rule (rule_id); the same tag may come from both.
CREATE TABLE customer_tags (
  tenant_id uuid NOT NULL,
  customer_id uuid NOT NULL,
  tag text NOT NULL CHECK (length(tag) BETWEEN 1 AND 40),
  source text NOT NULL CHECK (source IN ('manual', 'rule')),
  rule_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, customer_id, tag, source),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX customer_tags_tag_idx ON customer_tags (tenant_id, tag);

-- Rule-based tags: {measure, op, value} (see @loopcx/shared ZTagRule), evaluated by a scheduled job and on demand.
CREATE TABLE customer_tag_rules (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  tag text NOT NULL,
  name text,
  measure jsonb NOT NULL,
  op text NOT NULL,
  value double precision NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  last_run_at timestamptz,
  last_count int,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, tag)
);

-- One value-tier scheme per tenant: {measure, tiers: [{name, min}]} (ZTierScheme).
CREATE TABLE customer_tier_schemes (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  measure jsonb NOT NULL,
  tiers jsonb NOT NULL,
  last_run_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id)
);

-- Segments: saved filter-builder definitions (ZSegmentDefinition), compiled to parametrised SQL. Members are
-- materialised by a job for metrics split by segment; previews and member lists run the definition live.
CREATE TABLE customer_segments (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  description text,
  definition jsonb NOT NULL,
  member_count int,
  refreshed_at timestamptz,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, name)
);

CREATE TABLE customer_segment_members (
  tenant_id uuid NOT NULL,
  segment_id uuid NOT NULL,
  customer_id uuid NOT NULL,
  PRIMARY KEY (tenant_id, segment_id, customer_id),
  FOREIGN KEY (tenant_id, segment_id) REFERENCES customer_segments (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX customer_segment_members_customer_idx ON customer_segment_members (tenant_id, customer_id);

-- Identity merges: the merged-away profile → the survivor, with what moved. A profile is merged away once.
CREATE TABLE customer_merges (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  survivor_id uuid NOT NULL,
  merged_id uuid NOT NULL,
  moved jsonb NOT NULL DEFAULT '{}',
  actor_id uuid,
  merged_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, merged_id)
);
CREATE INDEX customer_merges_survivor_idx ON customer_merges (tenant_id, survivor_id);

-- How far the incremental resolution sweep has read each source (ids are UUIDv7, so id order is insert order).
CREATE TABLE customer_resolution_cursors (
  tenant_id uuid NOT NULL,
  source text NOT NULL,
  last_id uuid NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, source)
);

-- A customer's responses (timeline, segments by last NPS, merges). Partial on customer_id IS NOT NULL: ingest
-- inserts responses with customer_id NULL, so this index costs the hot path nothing; resolution fills it.
CREATE INDEX responses_customer_idx ON responses (tenant_id, customer_id, submitted_at) WHERE customer_id IS NOT NULL;
