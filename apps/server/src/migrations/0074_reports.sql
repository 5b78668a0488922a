-- Scheduled reports (issue 19): a manager's weekly or monthly report of a unit subtree, rendered on the server as a
-- PDF and mailed (HTML body, the PDF attached) to users in scope and/or addresses. See docs/ARCHITECTURE.md
-- (decision "scheduled reports").
CREATE TABLE report_schedules (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  name text NOT NULL DEFAULT '',
  org_unit_id uuid NOT NULL,
  every text NOT NULL CHECK (every IN ('week', 'month', 'quarter')),
  -- Users must be in the schedule's subtree (checked on write and again when a report is sent).
  recipient_user_ids uuid[] NOT NULL DEFAULT '{}',
  recipient_emails text[] NOT NULL DEFAULT '{}',
  -- The language of the copy sent to a plain address (users get their own locale).
  locale text NOT NULL DEFAULT 'zh-CN' CHECK (locale IN ('zh-CN', 'en')),
  enabled boolean NOT NULL DEFAULT true,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, org_unit_id) REFERENCES org_units (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX report_schedules_unit_idx ON report_schedules (tenant_id, org_unit_id);

-- One report per schedule and period: the unique key is what makes a tick run twice, on two nodes, or a retry
-- produce one report and one mail per recipient. A run renders under a lease (lease_owner/lease_until) so a
-- render that outlives its node is taken over.
CREATE TABLE report_runs (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  schedule_id uuid NOT NULL,
  period text NOT NULL,
  status text NOT NULL DEFAULT 'rendering' CHECK (status IN ('rendering', 'sent', 'failed')),
  -- Stored PDFs by locale: {"zh-CN": "stored:report-…"} (platform/file-store.ts).
  files jsonb NOT NULL DEFAULT '{}',
  -- The rendered email by locale: {"zh-CN": {"subject", "html", "text"}}; each delivery job sends its copy.
  mail jsonb NOT NULL DEFAULT '{}',
  recipients int NOT NULL DEFAULT 0,
  attempts int NOT NULL DEFAULT 0,
  error text,
  lease_owner text,
  lease_until timestamptz,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, schedule_id, period),
  FOREIGN KEY (tenant_id, schedule_id) REFERENCES report_schedules (tenant_id, id) ON DELETE CASCADE
);

-- One mail per recipient of a run, sent by an outbox job; `sent_at` makes the job idempotent.
CREATE TABLE report_deliveries (
  tenant_id uuid NOT NULL,
  run_id uuid NOT NULL,
  recipient text NOT NULL,
  locale text NOT NULL CHECK (locale IN ('zh-CN', 'en')),
  sent_at timestamptz,
  error text,
  PRIMARY KEY (tenant_id, run_id, recipient),
  FOREIGN KEY (tenant_id, run_id) REFERENCES report_runs (tenant_id, id) ON DELETE CASCADE
);
