-- Issue 23, experience panel: points redemption. A panel's rewards list (name, points cost, optional stock, active
-- flag); a member redeems from the portal (a negative ledger entry naming the redemption, balance and stock checked
-- in the same transaction by guarded updates); staff fulfil or cancel (a compensating ledger entry refunds: the
-- ledger stays append-only). Tiers follow the points EARNED (`earned`), not the balance. Decision 81.

CREATE TABLE panel_rewards (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  panel_id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  description text CHECK (length(description) <= 2000),
  points_cost integer NOT NULL CHECK (points_cost BETWEEN 1 AND 10000000),
  -- What is left to redeem; null = unlimited. A redemption takes one, a cancellation puts it back.
  stock integer CHECK (stock >= 0),
  active boolean NOT NULL DEFAULT true,
  created_by uuid,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, panel_id) REFERENCES panels(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX panel_rewards_panel_idx ON panel_rewards (tenant_id, panel_id, points_cost);

-- One reward redeemed by one member: pending (points taken) → fulfilled | cancelled (points refunded).
CREATE TABLE panel_redemptions (
  tenant_id uuid NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id uuid NOT NULL,
  panel_id uuid NOT NULL,
  reward_id uuid NOT NULL,
  member_id uuid NOT NULL,
  -- The cost when redeemed (a later price change does not alter what was paid or what a cancellation refunds).
  points integer NOT NULL CHECK (points > 0),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','fulfilled','cancelled')),
  note text CHECK (length(note) <= 500),
  created_at timestamptz NOT NULL,
  handled_by uuid,
  handled_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, panel_id) REFERENCES panels(tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, reward_id) REFERENCES panel_rewards(tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, member_id) REFERENCES panel_members(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX panel_redemptions_panel_idx ON panel_redemptions (tenant_id, panel_id, created_at DESC);
CREATE INDEX panel_redemptions_member_idx ON panel_redemptions (tenant_id, member_id, created_at DESC);

ALTER TABLE panel_point_ledger DROP CONSTRAINT panel_point_ledger_reason_check;
ALTER TABLE panel_point_ledger ADD CONSTRAINT panel_point_ledger_reason_check
  CHECK (reason IN ('task_approved','adjustment','redemption','redemption_refund'));
-- One debit and at most one refund per redemption, whatever the retries.
CREATE UNIQUE INDEX panel_ledger_redemption_idx ON panel_point_ledger (tenant_id, reference_id, reason)
  WHERE reason IN ('redemption','redemption_refund');

-- Points earned over the membership (approvals and adjustments; redemptions and refunds do not count): the tier
-- follows this, so spending points never demotes a member. `points` stays the balance (= the ledger's sum).
ALTER TABLE panel_members ADD COLUMN earned integer NOT NULL DEFAULT 0;
UPDATE panel_members m SET earned = coalesce((SELECT sum(l.delta) FROM panel_point_ledger l
  WHERE l.tenant_id = m.tenant_id AND l.member_id = m.id AND l.reason IN ('task_approved','adjustment')), 0);
-- A balance below zero would be an overdraft: redemption's guarded update never makes one.
ALTER TABLE panel_members ADD CONSTRAINT panel_members_points_check CHECK (points >= 0);
