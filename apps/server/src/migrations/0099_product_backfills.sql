-- Issue 23, products: linking the events stored before a product existed (or before their type counted as an order
-- or return) — decision 80. One run per tenant at a time; requests while one runs wait in one queued row.

CREATE TABLE product_link_backfills (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  -- queued (waiting for the tenant's running run) → running → done.
  status text NOT NULL CHECK (status IN ('queued','running','done')),
  -- Why it runs: 'product' (a product was created), 'settings' (order/return types changed), 'relink' (asked for).
  reasons text[] NOT NULL,
  -- The products created or relinked that asked for it (empty for a settings change: every product).
  product_ids uuid[] NOT NULL DEFAULT '{}',
  -- The order and return types it walks, fixed when it starts; the cursor is {t: index into them, at, id}.
  event_types text[] NOT NULL DEFAULT '{}',
  cursor jsonb NOT NULL DEFAULT '{}',
  scanned bigint NOT NULL DEFAULT 0,
  -- Links it added per product: {"<product id>": {"orders": n, "returns": n}}.
  linked jsonb NOT NULL DEFAULT '{}',
  requested_by uuid,
  requested_at timestamptz NOT NULL,
  started_at timestamptz,
  finished_at timestamptz,
  PRIMARY KEY (tenant_id, id)
);
-- At most one queued and one running run per tenant: a request while one is queued joins it (ON CONFLICT).
CREATE UNIQUE INDEX product_link_backfills_open_idx ON product_link_backfills (tenant_id, status)
  WHERE status IN ('queued','running');
CREATE INDEX product_link_backfills_recent_idx ON product_link_backfills (tenant_id, requested_at DESC);

-- A customer merge moves the merged profile's links to the survivor (customers/commands/merge-held.ts).
CREATE INDEX product_event_links_customer_idx ON product_event_links (tenant_id, customer_id) WHERE customer_id IS NOT NULL;
