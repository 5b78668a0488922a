-- The bus's events across nodes (issue 21, decision 2X). On PostgreSQL each published event is a row here and its
-- NOTIFY carries the row id (and the event itself when it fits well under NOTIFY's 8,000-byte cap), so a 500-response
-- batch reaches every node whole, and a node whose LISTEN connection was lost replays what it missed from this table
-- once it is back. Rows are kept 15 minutes (bus.ts deletes older ones): long enough for a failover.
CREATE TABLE bus_events (
  id bigserial PRIMARY KEY,
  tenant_id uuid NOT NULL,
  -- The publishing process (its random id): a node skips its own events, delivered in process already.
  node text NOT NULL,
  event jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX bus_events_created_at ON bus_events (created_at);
