-- Inbound feedback connectors (issue 18): a signed inbound webhook, an RSS/Atom poller or a JSON-API poller per
-- source system (舆情 monitoring, call-centre transcripts, app-store reviews), each with a field mapping from what
-- the source sends to feedback fields. A connector belongs to the unit it was created at (scope, like webhook
-- endpoints); that unit is also where its items land unless the mapping names a unit code inside it.
CREATE TABLE feedback_connectors (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  kind text NOT NULL CHECK (kind IN ('webhook','rss','json_api')),
  source text NOT NULL CHECK (source IN ('social','forum','app_review','call_transcript','other')),
  channel text CHECK (length(channel) <= 100),
  org_unit_id uuid NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  -- Pollers: the feed or API address (checked against the SSRF rules when polled, not when saved).
  url text CHECK (length(url) <= 2000),
  -- {"text":"content","externalId":"id","author":"user.name",…}: feedback field → path in the posted/fetched item.
  mapping jsonb NOT NULL DEFAULT '{}',
  -- JSON API: where the item array is in the answer, the query parameter that carries the cursor, and where the
  -- next cursor is in the answer (absent: the last item's external id).
  items_path text,
  cursor_param text,
  cursor_path text,
  -- The position reached; advanced in the transaction that stores the items it covers.
  cursor text,
  poll_minutes int NOT NULL DEFAULT 15 CHECK (poll_minutes BETWEEN 1 AND 1440),
  -- The scheduler claims due pollers by moving next_poll_at (one claim per tick across nodes); a poll holds a lease.
  next_poll_at timestamptz,
  lease_until timestamptz,
  -- Inbound webhooks: the Standard Webhooks secret, sealed (AES-256-GCM under LOOPCX_SECRET, bound to the tenant);
  -- answered once, at creation or rotation.
  secret_sealed text,
  last_run_at timestamptz,
  last_status text,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX feedback_connectors_due_idx ON feedback_connectors (next_poll_at) WHERE enabled AND kind <> 'webhook';

-- One row per poll or accepted inbound message: what it fetched and stored, and its error. An inbound message's
-- webhook-id is unique per connector, so a replay inside the signature's time window stores nothing twice.
CREATE TABLE feedback_connector_runs (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  connector_id uuid NOT NULL,
  trigger text NOT NULL CHECK (trigger IN ('schedule','manual','inbound')),
  status text NOT NULL CHECK (status IN ('ok','error')),
  message_id text CHECK (length(message_id) <= 200),
  started_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL,
  fetched int NOT NULL DEFAULT 0,
  stored int NOT NULL DEFAULT 0,
  duplicates int NOT NULL DEFAULT 0,
  rejected int NOT NULL DEFAULT 0,
  cursor_before text,
  cursor_after text,
  error text,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, connector_id) REFERENCES feedback_connectors (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX feedback_connector_runs_connector_idx ON feedback_connector_runs (tenant_id, connector_id, started_at DESC);
CREATE UNIQUE INDEX feedback_connector_runs_message_idx ON feedback_connector_runs (tenant_id, connector_id, message_id) WHERE message_id IS NOT NULL;

-- Which connector brought an item, and when it was first answered (reply coverage reads this, not the replies).
ALTER TABLE feedback_items ADD COLUMN connector_id uuid;
ALTER TABLE feedback_items ADD COLUMN first_reply_at timestamptz;

-- Replies to a feedback item (the answer posted on Weibo, the app-store reply, the call-back), by a person.
CREATE TABLE feedback_replies (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  feedback_id uuid NOT NULL,
  text text NOT NULL CHECK (length(text) BETWEEN 1 AND 5000),
  channel text NOT NULL CHECK (length(channel) BETWEEN 1 AND 100),
  author_id uuid,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, feedback_id) REFERENCES feedback_items (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX feedback_replies_item_idx ON feedback_replies (tenant_id, feedback_id, created_at);

-- Alert rules of kind feedback: structured conditions over source, channel, sentiment, topics, rating, keywords.
ALTER TABLE alert_rules DROP CONSTRAINT alert_rules_kind_check;
ALTER TABLE alert_rules ADD CONSTRAINT alert_rules_kind_check CHECK (kind IN ('response','metric','feedback'));
