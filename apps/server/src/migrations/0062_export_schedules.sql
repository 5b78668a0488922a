-- Scheduled exports to the data platform (issue 18): schedules, their runs, and a commit-order watermark column
-- on every exported table (docs/ARCHITECTURE.md, "Scheduled exports").

-- The top-level transaction id that wrote the row. A bigserial or a timestamp is not commit-ordered (a transaction
-- that drew a lower value can commit after a higher one), so an exporter reading "above the last value seen" could
-- skip a row forever; "committed since the last snapshot" is exact: pg_visible_in_snapshot(export_xid, snapshot).
-- Added without a default first (no table rewrite); rows from before this migration keep NULL, which the first run
-- of a schedule exports and later runs never see again (they committed before any schedule's first snapshot).
ALTER TABLE responses ADD COLUMN export_xid xid8;
ALTER TABLE responses ALTER COLUMN export_xid SET DEFAULT pg_current_xact_id();
CREATE INDEX responses_export_xid_idx ON responses (tenant_id, export_xid, id);
ALTER TABLE events ADD COLUMN export_xid xid8;
ALTER TABLE events ALTER COLUMN export_xid SET DEFAULT pg_current_xact_id();
CREATE INDEX events_export_xid_idx ON events (tenant_id, export_xid, id);
ALTER TABLE feedback_items ADD COLUMN export_xid xid8;
ALTER TABLE feedback_items ALTER COLUMN export_xid SET DEFAULT pg_current_xact_id();
CREATE INDEX feedback_items_export_xid_idx ON feedback_items (tenant_id, export_xid, id);
ALTER TABLE tickets ADD COLUMN export_xid xid8;
ALTER TABLE tickets ALTER COLUMN export_xid SET DEFAULT pg_current_xact_id();
CREATE INDEX tickets_export_xid_idx ON tickets (tenant_id, export_xid, id);

-- Tickets change after they are opened; each change moves the ticket to the next export (its state then), so a
-- consumer upserting by id ends with the table. Responses, events and feedback are facts and are exported once.
CREATE FUNCTION loopcx_touch_export_xid() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.export_xid := pg_current_xact_id();
  RETURN NEW;
END $$;
CREATE TRIGGER tickets_export_xid BEFORE UPDATE ON tickets FOR EACH ROW EXECUTE FUNCTION loopcx_touch_export_xid();

CREATE TABLE export_schedules (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  name text NOT NULL DEFAULT '',
  dataset text NOT NULL CHECK (dataset IN ('responses','events','tickets','feedback','metrics')),
  format text NOT NULL CHECK (format IN ('ndjson','csv','parquet')),
  every text NOT NULL CHECK (every IN ('hour','day')),
  -- {"kind":"directory","path":"relative/to/LOOPCX_EXPORT_DIR"} | {"kind":"https","url":"https://…"}
  destination jsonb NOT NULL,
  -- The unit whose subtree is exported (the schedule's scope, like a webhook endpoint's).
  org_unit_id uuid NOT NULL,
  -- Signs HTTPS uploads (Standard Webhooks, whsec_…); answered once on creation.
  secret text NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  -- The pg_snapshot up to which rows were exported (NULL: nothing yet); advanced in the transaction that records a
  -- run's success, after its file is in place.
  watermark text,
  run_seq int NOT NULL DEFAULT 0,
  next_run_at timestamptz NOT NULL DEFAULT now(),
  -- One runner at a time across nodes: claimed with a lease that the runner renews while it streams.
  lease_owner text,
  lease_until timestamptz,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, org_unit_id) REFERENCES org_units(tenant_id, id)
);
CREATE INDEX export_schedules_due_idx ON export_schedules (next_run_at) WHERE enabled;

CREATE TABLE export_runs (
  tenant_id uuid NOT NULL,
  schedule_id uuid NOT NULL,
  id uuid NOT NULL,
  seq int NOT NULL,
  trigger text NOT NULL CHECK (trigger IN ('schedule','manual')),
  -- running: the file is being written (or its writer died: the next attempt redoes the same range and name);
  -- failed: the last attempt failed and the same range is retried; succeeded: the watermark moved past it.
  status text NOT NULL CHECK (status IN ('running','failed','succeeded')),
  snapshot_from text,
  snapshot_to text NOT NULL,
  file_name text NOT NULL,
  rows bigint NOT NULL DEFAULT 0,
  bytes bigint NOT NULL DEFAULT 0,
  sha256 text,
  attempts int NOT NULL DEFAULT 0,
  error text,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  PRIMARY KEY (tenant_id, schedule_id, id),
  UNIQUE (tenant_id, schedule_id, seq),
  FOREIGN KEY (tenant_id, schedule_id) REFERENCES export_schedules(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX export_runs_open_idx ON export_runs (tenant_id, schedule_id) WHERE status <> 'succeeded';
