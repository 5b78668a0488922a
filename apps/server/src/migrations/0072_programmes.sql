-- Reach programmes: a recurring wave of invitations to a saved customer segment (relational NPS to gold members every
-- quarter), under the same contact policy as triggers plus the programme's own cooldown.
CREATE TABLE reach_programmes (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  segment_id uuid NOT NULL,
  survey_id uuid NOT NULL,
  channel_id uuid NOT NULL,
  -- the schedule: a wave every `every` units from starts_at (UTC calendar arithmetic for months and quarters)
  every integer NOT NULL CHECK (every BETWEEN 1 AND 366),
  unit text NOT NULL CHECK (unit IN ('day', 'week', 'month', 'quarter')),
  starts_at timestamptz NOT NULL,
  -- no wave at or after this instant (the programme has expired)
  ends_at timestamptz,
  sample_percent real NOT NULL DEFAULT 100 CHECK (sample_percent > 0 AND sample_percent <= 100),
  -- a customer invited by this programme (sent or due) within this many days is suppressed with reason `cooldown`
  cooldown_days integer NOT NULL DEFAULT 0 CHECK (cooldown_days BETWEEN 0 AND 3650),
  expires_in_hours integer CHECK (expires_in_hours BETWEEN 1 AND 8760),
  reminder_after_days integer CHECK (reminder_after_days BETWEEN 1 AND 60),
  enabled boolean NOT NULL DEFAULT true,
  -- the next scheduled wave; NULL once the programme has expired
  next_run_at timestamptz,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, segment_id) REFERENCES customer_segments(tenant_id, id),
  FOREIGN KEY (tenant_id, survey_id) REFERENCES surveys(tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, channel_id) REFERENCES channels(tenant_id, id)
);
CREATE INDEX reach_programmes_due_idx ON reach_programmes (next_run_at) WHERE enabled;

-- One wave per programme and period, decided by the unique key: two schedulers ticking at once insert one row.
-- wave_key is 'p<period index>' for a scheduled wave and 'now-<uuid>' for "run now". A wave walks the segment in
-- customer id order, a chunk per job (cursor), so a large segment never holds one long transaction.
CREATE TABLE reach_programme_waves (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  programme_id uuid NOT NULL,
  wave_key text NOT NULL CHECK (length(wave_key) BETWEEN 1 AND 60),
  scheduled_for timestamptz NOT NULL,
  manual boolean NOT NULL DEFAULT false,
  cursor uuid,
  audience integer NOT NULL DEFAULT 0,
  sampled_out integer NOT NULL DEFAULT 0,
  finished_at timestamptz,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, programme_id, wave_key),
  FOREIGN KEY (tenant_id, programme_id) REFERENCES reach_programmes(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX reach_programme_waves_list_idx ON reach_programme_waves (tenant_id, programme_id, created_at DESC);

-- A programme's invitations: one per wave and customer (a re-run chunk adds nothing).
ALTER TABLE invitations ADD COLUMN programme_id uuid, ADD COLUMN wave_id uuid;
CREATE UNIQUE INDEX invitations_wave_customer_key ON invitations (tenant_id, wave_id, customer_id) WHERE wave_id IS NOT NULL;
CREATE INDEX invitations_programme_idx ON invitations (tenant_id, programme_id, customer_id, created_at) WHERE programme_id IS NOT NULL;
