-- Issue 23, products: a product catalogue with lifecycle stages, the customers who hold each product (from order
-- events or an import), the order/return events naming a product (the scorecard's return rate) and the review
-- triggers' monthly runs. Decision 80.

CREATE TABLE products (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  -- The code order events and response context name the product by (SKU); unique per tenant.
  code text NOT NULL CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  name_en text CHECK (length(name_en) BETWEEN 1 AND 120),
  category text CHECK (length(category) BETWEEN 1 AND 60),
  -- concept → test → launched → review → launched | retired (products/stages.ts holds the allowed moves).
  stage text NOT NULL DEFAULT 'concept' CHECK (stage IN ('concept','test','launched','review','retired')),
  owner_id uuid,
  launched_at timestamptz,
  retired_at timestamptz,
  -- {"nps": 30, "csat": 4.2}: the scorecard's target lines and the review rules' 'target'.
  targets jsonb NOT NULL DEFAULT '{}',
  -- Review rules of this product ([{metric, below, months}]); NULL: the tenant default (product_settings).
  review_rules jsonb,
  attributes jsonb NOT NULL DEFAULT '{}',
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, code),
  FOREIGN KEY (tenant_id, owner_id) REFERENCES users(tenant_id, id)
);
CREATE INDEX products_stage_idx ON products (tenant_id, stage);

-- Every stage move, by a person (changed_by) or by a review rule (changed_by NULL, rule in `rule`).
CREATE TABLE product_stage_changes (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  product_id uuid NOT NULL,
  from_stage text,
  to_stage text NOT NULL,
  changed_by uuid,
  note text CHECK (length(note) <= 1000),
  rule jsonb,
  changed_at timestamptz NOT NULL,
  -- Orders moves made within one instant (a transaction's clock): the history reads in the order they were made.
  seq bigserial,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, product_id) REFERENCES products(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX product_stage_changes_product_idx ON product_stage_changes (tenant_id, product_id, changed_at);

-- Who holds what: one row per customer and product; `count` orders (or imports) seen, `since` the first.
CREATE TABLE product_holdings (
  tenant_id uuid NOT NULL,
  customer_id uuid NOT NULL,
  product_id uuid NOT NULL,
  since timestamptz NOT NULL,
  last_at timestamptz NOT NULL,
  count integer NOT NULL DEFAULT 1 CHECK (count >= 0),
  source text NOT NULL CHECK (source IN ('event','import')),
  PRIMARY KEY (tenant_id, customer_id, product_id),
  FOREIGN KEY (tenant_id, product_id) REFERENCES products(tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX product_holdings_product_idx ON product_holdings (tenant_id, product_id);

-- An order or return event naming a product, once per (event, product): the key that makes re-delivered events
-- and re-run jobs count once, and the orders/returns the scorecard's return rate divides.
CREATE TABLE product_event_links (
  tenant_id uuid NOT NULL,
  event_id uuid NOT NULL,
  product_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('order','return')),
  customer_id uuid,
  org_unit_id uuid,
  occurred_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, event_id, product_id),
  FOREIGN KEY (tenant_id, product_id) REFERENCES products(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX product_event_links_product_idx ON product_event_links (tenant_id, product_id, kind, occurred_at);

-- Per tenant: which event types are orders and returns, and the default review rules. No row: the defaults
-- (order.completed, order.returned, NPS below target for 2 months).
CREATE TABLE product_settings (
  tenant_id uuid PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
  order_event_types text[] NOT NULL DEFAULT '{order.completed}',
  return_event_types text[] NOT NULL DEFAULT '{order.returned}',
  review_rules jsonb NOT NULL DEFAULT '[{"metric":"nps","below":"target","months":2}]',
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- One evaluation per product and closed month: the review task never moves a product twice for one month.
CREATE TABLE product_review_runs (
  tenant_id uuid NOT NULL,
  product_id uuid NOT NULL,
  month date NOT NULL,
  triggered boolean NOT NULL,
  detail jsonb NOT NULL DEFAULT '{}',
  ran_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, product_id, month),
  FOREIGN KEY (tenant_id, product_id) REFERENCES products(tenant_id, id) ON DELETE CASCADE
);

-- Feedback names its product in the response's transaction context (`context.productCode`, from a personalised
-- link, the batch API or the invitation's event properties): the scorecard reads a product's responses here.
CREATE INDEX responses_product_idx ON responses (tenant_id, (context->>'productCode'), submitted_at)
  WHERE context ? 'productCode';
