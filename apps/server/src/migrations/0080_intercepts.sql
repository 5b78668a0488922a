-- Intercept rules for the browser SDK (issue 20): show a survey in a modal, slide-in or embedded container when a
-- page's URL and a count of events in the visitor's session hold. The browser decides when its local rules say
-- "show"; the server has the last word (sampling, once per N days, contact policy, opt-out) and records every shown
-- intercept as an invitation, so contact-frequency rules count intercepts beside every other channel.
CREATE TABLE sdk_intercepts (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  survey_id uuid NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  -- the keys whose pages run it; empty = every key of the tenant
  key_ids uuid[] NOT NULL DEFAULT '{}' CHECK (cardinality(key_ids) <= 50),
  display text NOT NULL CHECK (display IN ('modal', 'slide_in', 'embedded')),
  selector text CHECK (length(selector) BETWEEN 1 AND 200),
  -- {urls: [{op, value}], event: null | {type, minCount, where: [{property, op, value}]}} (packages/shared ZInterceptConditions)
  conditions jsonb NOT NULL,
  delay_ms integer NOT NULL DEFAULT 0 CHECK (delay_ms BETWEEN 0 AND 600000),
  sample_percent integer NOT NULL DEFAULT 100 CHECK (sample_percent BETWEEN 0 AND 100),
  once_per_days integer NOT NULL DEFAULT 30 CHECK (once_per_days BETWEEN 0 AND 365),
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, survey_id) REFERENCES surveys(tenant_id, id) ON DELETE CASCADE,
  CHECK ((display = 'embedded') = (selector IS NOT NULL))
);
CREATE INDEX sdk_intercepts_list_idx ON sdk_intercepts (tenant_id, created_at DESC);

-- An intercept's invitations: who saw it (the visitor's anonymous id, and the customer when identified) and when, for
-- "once per N days" and for the shows/answers counts the console lists; and the key whose page asked, whose allowed
-- origins may frame that invitation's survey page (CSP frame-ancestors).
ALTER TABLE invitations
  ADD COLUMN intercept_id uuid,
  ADD COLUMN anonymous_id text CHECK (length(anonymous_id) <= 64),
  ADD COLUMN sdk_key_id uuid;
CREATE INDEX invitations_intercept_visitor_idx ON invitations (tenant_id, intercept_id, anonymous_id, created_at)
  WHERE intercept_id IS NOT NULL;
CREATE INDEX invitations_intercept_customer_idx ON invitations (tenant_id, intercept_id, customer_id, created_at)
  WHERE intercept_id IS NOT NULL AND customer_id IS NOT NULL;
