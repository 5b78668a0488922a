-- API keys get scopes: `<domain>:read|write` (or `*:read|write`), enforced on every private route by the HTTP
-- layer (platform/key-scopes.ts). NULL keeps a key's whole role reach, so every key made before this migration
-- keeps its behaviour; the unit subtree of a key was already its org_unit_id.
ALTER TABLE api_keys ADD COLUMN scopes text[];
