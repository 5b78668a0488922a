-- loopcx_write_responses: one flush of the ingest micro-batcher as one statement (domains/responses/writer.ts).
-- Current body; the migrator re-applies this file whenever it changes (see CONTRIBUTING.md, "Migrations").
-- History: 0014 (first version), 0053 (rollup deltas grouped in SQL), 0054 (compact rows, no per-row foreign key).
--
-- p_refs:  the distinct uuids of the flush (1-based positions), sent once instead of per response.
-- p_rows:  [[tenant ref, id, survey ref, version ref, unit ref|0, touchpoint ref|0, customerRef, channel,
--            invitationId, locale, answers, scores, context, idempotencyKey, bodyHash, submitted epoch ms, day]]
--          (day: the tenant-local date of the submitted time).
-- Returns n, the rows inserted, and ids only when n is fewer than given (a replayed idempotency key), so the common
-- case sends nothing back per response.
--
-- Atomically: inserts the responses; upserts the daily then the monthly rollup deltas computed from the rows
-- actually inserted (each sorted by key, so concurrent flushes cannot deadlock); marks answered invitations; writes
-- the listeners' outbox job per tenant (when p_listeners). Responses have no foreign key to survey_versions (a
-- per-row check cost 8–13 % of batch ingest), so the few distinct (tenant, version) pairs of a flush are checked
-- here once and an unknown one refuses the whole flush with the foreign-key error (23503).
--
-- The signature (argument and OUT types) cannot change through this file: CREATE OR REPLACE refuses a new result
-- type. A signature change is a migration that drops the old function, then this file creates the new one.
CREATE OR REPLACE FUNCTION loopcx_write_responses(p_refs uuid[], p_rows jsonb, p_listeners boolean, OUT n int, OUT ids uuid[])
LANGUAGE plpgsql AS $fn$
DECLARE
  v_ids uuid[];
  v_tenants uuid[];
  v_inv uuid[];
  v_inv_tenants uuid[];
  v_unknown uuid;
BEGIN
  WITH x AS MATERIALIZED (
    SELECT p_refs[(e ->> 0)::int] AS tenant_id, (e ->> 1)::uuid AS id, p_refs[(e ->> 2)::int] AS survey_id,
      p_refs[(e ->> 3)::int] AS version_id, p_refs[nullif((e ->> 4)::int, 0)] AS org_unit_id,
      p_refs[nullif((e ->> 5)::int, 0)] AS touchpoint_id, e ->> 6 AS customer_ref, e ->> 7 AS channel,
      (e ->> 8)::uuid AS invitation_id, e ->> 9 AS locale, e -> 10 AS answers, e -> 11 AS scores,
      nullif(e -> 12, 'null'::jsonb) AS context, e ->> 13 AS idempotency_key, e ->> 14 AS body_hash,
      to_timestamp((e ->> 15)::float8 / 1000) AS submitted_at, (e ->> 16)::date AS day
    FROM jsonb_array_elements(p_rows) AS r(e)),
  ins AS (
    INSERT INTO responses (tenant_id, id, survey_id, survey_version_id, org_unit_id, touchpoint_id, customer_ref, channel,
      invitation_id, locale, answers, scores, context, idempotency_key, body_hash, submitted_at)
    SELECT x.tenant_id, x.id, x.survey_id, x.version_id, x.org_unit_id, x.touchpoint_id, x.customer_ref, x.channel,
      x.invitation_id, x.locale, x.answers, x.scores, x.context, x.idempotency_key, x.body_hash, x.submitted_at
    FROM x
    ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
    RETURNING responses.tenant_id, responses.id, responses.survey_id, responses.org_unit_id, responses.touchpoint_id,
      responses.scores, responses.invitation_id),
  j AS MATERIALIZED (
    SELECT ins.*, x.day FROM ins JOIN x ON x.id = ins.id),
  pts AS (
    SELECT j.tenant_id AS t, j.survey_id AS s, '*'::text AS b,
      coalesce(j.org_unit_id, '00000000-0000-0000-0000-000000000000'::uuid) AS o,
      coalesce(j.touchpoint_id, '00000000-0000-0000-0000-000000000000'::uuid) AS p, j.day AS d, NULL::float8 AS v
    FROM j
    UNION ALL
    SELECT j.tenant_id, j.survey_id, e.key,
      coalesce(j.org_unit_id, '00000000-0000-0000-0000-000000000000'::uuid),
      coalesce(j.touchpoint_id, '00000000-0000-0000-0000-000000000000'::uuid), j.day, e.value::float8
    FROM j CROSS JOIN LATERAL jsonb_each(j.scores) AS e),
  daily AS MATERIALIZED (
    SELECT pts.t, pts.s, pts.b, pts.o, pts.p, pts.d, count(*)::int AS n, coalesce(sum(pts.v), 0) AS sum,
      coalesce(sum(pts.v * pts.v), 0) AS sumsq,
      (count(*) FILTER (WHERE pts.v = 0))::int AS h0, (count(*) FILTER (WHERE pts.v = 1))::int AS h1,
      (count(*) FILTER (WHERE pts.v = 2))::int AS h2, (count(*) FILTER (WHERE pts.v = 3))::int AS h3,
      (count(*) FILTER (WHERE pts.v = 4))::int AS h4, (count(*) FILTER (WHERE pts.v = 5))::int AS h5,
      (count(*) FILTER (WHERE pts.v = 6))::int AS h6, (count(*) FILTER (WHERE pts.v = 7))::int AS h7,
      (count(*) FILTER (WHERE pts.v = 8))::int AS h8, (count(*) FILTER (WHERE pts.v = 9))::int AS h9,
      (count(*) FILTER (WHERE pts.v = 10))::int AS h10
    FROM pts GROUP BY pts.t, pts.s, pts.b, pts.o, pts.p, pts.d),
  up_daily AS (
    INSERT INTO score_rollups AS r (tenant_id, survey_id, binding, org_unit_id, touchpoint_id, day, n, sum, sumsq,
      h0, h1, h2, h3, h4, h5, h6, h7, h8, h9, h10)
    SELECT d.t, d.s, d.b, d.o, d.p, d.d, d.n, d.sum, d.sumsq, d.h0, d.h1, d.h2, d.h3, d.h4, d.h5, d.h6, d.h7, d.h8, d.h9, d.h10
    FROM daily d
    ORDER BY d.t, d.s, d.b, d.o, d.p, d.d
    ON CONFLICT (tenant_id, survey_id, binding, org_unit_id, touchpoint_id, day) DO UPDATE SET
      n = r.n + excluded.n, sum = r.sum + excluded.sum, sumsq = r.sumsq + excluded.sumsq,
      h0 = r.h0 + excluded.h0, h1 = r.h1 + excluded.h1, h2 = r.h2 + excluded.h2, h3 = r.h3 + excluded.h3,
      h4 = r.h4 + excluded.h4, h5 = r.h5 + excluded.h5, h6 = r.h6 + excluded.h6, h7 = r.h7 + excluded.h7,
      h8 = r.h8 + excluded.h8, h9 = r.h9 + excluded.h9, h10 = r.h10 + excluded.h10),
  up_monthly AS (
    INSERT INTO score_rollups_monthly AS r (tenant_id, survey_id, binding, org_unit_id, touchpoint_id, month, n, sum, sumsq,
      h0, h1, h2, h3, h4, h5, h6, h7, h8, h9, h10)
    SELECT d.t, d.s, d.b, d.o, d.p, date_trunc('month', d.d)::date, sum(d.n), sum(d.sum), sum(d.sumsq),
      sum(d.h0), sum(d.h1), sum(d.h2), sum(d.h3), sum(d.h4), sum(d.h5), sum(d.h6), sum(d.h7), sum(d.h8), sum(d.h9), sum(d.h10)
    FROM daily d
    GROUP BY 1, 2, 3, 4, 5, 6
    ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (tenant_id, survey_id, binding, org_unit_id, touchpoint_id, month) DO UPDATE SET
      n = r.n + excluded.n, sum = r.sum + excluded.sum, sumsq = r.sumsq + excluded.sumsq,
      h0 = r.h0 + excluded.h0, h1 = r.h1 + excluded.h1, h2 = r.h2 + excluded.h2, h3 = r.h3 + excluded.h3,
      h4 = r.h4 + excluded.h4, h5 = r.h5 + excluded.h5, h6 = r.h6 + excluded.h6, h7 = r.h7 + excluded.h7,
      h8 = r.h8 + excluded.h8, h9 = r.h9 + excluded.h9, h10 = r.h10 + excluded.h10)
  SELECT array_agg(j.id), array_agg(j.tenant_id),
    array_agg(j.invitation_id) FILTER (WHERE j.invitation_id IS NOT NULL),
    array_agg(j.tenant_id) FILTER (WHERE j.invitation_id IS NOT NULL),
    (SELECT v.version_id FROM (SELECT DISTINCT x.tenant_id, x.version_id FROM x) v
     WHERE NOT EXISTS (SELECT 1 FROM survey_versions sv WHERE sv.tenant_id = v.tenant_id AND sv.id = v.version_id) LIMIT 1)
  INTO v_ids, v_tenants, v_inv, v_inv_tenants, v_unknown
  FROM j;

  IF v_unknown IS NOT NULL THEN
    RAISE EXCEPTION 'survey version % does not exist', v_unknown USING ERRCODE = 'foreign_key_violation',
      CONSTRAINT = 'responses_tenant_id_survey_version_id_fkey', TABLE = 'responses';
  END IF;

  n := coalesce(cardinality(v_ids), 0);
  IF n < jsonb_array_length(p_rows) THEN
    ids := coalesce(v_ids, '{}');
  END IF;
  IF n = 0 THEN
    RETURN;
  END IF;

  IF v_inv IS NOT NULL THEN
    UPDATE invitations AS i SET responded_at = coalesce(i.responded_at, now())
    FROM unnest(v_inv_tenants, v_inv) AS u(t, id)
    WHERE i.tenant_id = u.t AND i.id = u.id;
  END IF;

  IF p_listeners THEN
    INSERT INTO jobs (tenant_id, kind, payload)
    SELECT u.t, 'responses.committed', jsonb_build_object('ids', jsonb_agg(u.id))
    FROM unnest(v_tenants, v_ids) AS u(t, id) GROUP BY u.t;
  END IF;
END
$fn$;
