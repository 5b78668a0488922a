-- Next-best action (decision 82): ordered rules (conditions on the customer's recent experience → an action with a
-- reason code), a random holdout per rule, and one decision per customer per rule per cooldown window so the
-- uplift of the action on an outcome event can be measured treatment vs holdout.
CREATE TABLE nba_rules (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  -- Lower first: the first enabled rule whose conditions all hold is the customer's next-best action.
  priority int NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  -- [{kind: segment|tier|tag|lastScore|sentiment|topic|openTicket, …}] (@loopcx/shared ZNbaCondition), all must hold.
  conditions jsonb NOT NULL DEFAULT '[]',
  -- {type: offer|service_call|apology_coupon|upsell|custom, label, reasonCode, details}
  action jsonb NOT NULL,
  holdout_pct int NOT NULL DEFAULT 10 CHECK (holdout_pct BETWEEN 0 AND 50),
  -- {eventType, withinDays}: the outcome the uplift is measured on.
  outcome jsonb NOT NULL,
  cooldown_days int NOT NULL DEFAULT 30 CHECK (cooldown_days BETWEEN 1 AND 365),
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, name)
);
CREATE INDEX nba_rules_priority_idx ON nba_rules (tenant_id, priority);

-- The first exposure of a customer to a rule in a cooldown window: the arm (a stable hash of rule and customer) and
-- the action as it was then. Holdout decisions are recorded too (the customer was shown nothing): they are the
-- control group of the uplift.
CREATE TABLE nba_decisions (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  rule_id uuid NOT NULL,
  customer_id uuid NOT NULL,
  arm text NOT NULL CHECK (arm IN ('treatment', 'holdout')),
  decided_at timestamptz NOT NULL,
  action jsonb NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'taken', 'dismissed')),
  status_at timestamptz,
  status_by uuid,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, rule_id) REFERENCES nba_rules (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id) ON DELETE CASCADE
);
-- The customer's live decision per rule (the GET path) and a rule's decisions by time (the uplift).
CREATE INDEX nba_decisions_customer_idx ON nba_decisions (tenant_id, customer_id, rule_id, decided_at DESC);
CREATE INDEX nba_decisions_rule_idx ON nba_decisions (tenant_id, rule_id, decided_at);
