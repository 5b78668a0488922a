-- Phone inbox (issue 15, defect 6): what a store manager's card shows without opening the ticket.
-- scores: the triggering response's scores ({nps, csat, …}), copied when the ticket opens, so a card composes its
--   title in the reader's language from structured fields instead of showing the rule name and raw keys.
-- contact_phone: the masked call-back number the respondent left (138****8000); contact_phone_sealed: the number
--   sealed under the server secret (platform/seal.ts), opened only for a call-back by those who work the ticket.
ALTER TABLE tickets ADD COLUMN scores jsonb;
ALTER TABLE tickets ADD COLUMN contact_phone text;
ALTER TABLE tickets ADD COLUMN contact_phone_sealed text;

UPDATE tickets t SET scores = r.scores
FROM responses r
WHERE r.tenant_id = t.tenant_id AND r.id = t.response_id AND t.scores IS NULL;
