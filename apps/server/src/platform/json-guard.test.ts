import { describe, expect, it } from 'vitest';
import { problem, setupTestSuite } from '../testing/harness.ts';
import { rows, sql } from './db.ts';
import { jsonDepthAbove, MAX_JSON_DEPTH } from './json-guard.ts';

const env = setupTestSuite();

/** `{"a":{"a":…leaf…}}` nested n levels. */
const nestedObject = (n: number, leaf = '1') => `${'{"a":'.repeat(n)}${leaf}${'}'.repeat(n)}`;
const nestedArray = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;

describe('jsonDepthAbove', () => {
  it('counts objects and arrays, not brackets inside strings or after escaped quotes', () => {
    expect(jsonDepthAbove(nestedObject(MAX_JSON_DEPTH))).toBe(0);
    expect(jsonDepthAbove(nestedObject(MAX_JSON_DEPTH + 1))).toBe(MAX_JSON_DEPTH + 1);
    expect(jsonDepthAbove(nestedArray(5000))).toBe(MAX_JSON_DEPTH + 1);
    expect(jsonDepthAbove(JSON.stringify({ s: '['.repeat(1000) }))).toBe(0);
    expect(jsonDepthAbove(JSON.stringify({ s: `\\"${'{'.repeat(500)}\\\\`, t: [[1]] }))).toBe(0);
    expect(jsonDepthAbove(`["\\\\", ${nestedArray(100)}]`)).toBe(MAX_JSON_DEPTH + 1);
    expect(jsonDepthAbove('{"unterminated')).toBe(0);
  });
});

describe('every JSON body is bounded before code walks it (security finding 2)', () => {
  const post = (url: string, payload: string, headers: Record<string, string>) =>
    env.inject({ method: 'POST', url, headers: { ...headers, 'content-type': 'application/json' }, payload });

  it('answers 5,000-10,000 levels of nesting with 400 problem+json and stores nothing', async () => {
    const admin = env.a.as('admin');
    const key = (
      await env.inject({ method: 'POST', url: '/api/v1/api-keys', headers: admin, payload: { name: 'k' } })
    ).json().key as string;
    const bearer = { authorization: `Bearer ${key}` };
    const survey = (
      await env.inject({
        method: 'POST',
        url: '/api/v1/surveys',
        headers: admin,
        payload: { name: 's', definition: { elements: [{ type: 'rating', name: 'nps', rateMin: 0, rateMax: 10 }] } },
      })
    ).json();
    const count = async () =>
      (
        await rows<{ n: number }>(
          env.t.ctx.db,
          sql`SELECT (SELECT count(*) FROM surveys WHERE tenant_id = ${env.a.tenantId})
                   + (SELECT count(*) FROM invitations WHERE tenant_id = ${env.a.tenantId})
                   + (SELECT count(*) FROM responses WHERE tenant_id = ${env.a.tenantId})
                   + (SELECT count(*) FROM events WHERE tenant_id = ${env.a.tenantId}) AS n`,
        )
      )[0].n;
    const before = await count();
    const cases: Array<[string, string, Record<string, string>]> = [
      ['/api/v1/surveys', `{"name":"x","definition":${nestedObject(5000)}}`, admin],
      ['/api/v1/surveys', `{"name":"x","definition":{"elements":${nestedArray(5000)}}}`, admin],
      [`/api/v1/surveys/${survey.id}/links`, `{"context":${nestedObject(5000)}}`, admin],
      [
        '/api/v1/responses/batch',
        `{"responses":[{"surveyId":"${survey.id}","answers":{"nps":9},"context":${nestedObject(5000)}}]}`,
        bearer,
      ],
      ['/api/v1/events', `{"type":"order","properties":${nestedObject(10_000)}}`, bearer],
    ];
    for (const [url, payload, headers] of cases) {
      const res = await post(url, payload, headers);
      expect(res.statusCode, url).toBe(400);
      expect(problem(res).detail).toMatch(/more than 64 levels deep/);
    }
    const patch = await env.inject({
      method: 'PATCH',
      url: `/api/v1/surveys/${survey.id}`,
      headers: { ...admin, 'content-type': 'application/json' },
      payload: `{"definition":${nestedObject(5000)}}`,
    });
    expect(patch.statusCode).toBe(400);
    expect(await count()).toBe(before);
  });

  it('refuses __proto__ and constructor.prototype keys by name; ordinary nesting still works', async () => {
    for (const payload of ['{"__proto__":{"isAdmin":true},"name":"t"}', '{"constructor":{"prototype":{"x":1}}}']) {
      const res = await post('/api/v1/teams', payload, env.a.as('admin'));
      expect(res.statusCode).toBe(400);
      expect(problem(res).detail).toMatch(/__proto__/);
    }
    const res = await post('/api/v1/teams', '{"name":"客服部 {[\\"not nesting\\"]}"}', env.a.as('admin'));
    expect(res.statusCode).toBe(201);
  });
});
