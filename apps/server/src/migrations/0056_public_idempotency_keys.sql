-- Public submissions' idempotency keys get their own namespace per survey (security finding 7): a respondent who
-- chose the key "order-123" on a public link made the POS's later batch submission with the same key a 409.
-- New public keys are stored as 'public|<surveyId>|<key>' (responses/ingest-routes.ts); the batch API, the only
-- writer with channel 'api', keeps keys as given, and
-- the demo seed's own 'demo-…' keys are not a respondent's (re-seeding relies on them). '|' is outside the key alphabet, so the two cannot collide.
UPDATE responses
   SET idempotency_key = 'public|' || survey_id || '|' || idempotency_key
 WHERE channel <> 'api' AND idempotency_key NOT LIKE 'public|%' AND idempotency_key NOT LIKE 'demo-%';
