-- Operational and behaviour events (O data): orders, inbound calls, page views, closed tickets, custom types.
-- Built-in types (order.completed, call.inbound, page.view, ticket.closed) are defined in code and available to
-- every tenant; event_types holds a tenant's own types with a small declared property schema.
CREATE TABLE event_types (
  tenant_id uuid NOT NULL,
  key text NOT NULL CHECK (key ~ '^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$' AND length(key) <= 100),
  name text NOT NULL,
  name_en text,
  description text,
  -- {"<property>": {"type": "string|number|integer|boolean", "enum": [...]?, "required": bool?, "dimension": bool?}}
  -- dimension: a boolean or enum property whose values get their own rollup rows (variant 'valid=true').
  properties jsonb NOT NULL DEFAULT '{}',
  -- true: properties not declared above are rejected; false: they are kept as given.
  strict boolean NOT NULL DEFAULT false,
  -- What `value` measures for this type (e.g. 'amount (CNY)'); free text for people.
  value_label text,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, key)
);

CREATE TABLE events (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  type text NOT NULL,
  occurred_at timestamptz NOT NULL,
  org_unit_id uuid,
  touchpoint_id uuid,
  -- The customer reference as given (member id such as 'M-10234'); customer_id is filled by customer resolution.
  customer_ref text,
  customer_id uuid,
  properties jsonb NOT NULL DEFAULT '{}',
  value double precision,
  -- NULL when the sender gave none (then every submission is a new event).
  idempotency_key text,
  -- sha256 of the canonical event: a replayed key with a different body is reported, not stored.
  body_hash text,
  source text NOT NULL DEFAULT 'api',
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, idempotency_key)
);
CREATE INDEX events_type_time_idx ON events (tenant_id, type, occurred_at);
CREATE INDEX events_unit_time_idx ON events (tenant_id, org_unit_id, occurred_at);
CREATE INDEX events_customer_idx ON events (tenant_id, customer_ref);

-- Event rollups: per (type, variant, org unit, touchpoint, tenant-local day) the count and the sum of value.
-- variant '' counts every event of the type; 'prop=value' counts events whose dimension property has that value,
-- so count('order.completed' where properties.valid = true) is a sum over rollup rows, never a raw scan.
-- org_unit_id / touchpoint_id use the nil uuid for "none" so they can be part of the primary key.
CREATE TABLE event_rollups (
  tenant_id uuid NOT NULL,
  type text NOT NULL,
  variant text NOT NULL,
  org_unit_id uuid NOT NULL,
  touchpoint_id uuid NOT NULL,
  day date NOT NULL,
  n bigint NOT NULL DEFAULT 0,
  -- events carrying a value, their sum and sum of squares (variance of sums)
  nv bigint NOT NULL DEFAULT 0,
  sum double precision NOT NULL DEFAULT 0,
  sumsq double precision NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, type, variant, org_unit_id, touchpoint_id, day)
);
CREATE INDEX event_rollups_unit_day_idx ON event_rollups (tenant_id, org_unit_id, day);
