-- loopcx_webhook_ticket_events: AFTER INSERT (per statement) on ticket_events, created in migration 0061. Every
-- ticket history entry becomes a webhook event in the same transaction (the outbox: a crash after commit loses
-- nothing): 'created' → ticket.created, a status change to closed → ticket.closed, anything else → ticket.updated
-- (a phone reveal is an access, not a change, and is not sent). Written only while an enabled endpoint of the tenant
-- subscribes to the type, so tenants without subscriptions pay one index probe per statement. Comment texts are not
-- copied (they may be internal); receivers read the change's kind and the ticket's state.
-- Current body; the migrator re-applies this file whenever it changes. The trigger itself lives in the migration.
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
