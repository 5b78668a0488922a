-- Issue 22, slice 2: an audit may be assigned to an external inspector (a mystery shopper from an agency) who is not
-- a user of the tenant: a name and an optional e-mail address. The signed link they open is derived from the id.
ALTER TABLE audits ADD COLUMN external_name text CHECK (length(external_name) BETWEEN 1 AND 120);
ALTER TABLE audits ADD COLUMN external_email text CHECK (length(external_email) <= 254);
ALTER TABLE audits ADD CONSTRAINT audits_one_inspector CHECK (external_name IS NULL OR inspector_id IS NULL);
