-- Triage (decision 83): what a comment asks of the business — complaint, suggestion, praise, question or noise —
-- written by the analysis write path with the classifier's probability. NULL on rows analysed before it, until
-- they are reanalysed. A person can correct it (triage_corrected): reanalysis then keeps it, as it keeps a corrected
-- sentiment; a corrected sentiment alone does not stop triage from being recomputed.
ALTER TABLE text_analyses ADD COLUMN triage text
  CHECK (triage IN ('complaint','suggestion','praise','question','noise'));
ALTER TABLE text_analyses ADD COLUMN triage_confidence real;
ALTER TABLE text_analyses ADD COLUMN triage_corrected boolean NOT NULL DEFAULT false;
-- The text page and the verbatims list filter by triage class over a time window.
CREATE INDEX text_analyses_triage_time_idx ON text_analyses (tenant_id, triage, occurred_at);
