-- X → O validation (decision 78): "did this customer have an event of this type within N days after answering?"
-- is an EXISTS probe per response; this index answers it with one range scan per response instead of reading all
-- of the type's events in the tenant (events_type_time_idx) or all of a customer ref's events.
CREATE INDEX events_customer_type_time_idx ON events (tenant_id, customer_id, type, occurred_at)
  WHERE customer_id IS NOT NULL;
