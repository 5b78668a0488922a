-- SQL functions are kept as their current body in apps/server/src/sql/functions/<name>.sql rather than as a chain of
-- CREATE OR REPLACE in migrations (loopcx_write_responses had three versions in three migrations, and a reader had
-- to find the last one). After the migrations, the migrator applies each file whose checksum differs from the one
-- recorded here, so a body change is an edit of the file and no migration. From this migration on, numbers are
-- sequential (0056, 0057, …) instead of ranges per area.
CREATE TABLE schema_functions (
  name text PRIMARY KEY,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
);
