-- Tenant-defined metrics. The built-in survey metrics (nps, csat, ces, rating:<q>, responses, response_rate) are
-- defined in code and listed beside these; a tenant's own metrics are formulas over event and response
-- aggregates, e.g. cpo = count('call.inbound') / count('order.completed' where properties.valid = true).
CREATE TABLE metric_definitions (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  key text NOT NULL CHECK (key ~ '^[a-z][a-z0-9_]{0,62}$'),
  name text NOT NULL,
  name_en text,
  description text,
  kind text NOT NULL DEFAULT 'formula' CHECK (kind IN ('formula')),
  formula text NOT NULL,
  -- How values are shown: 'number' | 'percent' | 'ratio' | 'currency'; decimals to show.
  format text NOT NULL DEFAULT 'number',
  decimals int NOT NULL DEFAULT 2 CHECK (decimals BETWEEN 0 AND 6),
  direction text NOT NULL DEFAULT 'higher' CHECK (direction IN ('higher', 'lower')),
  target double precision,
  min_n int NOT NULL DEFAULT 5 CHECK (min_n >= 1),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, key)
);
