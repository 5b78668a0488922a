-- Response exports expire (LOOPCX_EXPORT_RETENTION_DAYS, default 7): the file is deleted from the file store and the
-- row stays as a record of who exported what, with status 'expired'. Until now files were kept forever.
ALTER TABLE exports DROP CONSTRAINT exports_status_check;
ALTER TABLE exports ADD CONSTRAINT exports_status_check CHECK (status IN ('queued', 'running', 'done', 'failed', 'expired'));
ALTER TABLE exports ADD COLUMN expired_at timestamptz;
-- the hourly sweep looks for finished exports by age, across tenants
CREATE INDEX exports_finished_idx ON exports (finished_at) WHERE status = 'done';
