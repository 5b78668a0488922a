-- Response exports: a background job writes the file; the console polls progress and downloads it.
CREATE TABLE exports (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  kind text NOT NULL DEFAULT 'responses',
  format text NOT NULL CHECK (format IN ('csv','xlsx')),
  filters jsonb NOT NULL DEFAULT '{}',
  -- The requester's scope at request time: the job exports exactly what they could see.
  actor jsonb NOT NULL,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','running','done','failed')),
  total int,
  rows_written int NOT NULL DEFAULT 0,
  file text,
  error text,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  PRIMARY KEY (tenant_id, id)
);
