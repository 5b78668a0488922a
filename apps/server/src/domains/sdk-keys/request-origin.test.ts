import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupTestSuite } from '../../testing/harness.ts';
import { requestOrigin } from './request-origin.ts';

/**
 * A page served by loopcx itself (the /sdk/demo shop) sends its same-origin GETs (config, replies) without an
 * Origin header, as browsers do; `Sec-Fetch-Site: same-origin` stands for the server's own origin, which the key
 * must list like any other.
 */
const env = setupTestSuite();
let own: string;
let other: string;

beforeAll(async () => {
  const self = new URL(env.t.ctx.config.publicUrl).origin;
  for (const [origins, set] of [
    [[self], (k: string) => (own = k)],
    [['https://shop.example.com'], (k: string) => (other = k)],
  ] as const) {
    const res = await env.inject({
      method: 'POST',
      url: '/api/v1/sdk-keys',
      headers: env.a.as('admin'),
      payload: {
        name: 'Site',
        allowedOrigins: origins,
        allowedEventTypes: ['page.view'],
        orgUnitId: env.a.units.HQ.id,
      },
    });
    expect(res.statusCode).toBe(201);
    set(res.json().key);
  }
});

const post = (key: string, headers: Record<string, string>) =>
  env.inject({
    method: 'POST',
    url: `/sdk/v1/events?key=${key}`,
    headers: { 'content-type': 'text/plain', ...headers },
    payload: JSON.stringify({
      anonymousId: randomUUID(),
      events: [{ id: randomUUID(), type: 'page.view', occurredAt: new Date().toISOString(), properties: {} }],
    }),
  });

describe('requestOrigin', () => {
  it('is the Origin header when there is one, else the public origin for a same-origin browser request', () => {
    const pub = 'https://cx.example.com/base';
    expect(requestOrigin({ headers: { origin: 'https://shop.example.com' } }, pub)).toBe('https://shop.example.com');
    expect(requestOrigin({ headers: { 'sec-fetch-site': 'same-origin' } }, pub)).toBe('https://cx.example.com');
    for (const site of ['same-site', 'cross-site', 'none', undefined])
      expect(requestOrigin({ headers: site ? { 'sec-fetch-site': site } : {} }, pub)).toBeUndefined();
  });
});

describe('public SDK routes without an Origin header', () => {
  it('admit a same-origin browser request when the key lists the server origin, and nothing else', async () => {
    const ok = await post(own, { 'sec-fetch-site': 'same-origin' });
    expect(ok.statusCode).toBe(202);
    expect(ok.headers['access-control-allow-origin']).toBe(new URL(env.t.ctx.config.publicUrl).origin);
    expect((await post(other, { 'sec-fetch-site': 'same-origin' })).statusCode).toBe(403);
    expect((await post(own, { 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
    expect((await post(own, {})).statusCode).toBe(403);
  });
});
