-- Per-survey contact-policy override: each field it names replaces the tenant's policy for invitations to that
-- survey (a trigger's own override still wins over both). Same shape as reach_triggers.policy.
CREATE TABLE survey_contact_policies (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  survey_id uuid NOT NULL,
  policy jsonb NOT NULL,
  updated_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, survey_id),
  FOREIGN KEY (tenant_id, survey_id) REFERENCES surveys(tenant_id, id) ON DELETE CASCADE
);

-- Delivery receipts that name the provider's message id (WeChat TEMPLATESENDJOBFINISH carries MsgID) find the
-- invitation by it, within the channel.
CREATE INDEX invitations_provider_idx ON invitations (tenant_id, channel_id, provider_id) WHERE provider_id IS NOT NULL;
