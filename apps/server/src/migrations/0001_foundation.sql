-- Foundation: tenants, org hierarchy, teams, users, sessions, API keys, audit log, job queue.
-- Every tenant table's primary key leads with tenant_id so PostgreSQL can be sharded by tenant.

CREATE TABLE tenants (
  id uuid PRIMARY KEY,
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name text NOT NULL,
  default_locale text NOT NULL DEFAULT 'zh-CN',
  -- Days in rollups and reports are the tenant's local days.
  timezone text NOT NULL DEFAULT 'Asia/Shanghai',
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE org_units (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  parent_id uuid,
  -- Materialised path of ids from the root, '/root/child/.../self/'; a subtree is `path LIKE prefix || '%'`.
  path text NOT NULL,
  depth int NOT NULL,
  code text NOT NULL CHECK (length(code) BETWEEN 1 AND 64),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  name_en text,
  kind text NOT NULL CHECK (kind IN ('hq','region','city','store','department')),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','archived')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, parent_id) REFERENCES org_units(tenant_id, id),
  UNIQUE (tenant_id, code)
);
CREATE INDEX org_units_path_idx ON org_units (tenant_id, path text_pattern_ops);
CREATE INDEX org_units_parent_idx ON org_units (tenant_id, parent_id);

CREATE TABLE teams (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  name_en text,
  description text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, name)
);

CREATE TABLE users (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  email text NOT NULL CHECK (email = lower(email)),
  name text NOT NULL,
  password_hash text,
  -- One membership per user: a role scoped to an org unit's subtree.
  role text NOT NULL CHECK (role IN ('owner','admin','analyst','manager','agent','viewer')),
  org_unit_id uuid NOT NULL,
  locale text NOT NULL DEFAULT 'zh-CN',
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','disabled')),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_login_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, email),
  FOREIGN KEY (tenant_id, org_unit_id) REFERENCES org_units(tenant_id, id)
);
CREATE INDEX users_email_idx ON users (email);

CREATE TABLE team_members (
  tenant_id uuid NOT NULL,
  team_id uuid NOT NULL,
  user_id uuid NOT NULL,
  PRIMARY KEY (tenant_id, team_id, user_id),
  FOREIGN KEY (tenant_id, team_id) REFERENCES teams(tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, user_id) REFERENCES users(tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE sessions (
  -- sha256 of the cookie token: a leaked table does not yield usable cookies.
  id text PRIMARY KEY,
  tenant_id uuid NOT NULL,
  user_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  FOREIGN KEY (tenant_id, user_id) REFERENCES users(tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE api_keys (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- First characters of the key, shown in lists so people can tell keys apart.
  prefix text NOT NULL,
  key_hash text NOT NULL UNIQUE,
  role text NOT NULL CHECK (role IN ('admin','analyst','manager','agent','viewer')),
  org_unit_id uuid NOT NULL,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, org_unit_id) REFERENCES org_units(tenant_id, id)
);

CREATE TABLE audit_log (
  tenant_id uuid NOT NULL,
  id bigserial,
  actor_id uuid,
  action text NOT NULL,
  target_type text NOT NULL,
  target_id text,
  data jsonb,
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);

-- Outbox/job queue: written in the same transaction as the change that needs it; claimed with SKIP LOCKED.
CREATE TABLE jobs (
  id bigserial PRIMARY KEY,
  tenant_id uuid,
  kind text NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}',
  run_at timestamptz NOT NULL DEFAULT now(),
  attempts int NOT NULL DEFAULT 0,
  locked_until timestamptz,
  last_error text,
  -- Set when a job failed its last attempt: kept for inspection, never claimed again.
  dead_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX jobs_due_idx ON jobs (run_at, id) WHERE dead_at IS NULL;
