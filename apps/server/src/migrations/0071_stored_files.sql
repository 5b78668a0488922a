-- Files every node reads (issue 21, decision 52): response exports and other generated files are stored in the
-- database by default (LOOPCX_FILE_STORE=db), in chunks of up to 1 MiB written and read as streams, so a download
-- through any node works. A shared directory or an S3-compatible bucket replaces this by configuration; then only
-- the row in stored_files exists here and `location` names the object.
CREATE TABLE stored_files (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id text NOT NULL,
  store text NOT NULL CHECK (store IN ('db', 'dir', 's3')),
  location text,
  size bigint NOT NULL DEFAULT 0,
  complete boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE stored_file_chunks (
  tenant_id uuid NOT NULL,
  file_id text NOT NULL,
  seq integer NOT NULL,
  data bytea NOT NULL,
  PRIMARY KEY (tenant_id, file_id, seq),
  FOREIGN KEY (tenant_id, file_id) REFERENCES stored_files (tenant_id, id) ON DELETE CASCADE
);
