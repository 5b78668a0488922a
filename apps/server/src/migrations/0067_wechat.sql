-- WeChat (issue 17, decisions 44–46). A tenant's official account (公众号) for the survey page's OAuth (snsapi_base:
-- the respondent's openid, no consent screen), the access tokens of the official accounts that send template
-- messages, and the per-survey rule "one response per openid".
CREATE TABLE wechat_accounts (
  tenant_id uuid PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
  app_id text NOT NULL CHECK (app_id ~ '^wx[0-9A-Za-z]{16}$'),
  -- The AppSecret, sealed (AES-256-GCM under LOOPCX_SECRET, bound to the tenant); never answered by the API.
  app_secret_sealed text NOT NULL,
  -- Off: the survey page never redirects to WeChat, even inside WeChat.
  oauth_enabled boolean NOT NULL DEFAULT true,
  -- Where open.weixin.qq.com (authorize) and api.weixin.qq.com (code exchange) are; NULL: WeChat's own.
  authorize_base_url text CHECK (length(authorize_base_url) <= 300),
  api_base_url text CHECK (length(api_base_url) <= 300),
  updated_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The access_token of an official account (stable_token), shared by every node: WeChat hands out one valid token
-- per account, so a per-process cache would make nodes refresh each other's tokens away. Sealed like secrets.
CREATE TABLE wechat_access_tokens (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  app_id text NOT NULL,
  token_sealed text NOT NULL,
  expires_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, app_id)
);

-- One response per openid (optional per survey): the first submission from an openid claims the survey; a second
-- one with another idempotency key is refused (409). The claim is written before the response and removed again
-- when the response is not stored, so the primary key is the only arbiter between concurrent submissions.
ALTER TABLE surveys ADD COLUMN one_response_per_openid boolean NOT NULL DEFAULT false;
CREATE TABLE survey_openid_claims (
  tenant_id uuid NOT NULL,
  survey_id uuid NOT NULL,
  openid text NOT NULL CHECK (length(openid) BETWEEN 6 AND 64),
  idempotency_key text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, survey_id, openid),
  FOREIGN KEY (tenant_id, survey_id) REFERENCES surveys (tenant_id, id) ON DELETE CASCADE
);
