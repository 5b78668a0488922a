-- Audit log of admin and security actions (who, what, when, before/after, from where), and OpenID Connect
-- single sign-on per tenant (decision 2X: sec-sso).

-- The foundation's audit_log had one `data` column: it becomes `after`, beside what was there `before`.
ALTER TABLE audit_log RENAME COLUMN data TO after;
ALTER TABLE audit_log
  ADD COLUMN before jsonb,
  -- user: a console user (actor_id = users.id); apiKey: a system (actor_id = api_keys.id); anonymous: a login
  -- attempt before anyone is known (actor_id is the account tried, when it exists).
  ADD COLUMN actor_kind text NOT NULL DEFAULT 'user' CHECK (actor_kind IN ('user', 'apiKey', 'anonymous')),
  -- The email of the user or the name of the key at the time, so the entry reads the same after a rename.
  ADD COLUMN actor_label text,
  ADD COLUMN outcome text NOT NULL DEFAULT 'success' CHECK (outcome IN ('success', 'failure')),
  ADD COLUMN status integer,
  ADD COLUMN ip text,
  ADD COLUMN user_agent text,
  ADD COLUMN request_id text;
-- Listing is newest first by id within a tenant (the primary key); these serve the filters and the purge.
CREATE INDEX audit_log_actor_idx ON audit_log (tenant_id, actor_id, id);
CREATE INDEX audit_log_target_idx ON audit_log (tenant_id, target_type, target_id);
CREATE INDEX audit_log_at_idx ON audit_log (at);

-- One OpenID Connect provider per tenant.
CREATE TABLE sso_configs (
  tenant_id uuid PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
  enabled boolean NOT NULL DEFAULT true,
  -- Shown on the login page: "Sign in with <provider_name>".
  provider_name text NOT NULL,
  issuer text NOT NULL,
  client_id text NOT NULL,
  -- AES-256-GCM under a key derived from LOOPCX_SECRET; the API never returns it.
  client_secret_enc text NOT NULL,
  scopes text NOT NULL DEFAULT 'openid email profile',
  role_claim text,
  -- [{ "value": "cx-admins", "role": "admin" }, …]: the first rule whose value the claim holds wins.
  role_rules jsonb NOT NULL DEFAULT '[]',
  default_role text NOT NULL DEFAULT 'viewer' CHECK (default_role IN ('admin','analyst','manager','agent','viewer')),
  unit_claim text,
  -- [{ "value": "east", "orgUnitId": "…" }, …]; a claim value that is an org unit code also matches that unit.
  unit_rules jsonb NOT NULL DEFAULT '[]',
  default_org_unit_id uuid,
  jit boolean NOT NULL DEFAULT true,
  -- Password login refused for everyone but owners (kept as the way back in when the provider is down).
  sso_only boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, default_org_unit_id) REFERENCES org_units(tenant_id, id)
);

-- Which provider account is which user: (issuer, subject) is the identity, never the email alone.
CREATE TABLE user_identities (
  tenant_id uuid NOT NULL,
  issuer text NOT NULL,
  subject text NOT NULL,
  user_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_login_at timestamptz,
  PRIMARY KEY (tenant_id, issuer, subject),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users(tenant_id, id) ON DELETE CASCADE
);

-- A login in flight: state (hashed), nonce and PKCE verifier, single use, ten minutes.
CREATE TABLE sso_logins (
  state_hash text PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  nonce text NOT NULL,
  code_verifier text NOT NULL,
  return_to text NOT NULL DEFAULT '/',
  expires_at timestamptz NOT NULL
);
CREATE INDEX sso_logins_expires_idx ON sso_logins (expires_at);
