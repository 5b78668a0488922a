-- Saved dashboards: a named view (metrics, unit, period, touchpoint, tiles) owned by a user. `shared` makes it
-- visible, read-only, to everyone in the tenant; each viewer's data is still clipped to their own subtree.
CREATE TABLE saved_dashboards (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  owner_id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description text,
  config jsonb NOT NULL,
  shared boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, owner_id) REFERENCES users(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX saved_dashboards_owner_idx ON saved_dashboards (tenant_id, owner_id);
CREATE INDEX saved_dashboards_shared_idx ON saved_dashboards (tenant_id) WHERE shared;

-- The journey map reads rollups per touchpoint over a unit subtree and a period.
CREATE INDEX score_rollups_touchpoint_idx ON score_rollups (tenant_id, binding, touchpoint_id, day);
