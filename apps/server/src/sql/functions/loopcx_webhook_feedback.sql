-- loopcx_webhook_feedback: AFTER INSERT (per statement) on feedback_items, created in migration 0061. Each new item
-- (API, CSV import, connectors) is a feedback.created webhook event in the same transaction, only while an enabled
-- endpoint of the tenant subscribes to it. Current body; the migrator re-applies this file whenever it changes.
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
