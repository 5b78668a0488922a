-- Targets that cascade (issue 19): a target per metric × org unit × period. A unit without its own target for a
-- period inherits the nearest ancestor's (resolution in domains/targets/resolve.ts); a row here is an override at
-- its unit. period is 'YYYY' (year), 'YYYY-Qn' (quarter) or 'YYYY-MM' (month).
CREATE TABLE metric_targets (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  metric_key text NOT NULL CHECK (length(metric_key) BETWEEN 1 AND 120),
  org_unit_id uuid NOT NULL,
  period text NOT NULL CHECK (period ~ '^[0-9]{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$'),
  value double precision NOT NULL CHECK (value = value AND value > -1e12 AND value < 1e12),
  set_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, metric_key, period, org_unit_id),
  FOREIGN KEY (tenant_id, org_unit_id) REFERENCES org_units(tenant_id, id) ON DELETE CASCADE
);
