import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { rows, sql } from '../../platform/db.ts';
import { databaseErrorOf } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { problem, setupTestSuite } from '../../testing/harness.ts';
import { type PreparedResponse, writeResponses } from './writer.ts';

const env = setupTestSuite();
let surveyId: string;
let token: string;
let storeToken: string;
let apiKey: string;

const def = {
  elements: [
    { type: 'rating', name: 'nps', rateMin: 0, rateMax: 10, isRequired: true },
    {
      type: 'radiogroup',
      name: 'reason',
      choices: ['food', 'speed', 'service'],
      visibleIf: '{nps} <= 6',
      isRequired: true,
    },
    { type: 'comment', name: 'why' },
    {
      type: 'rating',
      name: 'fresh',
      rateMin: 1,
      rateMax: 5,
      visibleIf: "{context.categories} contains 'fresh'",
      isRequired: true,
    },
  ],
};

beforeAll(async () => {
  surveyId = (
    await env.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: env.a.as('admin'),
      payload: { name: 'NPS', definition: def, bindings: { nps: 'nps', ratings: ['fresh'] } },
    })
  ).json().id;
  await env.inject({ method: 'POST', url: `/api/v1/surveys/${surveyId}/publish`, headers: env.a.as('admin') });
  token = (
    await env.inject({ method: 'GET', url: `/api/v1/surveys/${surveyId}/link`, headers: env.a.as('admin') })
  ).json().token;
  const qr = (
    await env.inject({ method: 'GET', url: `/api/v1/surveys/${surveyId}/unit-links`, headers: env.a.as('admin') })
  ).json().items;
  storeToken = qr.find((x: { orgUnit: { id: string } }) => x.orgUnit.id === env.a.units.S1.id).token;
  apiKey = (
    await env.inject({ method: 'POST', url: '/api/v1/api-keys', headers: env.a.as('admin'), payload: { name: 'POS' } })
  ).json().key;
});

const submit = (payload: unknown) =>
  env.inject({ method: 'POST', url: '/api/v1/responses', payload: payload as never });
const countRows = async () =>
  Number(
    (
      await rows<{ n: number }>(
        env.t.ctx.db,
        sql`SELECT count(*)::int AS n FROM responses WHERE tenant_id = ${env.a.tenantId}`,
      )
    )[0].n,
  );
const rollupTotal = async () =>
  Number(
    (
      await rows<{ n: number }>(
        env.t.ctx.db,
        sql`SELECT coalesce(sum(n),0)::int AS n FROM score_rollups WHERE tenant_id = ${env.a.tenantId} AND binding = '*'`,
      )
    )[0].n,
  );

describe('POST /api/v1/responses (public)', () => {
  it('stores a response from a store link, with scores and rollups, and acknowledges 201', async () => {
    const res = await submit({
      token: storeToken,
      answers: { nps: 9, why: '很好吃' },
      idempotencyKey: 'key-0001-abcd',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().status).toBe('created');
    const [row] = await rows<{ org_unit_id: string; scores: Record<string, number>; channel: string }>(
      env.t.ctx.db,
      sql`SELECT org_unit_id, scores, channel FROM responses WHERE id = ${res.json().id}`,
    );
    expect(row).toMatchObject({ org_unit_id: env.a.units.S1.id, scores: { nps: 9 }, channel: 'qr' });
    const [r] = await rows<{ n: number; h9: number }>(
      env.t.ctx.db,
      sql`SELECT n, h9 FROM score_rollups WHERE tenant_id = ${env.a.tenantId} AND binding = 'nps' AND org_unit_id = ${env.a.units.S1.id}`,
    );
    expect(r).toMatchObject({ n: 1, h9: 1 });
  });

  it('replays: same key and body → 200 duplicate with the first id; same key, other body → 409; nothing new stored', async () => {
    const body = { token, answers: { nps: 10 }, idempotencyKey: 'key-replay-0001' };
    const first = await submit(body);
    const before = await countRows();
    const again = await submit(body);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ id: first.json().id, status: 'duplicate' });
    const other = await submit({ ...body, answers: { nps: 2, reason: 'food' } });
    expect(other.statusCode).toBe(409);
    expect(problem(other).invalidParams?.[0].name).toBe('idempotencyKey');
    expect(await countRows()).toBe(before);
  });

  it("a respondent cannot claim an integrator's key: the same key on a public link and in a batch are two responses", async () => {
    const key = 'order-123-claimed';
    const pub = await submit({ token, answers: { nps: 9 }, idempotencyKey: key });
    expect(pub.statusCode).toBe(201);
    const batch = await env.inject({
      method: 'POST',
      url: '/api/v1/responses/batch',
      headers: { authorization: `Bearer ${apiKey}` },
      payload: {
        responses: [
          { surveyId, answers: { nps: 3, reason: 'food' }, orgUnitCode: env.a.units.S1.code, idempotencyKey: key },
        ],
      },
    });
    expect(batch.statusCode).toBe(200);
    expect(batch.json().results[0].status).toBe('created');
    expect(batch.json().results[0].id).not.toBe(pub.json().id);
    // Each channel still replays its own key to its own response.
    const replay = await submit({ token, answers: { nps: 9 }, idempotencyKey: key });
    expect(replay.statusCode).toBe(200);
    expect(replay.json().id).toBe(pub.json().id);
  });

  it('validates answers against the version: unknown question, out of range, required by visibleIf → 422 naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ nps: 11 }, 'answers.nps'],
      [{ nps: 'ten' }, 'answers.nps'],
      [{}, 'answers.nps'],
      [{ nps: 3 }, 'answers.reason'],
      [{ nps: 3, reason: 'weather' }, 'answers.reason'],
      [{ nps: 9, ghost: 1 }, 'answers.ghost'],
    ];
    const before = await countRows();
    for (const [answers, field] of cases) {
      const res = await submit({ token, answers, idempotencyKey: `bad-${field}-${JSON.stringify(answers).length}` });
      expect(res.statusCode, JSON.stringify(answers)).toBe(422);
      expect(problem(res).invalidParams?.map((p) => p.name)).toContain(field);
    }
    expect(await countRows()).toBe(before);
  });

  it('personalised links: context drives visibleIf (千人千面) and the invitation is marked responded', async () => {
    const link = (
      await env.inject({
        method: 'POST',
        url: `/api/v1/surveys/${surveyId}/links`,
        headers: env.a.as('admin'),
        payload: { customer: { externalId: 'M-7' }, orgUnitId: env.a.units.S2.id, context: { categories: ['fresh'] } },
      })
    ).json();
    const missing = await submit({ token: link.token, answers: { nps: 8 }, idempotencyKey: 'inv-0001-a' });
    expect(problem(missing).invalidParams?.[0].name).toBe('answers.fresh');
    const ok = await submit({ token: link.token, answers: { nps: 8, fresh: 4 }, idempotencyKey: 'inv-0001-b' });
    expect(ok.statusCode).toBe(201);
    const [row] = await rows<{
      customer_ref: string;
      org_unit_id: string;
      scores: Record<string, number>;
      context: unknown;
    }>(env.t.ctx.db, sql`SELECT customer_ref, org_unit_id, scores, context FROM responses WHERE id = ${ok.json().id}`);
    expect(row).toMatchObject({
      customer_ref: 'M-7',
      org_unit_id: env.a.units.S2.id,
      scores: { nps: 8, 'rating:fresh': 4 },
      context: { categories: ['fresh'] },
    });
    const [inv] = await rows<{ responded_at: unknown }>(
      env.t.ctx.db,
      sql`SELECT responded_at FROM invitations WHERE id = ${link.invitationId}`,
    );
    expect(inv.responded_at).not.toBeNull();
  });

  it('forged tokens are 404, expired links 410, paused 409, closed 410', async () => {
    expect(
      (await submit({ token: `${token.slice(0, -3)}abc`, answers: { nps: 1 }, idempotencyKey: 'forged-0001' }))
        .statusCode,
    ).toBe(404);
    const link = (
      await env.inject({
        method: 'POST',
        url: `/api/v1/surveys/${surveyId}/links`,
        headers: env.a.as('admin'),
        payload: { expiresAt: new Date(env.t.clock.now().getTime() + 60_000).toISOString() },
      })
    ).json();
    env.t.clock.advance(120_000);
    expect((await submit({ token: link.token, answers: { nps: 9 }, idempotencyKey: 'expired-0001' })).statusCode).toBe(
      410,
    );
    const other = (
      await env.inject({
        method: 'POST',
        url: '/api/v1/surveys',
        headers: env.a.as('admin'),
        payload: { name: 'c', definition: def, bindings: {} },
      })
    ).json();
    await env.inject({ method: 'POST', url: `/api/v1/surveys/${other.id}/publish`, headers: env.a.as('admin') });
    const tok = (
      await env.inject({ method: 'GET', url: `/api/v1/surveys/${other.id}/link`, headers: env.a.as('admin') })
    ).json().token;
    await env.inject({ method: 'POST', url: `/api/v1/surveys/${other.id}/pause`, headers: env.a.as('admin') });
    expect((await submit({ token: tok, answers: { nps: 9 }, idempotencyKey: 'paused-0001' })).statusCode).toBe(409);
    await env.inject({ method: 'POST', url: `/api/v1/surveys/${other.id}/close`, headers: env.a.as('admin') });
    const closed = await submit({ token: tok, answers: { nps: 9 }, idempotencyKey: 'closed-0001' });
    expect(closed.statusCode).toBe(410);
    problem(closed);
  });

  it('concurrent submissions produce rollups that equal the raw responses exactly', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1, maxLength: 60 }), async (scores) => {
        const before = await rollupTotal();
        const results = await Promise.all(
          scores.map((nps, i) =>
            submit({
              token: storeToken,
              answers: nps <= 6 ? { nps, reason: 'speed' } : { nps },
              idempotencyKey: `prop-${before}-${i}-${scores.length}`,
            }),
          ),
        );
        expect(results.every((r) => r.statusCode === 201)).toBe(true);
        expect(await rollupTotal()).toBe(await countRows());
        const [raw] = await rows<{ n: number; s: number }>(
          env.t.ctx.db,
          sql`SELECT count(*)::int AS n, sum((scores->>'nps')::int)::int AS s FROM responses WHERE tenant_id = ${env.a.tenantId}`,
        );
        const [roll] = await rows<{ n: number; s: number }>(
          env.t.ctx.db,
          sql`SELECT sum(n)::int AS n, sum(sum)::int AS s FROM score_rollups WHERE tenant_id = ${env.a.tenantId} AND binding = 'nps'`,
        );
        expect(roll).toEqual(raw);
      }),
      { numRuns: 8 },
    );
  });

  it('hostile input: malformed JSON 400, > 1 MB 413, wrong types 422, XSS stored inert; never 5xx', async () => {
    const hostile: Array<[unknown, number, Record<string, string>?]> = [
      ['{"token":', 400, { 'content-type': 'application/json' }],
      [{ token, answers: { why: 'x'.repeat(1_100_000) }, idempotencyKey: 'big-0001' }, 413],
      [{ token, answers: [], idempotencyKey: 'arr-0001' }, 422],
      [{ token: 42, answers: {}, idempotencyKey: 'num-0001' }, 422],
      [{ token, answers: { nps: 9 }, idempotencyKey: 'short' }, 422],
      [{ token, answers: { nps: 9 }, idempotencyKey: "'; DROP TABLE responses; --" }, 422],
      [{ token: "' OR 1=1 --", answers: { nps: 9 }, idempotencyKey: 'sqli-token-01' }, 404],
      [{ token, answers: { nps: { $gt: 1 } }, idempotencyKey: 'obj-0001-x' }, 422],
      // Nested past the body depth bound (64, platform/json-guard.ts): refused before parsing, as a bad request.
      [{ token, answers: JSON.parse(`${'{"a":'.repeat(200)}1${'}'.repeat(200)}`), idempotencyKey: 'deep-0001' }, 400],
    ];
    for (const [payload, status, headers] of hostile) {
      const res = await env.inject({ method: 'POST', url: '/api/v1/responses', payload: payload as never, headers });
      expect(res.statusCode, JSON.stringify(payload).slice(0, 60)).toBe(status);
      problem(res);
    }
    const xss = '<script>alert(1)</script><img src=x onerror=alert(1)>';
    const ok = await submit({ token, answers: { nps: 10, why: xss }, idempotencyKey: 'xss-0001-a' });
    const [row] = await rows<{ answers: { why: string } }>(
      env.t.ctx.db,
      sql`SELECT answers FROM responses WHERE id = ${ok.json().id}`,
    );
    expect(row.answers.why).toBe(xss);
  });
});

describe('POST /api/v1/responses/batch', () => {
  const auth = () => ({ authorization: `Bearer ${apiKey}` });
  it('stores up to 1,000 with per-item units and times; results in input order with duplicates marked', async () => {
    const responses = Array.from({ length: 300 }, (_, i) => ({
      surveyId,
      answers: i % 3 === 0 ? { nps: 4, reason: 'speed' } : { nps: 9 },
      orgUnitCode: i % 2 ? env.a.units.S1.code : env.a.units.S3.code,
      submittedAt: new Date(Date.UTC(2026, 0, 1 + (i % 20), 10)).toISOString(),
      customer: `C-${i}`,
      idempotencyKey: `batch-${i}-xyz`,
    }));
    const res = await env.inject({
      method: 'POST',
      url: '/api/v1/responses/batch',
      headers: auth(),
      payload: { responses },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().results).toHaveLength(300);
    expect(res.json().results.every((r: { status: string }) => r.status === 'created')).toBe(true);
    const again = await env.inject({
      method: 'POST',
      url: '/api/v1/responses/batch',
      headers: auth(),
      payload: { responses: responses.slice(0, 2) },
    });
    expect(again.json().results).toEqual(
      res
        .json()
        .results.slice(0, 2)
        .map((r: { id: string }) => ({ id: r.id, status: 'duplicate' })),
    );
    expect(await rollupTotal()).toBe(await countRows());
  });

  it('daily and monthly rollups equal the raw responses bucket by bucket, for new batches and batches with replayed keys', async () => {
    // Every (binding, unit, day) histogram recomputed from the stored responses, against score_rollups.
    const compare = async () => {
      const raw = await rows(
        env.t.ctx.db,
        sql`
        SELECT b, o, d, count(*)::int AS n, coalesce(sum(v), 0)::float8 AS sum, ${sql.raw(Array.from({ length: 11 }, (_, i) => `count(*) FILTER (WHERE v = ${i})::int AS h${i}`).join(', '))}
        FROM (SELECT '*' AS b, coalesce(r.org_unit_id, '00000000-0000-0000-0000-000000000000') AS o, (r.submitted_at AT TIME ZONE 'Asia/Shanghai')::date AS d, NULL::float8 AS v FROM responses r WHERE r.tenant_id = ${env.a.tenantId} AND r.survey_id = ${surveyId}
              UNION ALL
              SELECT e.key, coalesce(r.org_unit_id, '00000000-0000-0000-0000-000000000000'), (r.submitted_at AT TIME ZONE 'Asia/Shanghai')::date, e.value::float8 FROM responses r, jsonb_each_text(r.scores) e WHERE r.tenant_id = ${env.a.tenantId} AND r.survey_id = ${surveyId}) x
        GROUP BY b, o, d ORDER BY b, o, d`,
      );
      const rolled = await rows(
        env.t.ctx.db,
        sql`
        SELECT binding AS b, org_unit_id AS o, day AS d, n, sum, ${sql.raw(Array.from({ length: 11 }, (_, i) => `h${i}`).join(', '))}
        FROM score_rollups WHERE tenant_id = ${env.a.tenantId} AND survey_id = ${surveyId} ORDER BY b, o, d`,
      );
      expect(rolled.map((r) => ({ ...r, d: String(r.d).slice(0, 10) }))).toEqual(
        raw.map((r) => ({ ...r, d: String(r.d).slice(0, 10) })),
      );
      // Monthly rows hold the same sums per tenant-local month.
      const H = sql.raw(Array.from({ length: 11 }, (_, i) => `sum(h${i})::int AS h${i}`).join(', '));
      const byMonth = await rows(
        env.t.ctx.db,
        sql`
        SELECT binding AS b, org_unit_id AS o, date_trunc('month', day)::date AS m, sum(n)::int AS n, sum(sum)::float8 AS sum, ${H}
        FROM score_rollups WHERE tenant_id = ${env.a.tenantId} AND survey_id = ${surveyId} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      );
      const monthly = await rows(
        env.t.ctx.db,
        sql`
        SELECT binding AS b, org_unit_id AS o, month AS m, n, sum, ${sql.raw(Array.from({ length: 11 }, (_, i) => `h${i}`).join(', '))}
        FROM score_rollups_monthly WHERE tenant_id = ${env.a.tenantId} AND survey_id = ${surveyId} ORDER BY 1, 2, 3`,
      );
      expect(monthly.map((r) => ({ ...r, m: String(r.m).slice(0, 10) }))).toEqual(
        byMonth.map((r) => ({ ...r, m: String(r.m).slice(0, 10) })),
      );
    };
    const item = (i: number, nps: number) => ({
      surveyId,
      answers: nps <= 6 ? { nps, reason: 'food' } : { nps },
      orgUnitCode: [env.a.units.S1.code, env.a.units.S2.code, env.a.units.S3.code][i % 3],
      // Days across a month end (and, at 20:00 UTC and later, across the tenant's midnight).
      submittedAt: new Date(Date.UTC(2026, 1, 26 + (i % 5), 20 + (i % 4))).toISOString(),
      idempotencyKey: `bucket-${i}-xyz`,
    });
    const first = Array.from({ length: 40 }, (_, i) => item(i, i % 11));
    expect(
      (
        await env.inject({
          method: 'POST',
          url: '/api/v1/responses/batch',
          headers: auth(),
          payload: { responses: first },
        })
      ).statusCode,
    ).toBe(200);
    await compare();
    // Half replayed (same key and body: duplicates that must add nothing), half new.
    const mixed = [...first.slice(0, 20), ...Array.from({ length: 20 }, (_, i) => item(100 + i, (i * 7) % 11))];
    const res = await env.inject({
      method: 'POST',
      url: '/api/v1/responses/batch',
      headers: auth(),
      payload: { responses: mixed },
    });
    expect(res.json().results.map((r: { status: string }) => r.status)).toEqual([
      ...Array(20).fill('duplicate'),
      ...Array(20).fill('created'),
    ]);
    await compare();
  });

  it('concurrent large batches (two flushes in flight on PGlite) are each stored once, in order, with exact rollups', async () => {
    const before = await countRows();
    const batch = (b: number) =>
      Array.from({ length: 600 }, (_, i) => ({
        surveyId,
        answers: i % 4 === 0 ? { nps: i % 7, reason: 'speed' } : { nps: 7 + (i % 4) },
        orgUnitCode: [env.a.units.S1.code, env.a.units.S2.code, env.a.units.S3.code][(i + b) % 3],
        submittedAt: new Date(Date.UTC(2026, 2, 1 + ((i + b) % 9), 9)).toISOString(),
        idempotencyKey: `concurrent-${b}-${i}`,
      }));
    const sent = [0, 1, 2, 3].map(batch);
    const res = await Promise.all(
      sent.map((responses) =>
        env.inject({ method: 'POST', url: '/api/v1/responses/batch', headers: auth(), payload: { responses } }),
      ),
    );
    expect(res.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
    for (const [b, r] of res.entries()) {
      const results = r.json().results as Array<{ id: string; status: string }>;
      expect(results.every((x) => x.status === 'created')).toBe(true);
      const ids = results.map((x) => x.id);
      const stored = await rows<{ id: string; idempotency_key: string }>(
        env.t.ctx.db,
        sql`SELECT id, idempotency_key FROM responses WHERE tenant_id = ${env.a.tenantId} AND idempotency_key LIKE ${`concurrent-${b}-%`}`,
      );
      const keyOf = new Map(stored.map((x) => [x.id, x.idempotency_key]));
      expect(ids.map((id) => keyOf.get(id))).toEqual(sent[b].map((x) => x.idempotencyKey));
    }
    expect(await countRows()).toBe(before + 2400);
    expect(await rollupTotal()).toBe(await countRows());
  });

  it('rejects the whole batch with 422 naming each bad index and field', async () => {
    const before = await countRows();
    const res = await env.inject({
      method: 'POST',
      url: '/api/v1/responses/batch',
      headers: auth(),
      payload: {
        responses: [
          { surveyId, answers: { nps: 9 }, orgUnitCode: env.a.units.S1.code, idempotencyKey: 'good-batch-01' },
          { surveyId, answers: { nps: 99 }, orgUnitCode: env.a.units.S1.code, idempotencyKey: 'bad-batch-01' },
          { surveyId, answers: { nps: 9 }, orgUnitCode: 'NOPE', idempotencyKey: 'bad-batch-02' },
          { surveyId, answers: { nps: 9 }, orgUnitCode: env.b.units.S1.code, idempotencyKey: 'bad-batch-03' },
          { answers: { nps: 9 }, orgUnitCode: env.a.units.S1.code, idempotencyKey: 'bad-batch-04' },
        ],
      },
    });
    expect(res.statusCode).toBe(422);
    expect(problem(res).invalidParams!.map((p) => p.name)).toEqual([
      'responses.4.surveyId',
      'responses.1.answers.nps',
      'responses.2.orgUnitCode',
      'responses.3.orgUnitCode',
    ]);
    expect(await countRows()).toBe(before);
  });

  it('401 without a key, 403 for an analyst key, over 1,000 items 422', async () => {
    expect(
      (await env.inject({ method: 'POST', url: '/api/v1/responses/batch', payload: { responses: [{}] } })).statusCode,
    ).toBe(401);
    const analystKey = (
      await env.inject({
        method: 'POST',
        url: '/api/v1/api-keys',
        headers: env.a.as('admin'),
        payload: { name: 'bi', role: 'analyst' },
      })
    ).json().key;
    expect(
      (
        await env.inject({
          method: 'POST',
          url: '/api/v1/responses/batch',
          headers: { authorization: `Bearer ${analystKey}` },
          payload: { responses: [{}] },
        })
      ).statusCode,
    ).toBe(403);
    const tooMany = await env.inject({
      method: 'POST',
      url: '/api/v1/responses/batch',
      headers: auth(),
      payload: { responses: Array(1001).fill({}) },
    });
    expect(tooMany.statusCode).toBe(422);
  });

  it('committed responses reach listeners through the outbox: a detractor opens a ticket', async () => {
    await env.inject({
      method: 'POST',
      url: '/api/v1/alert-rules',
      headers: env.a.as('admin'),
      payload: {
        kind: 'response',
        name: 'NPS ≤ 6',
        condition: { expression: '{nps} <= 6' },
        actions: { ticket: { priority: 'high', assign: 'unit_manager' } },
      },
    });
    const res = await submit({
      token: storeToken,
      answers: { nps: 2, reason: 'service' },
      idempotencyKey: 'detractor-0001',
    });
    while ((await env.runJobs()) > 0);
    const tickets = (
      await env.inject({
        method: 'GET',
        url: `/api/v1/tickets?responseId=${res.json().id}`,
        headers: env.a.as('storeManager'),
      })
    ).json().items;
    expect(tickets).toHaveLength(1);
    expect(tickets[0].assigneeId).toBe(env.a.users.storeManager.id);
  });
});

describe('the write function and survey versions (migration 0054: no per-row foreign key)', () => {
  const item = (versionId: string, key: string): PreparedResponse => ({
    tenantId: env.a.tenantId,
    id: uuidv7(Date.now()),
    surveyId,
    versionId,
    orgUnitId: env.a.units.S1.id,
    orgPath: null,
    touchpointId: null,
    customerRef: null,
    channel: 'api',
    invitationId: null,
    locale: null,
    answers: { nps: 9 },
    scores: { nps: 9 },
    context: null,
    idempotencyKey: key,
    bodyHash: 'f'.repeat(64),
    submittedAt: '2026-03-02T10:00:00.000Z',
    day: '2026-03-02',
  });
  const versionOf = async (tenantId: string, survey: string) =>
    (
      await rows<{ id: string }>(
        env.t.ctx.db,
        sql`SELECT id FROM survey_versions WHERE tenant_id = ${tenantId} AND survey_id = ${survey}`,
      )
    )[0].id;

  it("refuses a whole flush that names an unknown version or another tenant's, storing nothing of it", async () => {
    const mine = await versionOf(env.a.tenantId, surveyId);
    const otherSurvey = (
      await env.inject({
        method: 'POST',
        url: '/api/v1/surveys',
        headers: env.b.as('admin'),
        payload: { name: 'B', definition: def, bindings: { nps: 'nps' } },
      })
    ).json().id;
    await env.inject({ method: 'POST', url: `/api/v1/surveys/${otherSurvey}/publish`, headers: env.b.as('admin') });
    const theirs = await versionOf(env.b.tenantId, otherSurvey);
    const before = [await countRows(), await rollupTotal()];
    for (const bad of [uuidv7(Date.now()), theirs]) {
      const err = await writeResponses(env.t.ctx.db, [item(mine, `fk-good-${bad}`), item(bad, `fk-bad-${bad}`)]).catch(
        (e) => e,
      );
      expect(err).toBeInstanceOf(Error);
      expect(databaseErrorOf(err)?.code).toBe('23503');
      expect([await countRows(), await rollupTotal()]).toEqual(before);
    }
    const ok = await writeResponses(env.t.ctx.db, [item(mine, 'fk-good-alone')]);
    expect(ok).toEqual([{ id: expect.any(String), status: 'created' }]);
    expect([await countRows(), await rollupTotal()]).toEqual([before[0] + 1, before[1] + 1]);
  });

  it('keeps every survey version: deleting, re-keying or truncating one is refused', async () => {
    const mine = await versionOf(env.a.tenantId, surveyId);
    for (const stmt of [
      sql`DELETE FROM survey_versions WHERE tenant_id = ${env.a.tenantId} AND id = ${mine}`,
      sql`UPDATE survey_versions SET id = ${uuidv7(Date.now())} WHERE tenant_id = ${env.a.tenantId} AND id = ${mine}`,
      sql`TRUNCATE survey_versions CASCADE`,
    ]) {
      const err = await env.t.ctx.db.execute(stmt).catch((e) => e);
      expect(databaseErrorOf(err)?.code).toBe('23001');
    }
    expect(await versionOf(env.a.tenantId, surveyId)).toBe(mine);
  });
});
