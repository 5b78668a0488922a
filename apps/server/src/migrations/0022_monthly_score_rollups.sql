-- Monthly score rollups: the same keys and sums as score_rollups, per tenant-local calendar month (`month` is the
-- month's first day). The response writer upserts both in the same transaction, so for every key
-- sum over a month's daily rows = the monthly row, exactly. Queries read whole months inside a period from here
-- and only the days before the first / after the last whole month from score_rollups: a 12-month trend over 24
-- stores × 8 touchpoints reads ~2,300 rows per metric instead of ~70,000 (bench/RESULTS.md, dashboards).
CREATE TABLE score_rollups_monthly (
  tenant_id uuid NOT NULL,
  survey_id uuid NOT NULL,
  binding text NOT NULL,
  org_unit_id uuid NOT NULL,
  touchpoint_id uuid NOT NULL,
  month date NOT NULL CHECK (extract(day FROM month) = 1),
  n int NOT NULL DEFAULT 0,
  sum double precision NOT NULL DEFAULT 0,
  sumsq double precision NOT NULL DEFAULT 0,
  h0 int NOT NULL DEFAULT 0, h1 int NOT NULL DEFAULT 0, h2 int NOT NULL DEFAULT 0, h3 int NOT NULL DEFAULT 0,
  h4 int NOT NULL DEFAULT 0, h5 int NOT NULL DEFAULT 0, h6 int NOT NULL DEFAULT 0, h7 int NOT NULL DEFAULT 0,
  h8 int NOT NULL DEFAULT 0, h9 int NOT NULL DEFAULT 0, h10 int NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, survey_id, binding, org_unit_id, touchpoint_id, month)
);
CREATE INDEX score_rollups_monthly_binding_idx ON score_rollups_monthly (tenant_id, binding, month);

-- Existing daily rollups, summed per month.
INSERT INTO score_rollups_monthly (tenant_id, survey_id, binding, org_unit_id, touchpoint_id, month, n, sum, sumsq, h0, h1, h2, h3, h4, h5, h6, h7, h8, h9, h10)
SELECT tenant_id, survey_id, binding, org_unit_id, touchpoint_id, date_trunc('month', day)::date,
       sum(n), sum(sum), sum(sumsq), sum(h0), sum(h1), sum(h2), sum(h3), sum(h4), sum(h5), sum(h6), sum(h7), sum(h8), sum(h9), sum(h10)
FROM score_rollups
GROUP BY 1, 2, 3, 4, 5, 6;
