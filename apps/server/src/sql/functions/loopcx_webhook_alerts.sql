-- loopcx_webhook_alerts: AFTER INSERT (per statement) on alerts, created in migration 0061. Each new alert is an
-- alert.fired webhook event, and an alert of a metric rule also a metric.threshold event, written in the same
-- transaction as the alert (the outbox) and only while an enabled endpoint of the tenant subscribes to the type.
-- Current body; the migrator re-applies this file whenever it changes. The trigger itself lives in the migration.
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
