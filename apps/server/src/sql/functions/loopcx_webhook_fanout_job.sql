-- loopcx_webhook_fanout_job: AFTER INSERT (per statement) on webhook_events, created in migration 0061. Writes one
-- webhooks.fanout job per tenant in the same transaction as the events, so whoever emits (a trigger above or
-- domains/webhooks/emit.ts) never forgets the job; the job matches events to endpoints (domains/webhooks/jobs.ts).
-- Current body; the migrator re-applies this file whenever it changes. The trigger itself lives in the migration.
CREATE OR REPLACE FUNCTION loopcx_webhook_fanout_job() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO jobs (tenant_id, kind, payload)
  SELECT DISTINCT n.tenant_id, 'webhooks.fanout', '{}'::jsonb FROM new_rows n WHERE n.dispatched_at IS NULL;
  RETURN NULL;
END
$fn$;
