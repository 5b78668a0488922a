-- The response write path as one PL/pgSQL function, so a flush of the ingest micro-batcher is a single short
-- statement whose plans PL/pgSQL prepares once per connection. (Planning the equivalent inline statement cost
-- more than executing it for small flushes: 4–7 ms vs 2–9 ms for 10 rows, measured on PGlite.)
--
-- p_items:   [{tenantId, id, surveyId, versionId, orgUnitId, touchpointId, customerRef, channel, invitationId,
--              locale, answers, scores, context, idempotencyKey, bodyHash, submittedAt, day}]
-- p_deltas:  the daily rollup deltas of all items, pre-aggregated by the caller ([{t, s, b, o, p, d, n, sum, sumsq,
--              h0…h10}]), and p_monthly the same per month (d = the month's first day). Used when every item was
--              inserted; when some idempotency key was replayed (or they are null) both are computed here from
--              the rows actually inserted.
-- Does, atomically: insert the responses (a replayed key inserts nothing), upsert the daily then the monthly
-- rollup deltas (score_rollups_monthly comes with migration 0022; PL/pgSQL resolves tables when it runs), each
-- sorted by key so concurrent flushes lock rollup rows in one global order and cannot deadlock, mark answered
-- invitations, and write the listeners' outbox job per tenant (when p_listeners). Returns the ids inserted.
CREATE FUNCTION loopcx_write_responses(p_items jsonb, p_deltas jsonb, p_monthly jsonb, p_listeners boolean) RETURNS SETOF uuid
LANGUAGE plpgsql AS $fn$
DECLARE
  v_ids uuid[];
  v_tenants uuid[];
  v_inv uuid[];
  v_inv_tenants uuid[];
  v_n int;
BEGIN
  WITH x AS (
    SELECT * FROM jsonb_to_recordset(p_items) AS x("tenantId" uuid, id uuid, "surveyId" uuid, "versionId" uuid,
      "orgUnitId" uuid, "touchpointId" uuid, "customerRef" text, channel text, "invitationId" uuid, locale text,
      answers jsonb, scores jsonb, context jsonb, "idempotencyKey" text, "bodyHash" text, "submittedAt" timestamptz)),
  ins AS (
    INSERT INTO responses (tenant_id, id, survey_id, survey_version_id, org_unit_id, touchpoint_id, customer_ref, channel,
      invitation_id, locale, answers, scores, context, idempotency_key, body_hash, submitted_at)
    SELECT x."tenantId", x.id, x."surveyId", x."versionId", x."orgUnitId", x."touchpointId", x."customerRef", x.channel,
      x."invitationId", x.locale, x.answers, x.scores, x.context, x."idempotencyKey", x."bodyHash", x."submittedAt"
    FROM x
    ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
    RETURNING responses.tenant_id, responses.id, responses.invitation_id)
  SELECT array_agg(ins.id), array_agg(ins.tenant_id), count(*),
    array_agg(ins.invitation_id) FILTER (WHERE ins.invitation_id IS NOT NULL),
    array_agg(ins.tenant_id) FILTER (WHERE ins.invitation_id IS NOT NULL)
  INTO v_ids, v_tenants, v_n, v_inv, v_inv_tenants
  FROM ins;

  IF v_n = 0 THEN
    RETURN;
  END IF;

  IF p_deltas IS NULL OR p_monthly IS NULL OR v_n <> jsonb_array_length(p_items) THEN
    -- Some keys were replayed: the deltas of the rows actually inserted.
    WITH x AS (
      SELECT * FROM jsonb_to_recordset(p_items) AS x("tenantId" uuid, id uuid, "surveyId" uuid, "orgUnitId" uuid,
        "touchpointId" uuid, scores jsonb, day date)
      WHERE x.id = ANY (v_ids)),
    pts AS (
      SELECT x."tenantId" AS t, x."surveyId" AS s, '*'::text AS b,
        coalesce(x."orgUnitId", '00000000-0000-0000-0000-000000000000'::uuid) AS o,
        coalesce(x."touchpointId", '00000000-0000-0000-0000-000000000000'::uuid) AS p, x.day AS d, NULL::float8 AS v
      FROM x
      UNION ALL
      SELECT x."tenantId", x."surveyId", e.key,
        coalesce(x."orgUnitId", '00000000-0000-0000-0000-000000000000'::uuid),
        coalesce(x."touchpointId", '00000000-0000-0000-0000-000000000000'::uuid), x.day, e.value::float8
      FROM x CROSS JOIN LATERAL jsonb_each_text(x.scores) AS e)
    SELECT jsonb_agg(g) INTO p_deltas FROM (
      SELECT pts.t, pts.s, pts.b, pts.o, pts.p, pts.d, count(*) AS n, coalesce(sum(pts.v), 0) AS sum,
        coalesce(sum(pts.v * pts.v), 0) AS sumsq,
        count(*) FILTER (WHERE pts.v = 0) AS h0, count(*) FILTER (WHERE pts.v = 1) AS h1, count(*) FILTER (WHERE pts.v = 2) AS h2,
        count(*) FILTER (WHERE pts.v = 3) AS h3, count(*) FILTER (WHERE pts.v = 4) AS h4, count(*) FILTER (WHERE pts.v = 5) AS h5,
        count(*) FILTER (WHERE pts.v = 6) AS h6, count(*) FILTER (WHERE pts.v = 7) AS h7, count(*) FILTER (WHERE pts.v = 8) AS h8,
        count(*) FILTER (WHERE pts.v = 9) AS h9, count(*) FILTER (WHERE pts.v = 10) AS h10
      FROM pts GROUP BY pts.t, pts.s, pts.b, pts.o, pts.p, pts.d) g;
    SELECT jsonb_agg(g) INTO p_monthly FROM (
      SELECT d.t, d.s, d.b, d.o, d.p, date_trunc('month', d.d)::date AS d, sum(d.n) AS n, sum(d.sum) AS sum, sum(d.sumsq) AS sumsq,
        sum(d.h0) AS h0, sum(d.h1) AS h1, sum(d.h2) AS h2, sum(d.h3) AS h3, sum(d.h4) AS h4, sum(d.h5) AS h5,
        sum(d.h6) AS h6, sum(d.h7) AS h7, sum(d.h8) AS h8, sum(d.h9) AS h9, sum(d.h10) AS h10
      FROM jsonb_to_recordset(p_deltas) AS d(t uuid, s uuid, b text, o uuid, p uuid, d date, n int, sum float8, sumsq float8,
        h0 int, h1 int, h2 int, h3 int, h4 int, h5 int, h6 int, h7 int, h8 int, h9 int, h10 int)
      GROUP BY 1, 2, 3, 4, 5, 6) g;
  END IF;

  INSERT INTO score_rollups AS r (tenant_id, survey_id, binding, org_unit_id, touchpoint_id, day, n, sum, sumsq,
    h0, h1, h2, h3, h4, h5, h6, h7, h8, h9, h10)
  SELECT d.t, d.s, d.b, d.o, d.p, d.d, d.n, d.sum, d.sumsq, d.h0, d.h1, d.h2, d.h3, d.h4, d.h5, d.h6, d.h7, d.h8, d.h9, d.h10
  FROM jsonb_to_recordset(p_deltas) AS d(t uuid, s uuid, b text, o uuid, p uuid, d date, n int, sum float8, sumsq float8,
    h0 int, h1 int, h2 int, h3 int, h4 int, h5 int, h6 int, h7 int, h8 int, h9 int, h10 int)
  ORDER BY d.t, d.s, d.b, d.o, d.p, d.d
  ON CONFLICT (tenant_id, survey_id, binding, org_unit_id, touchpoint_id, day) DO UPDATE SET
    n = r.n + excluded.n, sum = r.sum + excluded.sum, sumsq = r.sumsq + excluded.sumsq,
    h0 = r.h0 + excluded.h0, h1 = r.h1 + excluded.h1, h2 = r.h2 + excluded.h2, h3 = r.h3 + excluded.h3,
    h4 = r.h4 + excluded.h4, h5 = r.h5 + excluded.h5, h6 = r.h6 + excluded.h6, h7 = r.h7 + excluded.h7,
    h8 = r.h8 + excluded.h8, h9 = r.h9 + excluded.h9, h10 = r.h10 + excluded.h10;

  INSERT INTO score_rollups_monthly AS r (tenant_id, survey_id, binding, org_unit_id, touchpoint_id, month, n, sum, sumsq,
    h0, h1, h2, h3, h4, h5, h6, h7, h8, h9, h10)
  SELECT d.t, d.s, d.b, d.o, d.p, d.d, d.n, d.sum, d.sumsq, d.h0, d.h1, d.h2, d.h3, d.h4, d.h5, d.h6, d.h7, d.h8, d.h9, d.h10
  FROM jsonb_to_recordset(p_monthly) AS d(t uuid, s uuid, b text, o uuid, p uuid, d date, n int, sum float8, sumsq float8,
    h0 int, h1 int, h2 int, h3 int, h4 int, h5 int, h6 int, h7 int, h8 int, h9 int, h10 int)
  ORDER BY d.t, d.s, d.b, d.o, d.p, d.d
  ON CONFLICT (tenant_id, survey_id, binding, org_unit_id, touchpoint_id, month) DO UPDATE SET
    n = r.n + excluded.n, sum = r.sum + excluded.sum, sumsq = r.sumsq + excluded.sumsq,
    h0 = r.h0 + excluded.h0, h1 = r.h1 + excluded.h1, h2 = r.h2 + excluded.h2, h3 = r.h3 + excluded.h3,
    h4 = r.h4 + excluded.h4, h5 = r.h5 + excluded.h5, h6 = r.h6 + excluded.h6, h7 = r.h7 + excluded.h7,
    h8 = r.h8 + excluded.h8, h9 = r.h9 + excluded.h9, h10 = r.h10 + excluded.h10;

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

  RETURN QUERY SELECT unnest(v_ids);
END
$fn$;
