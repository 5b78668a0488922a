-- Public write keys for the browser SDK (issue 20): a key names the exact origins that may send with it, the event
-- types it may write and the unit (and optionally touchpoint) its events land on. The key string is public by
-- design (it sits in a page's HTML), so it is stored as is; it is never accepted on /api/v1.
CREATE TABLE sdk_keys (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  key text NOT NULL,
  allowed_origins text[] NOT NULL CHECK (cardinality(allowed_origins) BETWEEN 1 AND 50),
  allowed_event_types text[] NOT NULL CHECK (cardinality(allowed_event_types) BETWEEN 1 AND 100),
  org_unit_id uuid NOT NULL,
  touchpoint_id uuid,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  -- written at most once a minute per key by the ingest path
  last_used_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, org_unit_id) REFERENCES org_units(tenant_id, id),
  FOREIGN KEY (tenant_id, touchpoint_id) REFERENCES touchpoints(tenant_id, id) ON DELETE SET NULL (touchpoint_id)
);
-- the public endpoint finds a key by its string alone (tenant unknown until then)
CREATE UNIQUE INDEX sdk_keys_key_idx ON sdk_keys (key);
CREATE INDEX sdk_keys_list_idx ON sdk_keys (tenant_id, created_at DESC);
