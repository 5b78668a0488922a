-- loopcx_touch_export_xid: trigger function behind tickets_export_xid (BEFORE UPDATE), created in migration 0062.
-- A changed ticket takes the id of the transaction that changed it, so the next scheduled export carries its new
-- state (exports read "committed since the last snapshot" by this column; docs/ARCHITECTURE.md).
-- Current body; the migrator re-applies this file whenever it changes. The trigger itself lives in the migration.
CREATE OR REPLACE FUNCTION loopcx_touch_export_xid() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.export_xid := pg_current_xact_id();
  RETURN NEW;
END $$;
