-- Reach: event-triggered survey invitations sent through channels under contact-frequency rules.
-- Channels are where an invitation goes out (a signed webhook gateway; email / WeChat template / SMS adapters);
-- secrets are sealed (platform/seal.ts), never stored readable.
CREATE TABLE channels (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('webhook', 'email', 'wechat-template', 'sms')),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  url text CHECK (length(url) <= 2000),
  config jsonb NOT NULL DEFAULT '{}',
  secrets_sealed text,
  enabled boolean NOT NULL DEFAULT true,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);

-- A trigger: on an event type (and a SurveyJS condition over its properties), invite the event's customer.
CREATE TABLE reach_triggers (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  event_type text NOT NULL CHECK (length(event_type) BETWEEN 1 AND 100),
  condition text CHECK (length(condition) <= 2000),
  survey_id uuid NOT NULL,
  channel_id uuid NOT NULL,
  delay_minutes integer NOT NULL DEFAULT 0 CHECK (delay_minutes BETWEEN 0 AND 43200),
  sample_percent real NOT NULL DEFAULT 100 CHECK (sample_percent > 0 AND sample_percent <= 100),
  expires_in_hours integer CHECK (expires_in_hours BETWEEN 1 AND 8760),
  -- survey context key → event property path (`categories`, `order.items.0.sku`)
  context jsonb NOT NULL DEFAULT '{}',
  -- identity kind (email, phone) → event property path: where the address comes from when the profile has only a hash
  recipient jsonb NOT NULL DEFAULT '{}',
  -- contact-policy override (same shape as contact_policies' columns, any subset)
  policy jsonb,
  reminder_after_days integer CHECK (reminder_after_days BETWEEN 1 AND 60),
  enabled boolean NOT NULL DEFAULT true,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, survey_id) REFERENCES surveys(tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, channel_id) REFERENCES channels(tenant_id, id)
);
CREATE INDEX reach_triggers_type_idx ON reach_triggers (tenant_id, event_type) WHERE enabled;

-- The tenant-wide contact policy (one row per tenant; none: no frequency limit beyond opt-out).
CREATE TABLE contact_policies (
  tenant_id uuid PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
  max_count integer CHECK (max_count BETWEEN 1 AND 1000),
  max_days integer CHECK (max_days BETWEEN 1 AND 3650),
  min_days_between integer CHECK (min_days_between BETWEEN 0 AND 3650),
  suppress_while_ticket_open boolean NOT NULL DEFAULT false,
  updated_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Opt-out is a fact about the customer, honoured by every trigger, reminder and resend.
ALTER TABLE customers ADD COLUMN opted_out_at timestamptz;

-- Invitations gain a delivery lifecycle. Personalised links minted by API (no channel) stay status 'created'.
-- opened_at / responded_at already exist; started_at is the first answer.
ALTER TABLE invitations
  ADD COLUMN customer_id uuid,
  ADD COLUMN trigger_id uuid,
  ADD COLUMN channel_id uuid,
  ADD COLUMN event_id uuid,
  ADD COLUMN status text NOT NULL DEFAULT 'created'
    CHECK (status IN ('created', 'scheduled', 'sent', 'delivered', 'failed', 'suppressed')),
  ADD COLUMN reason text,
  ADD COLUMN error text,
  ADD COLUMN attempts integer NOT NULL DEFAULT 0,
  -- sends of this invitation so far (first send, resends, the reminder): the provider idempotency key's suffix
  ADD COLUMN sends integer NOT NULL DEFAULT 0,
  ADD COLUMN send_at timestamptz,
  ADD COLUMN lease_until timestamptz,
  ADD COLUMN sent_at timestamptz,
  ADD COLUMN delivered_at timestamptz,
  ADD COLUMN started_at timestamptz,
  ADD COLUMN failed_at timestamptz,
  ADD COLUMN provider_id text,
  ADD COLUMN reminder_due_at timestamptz,
  ADD COLUMN reminded_at timestamptz,
  ADD COLUMN recipient_sealed text;
CREATE INDEX invitations_list_idx ON invitations (tenant_id, created_at DESC, id DESC);
CREATE INDEX invitations_customer_idx ON invitations (tenant_id, customer_id, created_at) WHERE customer_id IS NOT NULL;
CREATE INDEX invitations_trigger_idx ON invitations (tenant_id, trigger_id, created_at) WHERE trigger_id IS NOT NULL;
CREATE UNIQUE INDEX invitations_trigger_event_key ON invitations (tenant_id, trigger_id, event_id) WHERE event_id IS NOT NULL;
CREATE INDEX invitations_reminder_idx ON invitations (reminder_due_at) WHERE reminder_due_at IS NOT NULL AND reminded_at IS NULL;
CREATE INDEX invitations_scheduled_idx ON invitations (send_at) WHERE status = 'scheduled';
