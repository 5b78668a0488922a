-- Issue 22, slice 2 (calibration): an audit may be the calibration partner of another — a second inspector audits the
-- same visit (same unit, same pinned checklist version) so the two sets of answers measure how alike inspectors judge
-- (Cohen's κ). The partner points at the audit it calibrates; the original stays as it was.
ALTER TABLE audits ADD COLUMN calibration_of uuid;
ALTER TABLE audits ADD CONSTRAINT audits_calibration_of_fk
  FOREIGN KEY (tenant_id, calibration_of) REFERENCES audits(tenant_id, id) ON DELETE CASCADE;
ALTER TABLE audits ADD CONSTRAINT audits_calibration_not_self CHECK (calibration_of IS NULL OR calibration_of <> id);
-- One live partner per audit: a cancelled partner may be replaced.
CREATE UNIQUE INDEX audits_calibration_idx ON audits (tenant_id, calibration_of)
  WHERE calibration_of IS NOT NULL AND status <> 'cancelled';
