-- Personalised survey links: the token carries the invitation id; customer and transaction context live here.
CREATE TABLE invitations (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  survey_id uuid NOT NULL,
  org_unit_id uuid,
  touchpoint_id uuid,
  customer jsonb,
  context jsonb,
  expires_at timestamptz,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  opened_at timestamptz,
  responded_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, survey_id) REFERENCES surveys(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX invitations_survey_idx ON invitations (tenant_id, survey_id, created_at);
