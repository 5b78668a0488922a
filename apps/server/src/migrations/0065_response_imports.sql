-- Historical response imports (CSV/XLSX). The uploaded file lives in the database as 1 MB chunks, so a job on any
-- node reads it (no local file another node would need) and a 1 GB file never sits in memory; rejects are rows so
-- the report is complete and downloadable. Rows are made idempotent by their responses' idempotency keys.
CREATE TABLE response_imports (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  survey_id uuid NOT NULL,
  -- The creator's unit: who sees the import (its subtree's owners/admins) and which units rows may name.
  org_unit_id uuid NOT NULL,
  created_by uuid,
  file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 300),
  format text NOT NULL DEFAULT 'csv' CHECK (format IN ('csv', 'xlsx')),
  encoding text CHECK (encoding IN ('utf-8', 'utf-8-bom', 'gb18030')),
  size_bytes bigint NOT NULL DEFAULT 0,
  chunk_count integer NOT NULL DEFAULT 0,
  -- Chunks the running job has read: its progress before the row total is known.
  chunks_read integer NOT NULL DEFAULT 0,
  sha256 text,
  headers jsonb NOT NULL DEFAULT '[]',
  key_row boolean NOT NULL DEFAULT false,
  sample jsonb NOT NULL DEFAULT '[]',
  mapping jsonb,
  status text NOT NULL DEFAULT 'uploading'
    CHECK (status IN ('uploading', 'uploaded', 'queued', 'running', 'done', 'failed')),
  total_rows integer,
  processed_rows integer NOT NULL DEFAULT 0,
  imported_rows integer NOT NULL DEFAULT 0,
  duplicate_rows integer NOT NULL DEFAULT 0,
  rejected_rows integer NOT NULL DEFAULT 0,
  error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, survey_id) REFERENCES surveys(tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, org_unit_id) REFERENCES org_units(tenant_id, id)
);
CREATE INDEX response_imports_survey ON response_imports (tenant_id, survey_id, created_at DESC);

CREATE TABLE response_import_chunks (
  tenant_id uuid NOT NULL,
  import_id uuid NOT NULL,
  seq integer NOT NULL,
  data bytea NOT NULL,
  PRIMARY KEY (tenant_id, import_id, seq),
  FOREIGN KEY (tenant_id, import_id) REFERENCES response_imports(tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE response_import_rejects (
  tenant_id uuid NOT NULL,
  import_id uuid NOT NULL,
  row_number integer NOT NULL,
  -- 1-based column, 0 for the row as a whole.
  col integer NOT NULL,
  column_name text,
  reason text NOT NULL,
  PRIMARY KEY (tenant_id, import_id, row_number, col),
  FOREIGN KEY (tenant_id, import_id) REFERENCES response_imports(tenant_id, id) ON DELETE CASCADE
);
