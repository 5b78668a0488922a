-- A customer's tickets for the 360 timeline: tickets carry the member id as given (customer_ref). The unique index
-- of migration 0040 covers open tickets only. Customer merges move identities, so a ref keeps pointing at the
-- surviving profile and tickets need no customer_id of their own.
CREATE INDEX tickets_customer_ref_idx ON tickets (tenant_id, customer_ref, created_at) WHERE customer_ref IS NOT NULL;
