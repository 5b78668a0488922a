-- Webhook subscriptions (issue 18). An endpoint (0057) now also subscribes to event types, optionally narrowed to one
-- survey; its unit stays its scope and is the subtree filter: it receives events of units under it (a root-unit
-- endpoint also receives events that belong to no unit). Endpoints without events are alert-rule targets only, as
-- before. Events go through a transactional outbox: `webhook_events` rows are written in the transaction of the
-- change (triggers below, or domains/webhooks/emit.ts from the response listeners), with a webhooks.fanout job that
-- turns them into `webhook_deliveries`, one per matching endpoint, each retried with backoff for 24 hours.
ALTER TABLE webhook_endpoints
  ADD COLUMN events text[] NOT NULL DEFAULT '{}',
  ADD COLUMN survey_id uuid,
  ADD COLUMN consecutive_failures integer NOT NULL DEFAULT 0,
  ADD COLUMN disabled_reason text CHECK (disabled_reason IN ('failures')),
  ADD COLUMN disabled_at timestamptz;

-- `seq` orders events: one object's events get increasing numbers (its changes are serialised by the object's row
-- lock, and the number is drawn inside that transaction), sent as `data.sequence` so a receiver can drop a stale one.
CREATE TABLE webhook_events (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  type text NOT NULL CHECK (length(type) BETWEEN 1 AND 100),
  object_id uuid,
  org_unit_id uuid,
  survey_id uuid,
  data jsonb NOT NULL,
  -- Emitters that may run twice for one change (a retried listener) name it: the second insert is skipped.
  dedupe_key text,
  dispatched_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, dedupe_key)
);
CREATE INDEX webhook_events_pending_idx ON webhook_events (tenant_id, seq) WHERE dispatched_at IS NULL;
-- The hourly purge walks all tenants by age.
CREATE INDEX webhook_events_time_idx ON webhook_events (created_at);

-- One message to one endpoint: its attempts, the last answer (bodies trimmed), and when it is tried next.
-- A manual redelivery is a new row for the same event (the same webhook-id, so receivers de-duplicate).
CREATE TABLE webhook_deliveries (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  endpoint_id uuid NOT NULL,
  event_id uuid NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'retrying', 'succeeded', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  response_status integer,
  latency_ms integer,
  request_body text,
  response_body text,
  error text,
  redelivery_of uuid,
  next_attempt_at timestamptz,
  last_attempt_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, endpoint_id) REFERENCES webhook_endpoints (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, event_id) REFERENCES webhook_events (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX webhook_deliveries_log_idx ON webhook_deliveries (tenant_id, endpoint_id, created_at DESC, id DESC);
CREATE INDEX webhook_deliveries_event_idx ON webhook_deliveries (tenant_id, event_id);

-- The emitting functions (current bodies in sql/functions/; created here because the triggers need them).
CREATE OR REPLACE FUNCTION loopcx_iso(ts timestamptz) RETURNS text
LANGUAGE sql IMMUTABLE AS $fn$
  SELECT to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$fn$;

CREATE OR REPLACE FUNCTION loopcx_webhook_ticket_events() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO webhook_events (tenant_id, id, type, object_id, org_unit_id, survey_id, data)
  SELECT e.tenant_id, gen_random_uuid(), x.type, t.id, t.org_unit_id, t.survey_id,
         jsonb_build_object('id', t.id, 'number', t.number, 'status', t.status, 'priority', t.priority,
           'title', t.title, 'source', t.source, 'orgUnitId', t.org_unit_id, 'teamId', t.team_id,
           'assigneeId', t.assignee_id, 'surveyId', t.survey_id, 'responseId', t.response_id,
           'feedbackId', t.feedback_id, 'escalationLevel', t.escalation_level,
           'resolutionDueAt', loopcx_iso(t.resolution_due_at), 'createdAt', loopcx_iso(t.created_at),
           'change', jsonb_build_object('kind', e.kind, 'from', e.from_status, 'to', e.to_status, 'at', loopcx_iso(e.at)))
  FROM new_rows e
  JOIN tickets t ON t.tenant_id = e.tenant_id AND t.id = e.ticket_id
  CROSS JOIN LATERAL (SELECT CASE WHEN e.kind = 'created' THEN 'ticket.created'
                                  WHEN e.kind = 'status' AND e.to_status = 'closed' THEN 'ticket.closed'
                                  ELSE 'ticket.updated' END AS type) x
  WHERE e.kind <> 'phone_revealed'
    AND EXISTS (SELECT 1 FROM webhook_endpoints w
                WHERE w.tenant_id = e.tenant_id AND w.enabled AND w.events @> ARRAY[x.type])
  ORDER BY e.id;
  RETURN NULL;
END
$fn$;

CREATE OR REPLACE FUNCTION loopcx_webhook_alerts() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO webhook_events (tenant_id, id, type, object_id, org_unit_id, survey_id, data)
  SELECT a.tenant_id, gen_random_uuid(), x.type, a.id, a.org_unit_id, rs.survey_id,
         jsonb_build_object('id', a.id, 'ruleId', a.rule_id, 'ruleName', r.name, 'source', a.source,
           'responseId', rs.id, 'surveyId', rs.survey_id,
           'feedbackId', CASE WHEN a.source = 'feedback' THEN a.source_key END,
           'orgUnitId', a.org_unit_id, 'details', a.data, 'firedAt', loopcx_iso(a.created_at))
  FROM new_rows a
  LEFT JOIN alert_rules r ON r.tenant_id = a.tenant_id AND r.id = a.rule_id
  -- A response alert's source key is the response id (the cast runs only for those).
  LEFT JOIN responses rs ON rs.tenant_id = a.tenant_id
        AND rs.id = CASE WHEN a.source = 'response' THEN a.source_key::uuid END
  CROSS JOIN LATERAL (SELECT 'alert.fired' AS type UNION ALL SELECT 'metric.threshold' WHERE a.source = 'metric') x
  WHERE EXISTS (SELECT 1 FROM webhook_endpoints w
                WHERE w.tenant_id = a.tenant_id AND w.enabled AND w.events @> ARRAY[x.type]);
  RETURN NULL;
END
$fn$;

CREATE OR REPLACE FUNCTION loopcx_webhook_feedback() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO webhook_events (tenant_id, id, type, object_id, org_unit_id, survey_id, data)
  SELECT f.tenant_id, gen_random_uuid(), 'feedback.created', f.id, f.org_unit_id, NULL,
         jsonb_build_object('id', f.id, 'source', f.source, 'channel', f.channel, 'url', f.url, 'author', f.author,
           'text', f.text, 'rating', f.rating, 'orgUnitId', f.org_unit_id, 'touchpointId', f.touchpoint_id,
           'customerRef', f.customer_ref, 'externalId', f.external_id, 'occurredAt', loopcx_iso(f.occurred_at),
           'createdAt', loopcx_iso(f.created_at))
  FROM new_rows f
  WHERE EXISTS (SELECT 1 FROM webhook_endpoints w
                WHERE w.tenant_id = f.tenant_id AND w.enabled AND w.events @> ARRAY['feedback.created'])
  ORDER BY f.id;
  RETURN NULL;
END
$fn$;

CREATE OR REPLACE FUNCTION loopcx_webhook_fanout_job() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO jobs (tenant_id, kind, payload)
  SELECT DISTINCT n.tenant_id, 'webhooks.fanout', '{}'::jsonb FROM new_rows n WHERE n.dispatched_at IS NULL;
  RETURN NULL;
END
$fn$;

CREATE TRIGGER webhook_ticket_events AFTER INSERT ON ticket_events REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION loopcx_webhook_ticket_events();
CREATE TRIGGER webhook_alerts AFTER INSERT ON alerts REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION loopcx_webhook_alerts();
CREATE TRIGGER webhook_feedback AFTER INSERT ON feedback_items REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION loopcx_webhook_feedback();
CREATE TRIGGER webhook_fanout_job AFTER INSERT ON webhook_events REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION loopcx_webhook_fanout_job();
