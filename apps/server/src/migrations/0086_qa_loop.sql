-- Issue 22, slice 2 (qa-loop): repeated general failures of one item raise a problem for the checklist's process
-- owner. The owner, the threshold (failing audits) and the window (days) are per checklist, defaults 3 in 30 days.
ALTER TABLE checklists ADD COLUMN owner_id uuid;
ALTER TABLE checklists ADD COLUMN repeat_threshold integer NOT NULL DEFAULT 3 CHECK (repeat_threshold BETWEEN 2 AND 100);
ALTER TABLE checklists ADD COLUMN repeat_window_days integer NOT NULL DEFAULT 30 CHECK (repeat_window_days BETWEEN 1 AND 365);
ALTER TABLE checklists ADD CONSTRAINT checklists_owner_fk FOREIGN KEY (tenant_id, owner_id) REFERENCES users(tenant_id, id);

-- A problem raised by an item's repeated failures: {checklistId, code, auditIds} (the failing audits as evidence).
ALTER TABLE problems DROP CONSTRAINT problems_source_check;
ALTER TABLE problems ADD CONSTRAINT problems_source_check
  CHECK (source IN ('manual', 'tickets', 'topic', 'metric', 'audit'));
ALTER TABLE problems ADD COLUMN source_audit jsonb;
-- At most one open problem per checklist item: a later failure updates it instead of opening another.
CREATE UNIQUE INDEX problems_open_audit_item_idx ON problems (tenant_id, (source_audit->>'checklistId'), (source_audit->>'code'))
  WHERE status = 'open' AND source = 'audit';
-- The failures of one item, newest first (the repeat rule and the item's failing-audits route).
CREATE INDEX audit_results_failed_idx ON audit_results (tenant_id, code) WHERE result = 'fail';
