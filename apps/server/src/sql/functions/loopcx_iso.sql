-- loopcx_iso: a timestamp as the API writes it (ISO 8601 in UTC with milliseconds and Z), for JSON built in SQL
-- (webhook event payloads). Created in migration 0061. Current body; the migrator re-applies this file when it changes.
CREATE OR REPLACE FUNCTION loopcx_iso(ts timestamptz) RETURNS text
LANGUAGE sql IMMUTABLE AS $fn$
  SELECT to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$fn$;
