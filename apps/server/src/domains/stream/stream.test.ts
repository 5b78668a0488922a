import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runDueJobs } from '../../platform/jobs.ts';
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

/** An open SSE stream as a console holds it: what it has received so far, and waiting for what should arrive. */
async function openStream(cookie: string) {
  const ctrl = new AbortController();
  const res = await fetch(`${base}/api/v1/stream`, { headers: { cookie }, signal: ctrl.signal });
  expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const reading = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
    } catch {
      /* aborted */
    }
  })();
  /** Waits until the stream has received `s` (no fixed sleep: a loaded machine only makes it slower). */
  const until = (s: string) => vi.waitFor(() => expect(text).toContain(s), { timeout: 15_000, interval: 20 });
  // The route subscribes to the bus before it writes its first line, so from then on no event can be missed.
  await until('retry: 3000');
  return {
    get text() {
      return text;
    },
    until,
    async close() {
      ctrl.abort();
      await reading;
    },
  };
}

describe('GET /api/v1/stream', () => {
  it('401 without a session', async () => {
    expect((await fetch(`${base}/api/v1/stream`)).status).toBe(401);
  });

  it('pushes a committed response to a manager whose scope holds it, and not to one whose scope does not', async () => {
    const [insideStream, regionStream] = await Promise.all([
      openStream(a.users.storeManager.cookie),
      openStream(a.users.manager.cookie),
    ]);
    const r = await fetch(`${base}/api/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, answers: { nps: 3 }, idempotencyKey: `sse-${Date.now()}` }),
    });
    expect(r.status).toBe(201);
    await insideStream.until('"nps":3');
    await regionStream.until('"nps":3');
    await Promise.all([insideStream.close(), regionStream.close()]);
    const [inside, region] = [insideStream.text, regionStream.text];
    expect(inside).toContain('event: responses');
    expect(inside).toContain('"nps":3');
    expect(region).toContain('event: responses'); // the region manager's subtree contains S1 too
  });

  it('sends export progress to the person who asked for it and owners at the root, not to a store manager', async () => {
    const [asker, owner, store] = await Promise.all([
      openStream(a.users.manager.cookie),
      openStream(a.users.owner.cookie),
      openStream(a.users.storeManager.cookie),
    ]);
    const started = await injector(t)({
      method: 'POST',
      url: '/api/v1/responses/exports',
      headers: a.as('manager'),
      payload: { format: 'csv' },
    });
    expect(started.statusCode).toBe(202);
    const id = started.json().id as string;
    while ((await runDueJobs(t.ctx, undefined, { tenantIds: [a.tenantId] })) > 0);
    await asker.until(`"id":"${id}"`);
    await owner.until(`"id":"${id}"`);
    // One stream delivers events in order: once a marker published after the export has reached the store
    // manager's stream, export progress sent to it would have arrived before.
    t.ctx.bus.publish({ tenantId: a.tenantId, type: 'text.corrected', data: { id: 'export-scope-marker' } });
    await store.until('"type":"text.corrected"');
    await Promise.all([asker.close(), owner.close(), store.close()]);
    expect(asker.text).toContain('event: exports');
    expect(store.text).not.toContain('event: exports');
    expect(store.text).not.toContain(id);
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
    const stream = await openStream(cookie);
    const r = await fetch(`${base}/api/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, answers: { nps: 9 }, idempotencyKey: `sse-other-${Date.now()}` }),
    });
    expect(r.status).toBe(201);
    // The writer publishes a response before it acknowledges it, and one stream delivers events in order: once a
    // marker published after the 201 has arrived, a leaked response would have arrived before it.
    t.ctx.bus.publish({ tenantId: a.tenantId, type: 'text.corrected', data: { id: 'stream-test-marker' } });
    await stream.until('"type":"text.corrected"');
    await stream.close();
    expect(stream.text).not.toContain('event: responses');
  });
});
