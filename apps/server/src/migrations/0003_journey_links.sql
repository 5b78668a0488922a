-- Journey editing: each touchpoint's primary metric and target, and its links to surveys, metrics and event types.
ALTER TABLE touchpoints
  ADD COLUMN description text,
  -- The metric the journey map shows for this touchpoint (higher is better for all three).
  ADD COLUMN primary_metric text NOT NULL DEFAULT 'csat' CHECK (primary_metric IN ('csat', 'nps', 'ces')),
  -- Target in the primary metric's unit (CSAT %, NPS points, CES mean); the map colours by the gap to it.
  ADD COLUMN target double precision CHECK (target IS NULL OR target BETWEEN -100 AND 100),
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

-- What measures a touchpoint: surveys (uuid as text), metric keys ('csat', 'cpo', …) and event type keys
-- ('order.completed'). One table so the editor saves links in one statement; `ref` is validated by kind.
CREATE TABLE touchpoint_links (
  tenant_id uuid NOT NULL,
  touchpoint_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('survey', 'metric', 'event_type')),
  ref text NOT NULL CHECK (length(ref) BETWEEN 1 AND 120),
  position int NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, touchpoint_id, kind, ref),
  FOREIGN KEY (tenant_id, touchpoint_id) REFERENCES touchpoints(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX touchpoint_links_ref_idx ON touchpoint_links (tenant_id, kind, ref);

CREATE INDEX journey_stages_journey_idx ON journey_stages (tenant_id, journey_id, position);
CREATE INDEX touchpoints_journey_idx ON touchpoints (tenant_id, journey_id, stage_id, position);
