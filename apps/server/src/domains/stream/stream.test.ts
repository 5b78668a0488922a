import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createTestTenant, injector, type TestApp, type TestTenant } from '../../testing/harness.ts';

let t: TestApp;
let a: TestTenant;
let base: string;
let token: string;

beforeAll(async () => {
  t = await createTestApp();
  a = await createTestTenant(t.ctx);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const inject = injector(t);
  const s = (
    await inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: a.as('admin'),
      payload: {
        name: 'x',
        definition: { elements: [{ type: 'rating', name: 'nps', rateMin: 0, rateMax: 10 }] },
        bindings: { nps: 'nps' },
      },
    })
  ).json();
  await inject({ method: 'POST', url: `/api/v1/surveys/${s.id}/publish`, headers: a.as('admin') });
  token = (await inject({ method: 'GET', url: `/api/v1/surveys/${s.id}/unit-links`, headers: a.as('admin') }))
    .json()
    .items.find((x: { orgUnit: { id: string } }) => x.orgUnit.id === a.units.S1.id).token;
});
afterAll(async () => t.close());

/** Reads SSE events from the stream for `ms` milliseconds. */
async function listen(cookie: string, ms: number, during: () => Promise<void>) {
  const ctrl = new AbortController();
  const res = await fetch(`${base}/api/v1/stream`, { headers: { cookie }, signal: ctrl.signal });
  expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
  const reader = res.body!.getReader();
  let text = '';
  const reading = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
    } catch {
      /* aborted */
    }
  })();
  await during();
  await new Promise((r) => setTimeout(r, ms));
  ctrl.abort();
  await reading;
  return text;
}

describe('GET /api/v1/stream', () => {
  it('401 without a session', async () => {
    expect((await fetch(`${base}/api/v1/stream`)).status).toBe(401);
  });

  it('pushes a committed response to a manager whose scope holds it, and not to one whose scope does not', async () => {
    const submit = async () => {
      const r = await fetch(`${base}/api/v1/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token, answers: { nps: 3 }, idempotencyKey: `sse-${Date.now()}` }),
      });
      expect(r.status).toBe(201);
    };
    const [inside, region] = await Promise.all([
      listen(a.users.storeManager.cookie, 400, submit),
      listen(a.users.manager.cookie, 400, async () => {}),
    ]);
    expect(inside).toContain('event: responses');
    expect(inside).toContain('"nps":3');
    expect(region).toContain('event: responses'); // the region manager's subtree contains S1 too
  });

  it('does not leak events to a scope that does not contain them', async () => {
    const inject = injector(t);
    const created = await inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: a.as('owner'),
      payload: {
        email: 'r2@x.test',
        name: 'r2',
        role: 'manager',
        orgUnitId: a.units.R2.id,
        password: 'long-enough-pw',
      },
    });
    expect(created.statusCode).toBe(201);
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'r2@x.test', password: 'long-enough-pw' }),
    });
    const cookie = String(login.headers.get('set-cookie')).split(';')[0];
    const text = await listen(cookie, 400, async () => {
      await fetch(`${base}/api/v1/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token, answers: { nps: 9 }, idempotencyKey: `sse-other-${Date.now()}` }),
      });
    });
    expect(text).not.toContain('event: responses');
  });
});
