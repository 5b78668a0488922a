-- Where each customer was seen: one row per (customer, org unit) that holds a resolved response, event or feedback
-- item of theirs. A role scoped below the root sees a profile only when one of these units is in its subtree
-- (customers/scope.ts); root-scoped roles see every profile. Customer resolution adds rows as it fills
-- customer_id; merges move them to the survivor; profiles created through the API by a scoped user get the user's
-- unit.
CREATE TABLE customer_units (
  tenant_id uuid NOT NULL,
  customer_id uuid NOT NULL,
  org_unit_id uuid NOT NULL,
  first_seen_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, customer_id, org_unit_id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX customer_units_unit_idx ON customer_units (tenant_id, org_unit_id, customer_id);

INSERT INTO customer_units (tenant_id, customer_id, org_unit_id, first_seen_at, last_seen_at)
SELECT x.tenant_id, x.customer_id, x.org_unit_id, min(x.at), max(x.at)
FROM (
  SELECT tenant_id, customer_id, org_unit_id, submitted_at AS at FROM responses WHERE customer_id IS NOT NULL AND org_unit_id IS NOT NULL
  UNION ALL
  SELECT tenant_id, customer_id, org_unit_id, occurred_at FROM events WHERE customer_id IS NOT NULL AND org_unit_id IS NOT NULL
  UNION ALL
  SELECT tenant_id, customer_id, org_unit_id, occurred_at FROM feedback_items WHERE customer_id IS NOT NULL AND org_unit_id IS NOT NULL
) x
JOIN customers c ON c.tenant_id = x.tenant_id AND c.id = x.customer_id
GROUP BY 1, 2, 3;
