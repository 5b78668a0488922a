-- Webhook endpoints with their own signing secrets (security finding 8). Alert webhooks were signed with the
-- instance's master secret in a home-made header; each endpoint now has its own secret, shown once, rotatable with
-- an overlap, and deliveries follow the Standard Webhooks spec (webhook-id, webhook-timestamp, webhook-signature).
-- An endpoint belongs to the unit it was created at (scope, like API keys). Alert rules name an endpoint
-- (actions.notify.webhookId) instead of holding a URL.
CREATE TABLE webhook_endpoints (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  url text NOT NULL CHECK (length(url) BETWEEN 1 AND 2000),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 500),
  org_unit_id uuid NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);

-- The signing secrets of an endpoint: the current one (expires_at NULL) and, after a rotation, the previous one
-- until its overlap ends. Deliveries are signed with every live secret (the spec allows several signatures).
-- Secrets are kept as they are used ('whsec_' + base64 of 32 random bytes): signing needs them, so they cannot be
-- hashed like API keys; the API answers a secret only when it is created or rotated.
CREATE TABLE webhook_secrets (
  tenant_id uuid NOT NULL,
  endpoint_id uuid NOT NULL,
  id uuid NOT NULL,
  secret text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, endpoint_id) REFERENCES webhook_endpoints (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX webhook_secrets_endpoint_idx ON webhook_secrets (tenant_id, endpoint_id);

-- Which endpoint a webhook notification goes to (the recipient column keeps the URL for people to read).
ALTER TABLE notifications ADD COLUMN webhook_id uuid;

-- Rules that held a URL get an endpoint per distinct (tenant, URL), at the tenant's root unit, with a fresh secret
-- (two random UUIDs' bytes: 244 random bits). Receivers verified the old master-secret header, so they need the new
-- secret anyway: the console shows such endpoints as "rotate to see the secret".
CREATE TEMP TABLE webhook_migration ON COMMIT DROP AS
  SELECT DISTINCT ON (r.tenant_id, r.actions -> 'notify' ->> 'webhookUrl')
         r.tenant_id, r.actions -> 'notify' ->> 'webhookUrl' AS url, gen_random_uuid() AS id,
         (SELECT o.id FROM org_units o WHERE o.tenant_id = r.tenant_id AND o.parent_id IS NULL ORDER BY o.created_at LIMIT 1) AS unit
  FROM alert_rules r
  WHERE r.actions -> 'notify' ->> 'webhookUrl' IS NOT NULL;
INSERT INTO webhook_endpoints (tenant_id, id, url, description, org_unit_id)
  SELECT tenant_id, id, url, 'alert rules', unit FROM webhook_migration WHERE unit IS NOT NULL;
INSERT INTO webhook_secrets (tenant_id, endpoint_id, id, secret)
  SELECT tenant_id, id, gen_random_uuid(),
         'whsec_' || encode(decode(replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', ''), 'hex'), 'base64')
  FROM webhook_migration WHERE unit IS NOT NULL;
UPDATE alert_rules r
   SET actions = jsonb_set(r.actions, '{notify}', (r.actions -> 'notify') - 'webhookUrl' || jsonb_build_object('webhookId', m.id))
  FROM webhook_migration m
 WHERE m.tenant_id = r.tenant_id AND m.unit IS NOT NULL AND m.url = r.actions -> 'notify' ->> 'webhookUrl';
