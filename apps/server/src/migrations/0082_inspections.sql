-- Service quality assurance (issue 22, slice 1): checklists of fatal and general items, audits of a unit against a
-- pinned version of a checklist, one result row per item, photos as evidence, and tickets opened by fatal failures.

CREATE TABLE checklists (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  description text CHECK (length(description) <= 2000),
  journey_id uuid,
  unit_kinds text[] NOT NULL DEFAULT '{}',
  -- The current version; every version's items live in checklist_versions.
  version integer NOT NULL DEFAULT 1,
  archived boolean NOT NULL DEFAULT false,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);

-- Items of each version, as written ({code, text, textEn, severity, weight, evidence, section}): an audit pins the
-- version it was made with, so changing a checklist never rewrites what past audits measured.
CREATE TABLE checklist_versions (
  tenant_id uuid NOT NULL,
  checklist_id uuid NOT NULL,
  version integer NOT NULL,
  items jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, checklist_id, version),
  FOREIGN KEY (tenant_id, checklist_id) REFERENCES checklists(tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE audits (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  checklist_id uuid NOT NULL,
  checklist_version integer NOT NULL,
  org_unit_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('mystery_shop','sampling','self_inspection','rehearsal')),
  status text NOT NULL DEFAULT 'assigned' CHECK (status IN ('assigned','submitted','cancelled')),
  inspector_id uuid,
  due_at timestamptz,
  checked_in_at timestamptz,
  check_in_lat double precision,
  check_in_lng double precision,
  check_in_distance_m double precision,
  submitted_at timestamptz,
  idempotency_key text CHECK (length(idempotency_key) <= 80),
  -- Stored at submit so the audit metrics sum columns instead of walking every result.
  score double precision CHECK (score BETWEEN 0 AND 1),
  fatal_failures integer NOT NULL DEFAULT 0,
  general_failed integer NOT NULL DEFAULT 0,
  general_applicable integer NOT NULL DEFAULT 0,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, checklist_id, checklist_version)
    REFERENCES checklist_versions(tenant_id, checklist_id, version),
  FOREIGN KEY (tenant_id, org_unit_id) REFERENCES org_units(tenant_id, id),
  CHECK ((status = 'submitted') = (submitted_at IS NOT NULL))
);
-- The metrics read submitted audits of a period; lists and scoping read a unit's audits newest first.
CREATE INDEX audits_submitted_idx ON audits (tenant_id, submitted_at) WHERE status = 'submitted';
CREATE INDEX audits_unit_idx ON audits (tenant_id, org_unit_id, created_at);
CREATE INDEX audits_inspector_idx ON audits (tenant_id, inspector_id, status);
CREATE INDEX audits_checklist_idx ON audits (tenant_id, checklist_id);

-- One row per item of the pinned version, written at submit (severity and weight copied for the metrics).
CREATE TABLE audit_results (
  tenant_id uuid NOT NULL,
  audit_id uuid NOT NULL,
  code text NOT NULL,
  severity text NOT NULL CHECK (severity IN ('fatal','general')),
  weight double precision NOT NULL CHECK (weight > 0),
  result text NOT NULL CHECK (result IN ('pass','fail','na')),
  note text CHECK (length(note) <= 2000),
  -- The ticket a fatal failure opened (written by the inspections.open-tickets job).
  ticket_id uuid,
  PRIMARY KEY (tenant_id, audit_id, code),
  FOREIGN KEY (tenant_id, audit_id) REFERENCES audits(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX audit_results_fail_idx ON audit_results (tenant_id, code) WHERE result = 'fail';

CREATE TABLE audit_photos (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  audit_id uuid NOT NULL,
  item_code text,
  -- `stored:<id>` in the file store (platform/file-store.ts) and the type its magic bytes were checked as.
  file_ref text NOT NULL,
  content_type text NOT NULL CHECK (content_type IN ('image/png','image/jpeg','image/webp')),
  size integer NOT NULL,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, audit_id) REFERENCES audits(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX audit_photos_audit_idx ON audit_photos (tenant_id, audit_id);

-- Tickets opened by an audit's fatal failures carry the audit.
ALTER TABLE tickets ADD COLUMN audit_id uuid;
CREATE INDEX tickets_audit_idx ON tickets (tenant_id, audit_id) WHERE audit_id IS NOT NULL;
ALTER TABLE tickets DROP CONSTRAINT tickets_source_check;
ALTER TABLE tickets ADD CONSTRAINT tickets_source_check
  CHECK (source IN ('response','feedback','metric','manual','audit'));
