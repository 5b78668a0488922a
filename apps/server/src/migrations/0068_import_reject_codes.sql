-- Import rejects say their reason in the reader's language: the reason's code and parameters
-- (packages/shared/src/reasons.ts) beside the English text. Rejects stored before keep only the English text.
ALTER TABLE response_import_rejects ADD COLUMN code text, ADD COLUMN params jsonb;
