import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/harness.ts';
import { sdkDist } from './module.ts';

const file = join(sdkDist, 'loopcx.js');
let t: TestApp;

beforeAll(async () => {
  // The API suite runs without a build; build the script the way `npm start` does when it is missing.
  if (!existsSync(file)) {
    const res = spawnSync(
      process.execPath,
      ['node_modules/vite/bin/vite.js', 'build', '--config', 'packages/sdk/vite.config.ts', '--logLevel', 'warn'],
      { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } },
    );
    if (res.status !== 0) throw new Error('the SDK build failed');
  }
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('GET /sdk/v1/loopcx.js', () => {
  it('answers the built script to any site: JavaScript, CORS *, cached 5 minutes', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/sdk/v1/loopcx.js',
      headers: { origin: 'https://shop.example.com' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.rawPayload.equals(readFileSync(file))).toBe(true);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('is the IIFE that defines window.loopcx with the public API', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/sdk/v1/loopcx.js' });
    const sandbox: Record<string, any> = {};
    sandbox.window = sandbox;
    runInNewContext(res.body, sandbox);
    for (const fn of ['init', 'identify', 'track', 'flush', 'reset', 'feedback'])
      expect(typeof sandbox.loopcx[fn]).toBe('function');
    expect(sandbox.loopcx.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('sends it compressed as the browser accepts (brotli, else gzip), and 304 when the ETag matches', async () => {
    const raw = readFileSync(file);
    const br = await t.app.inject({
      method: 'GET',
      url: '/sdk/v1/loopcx.js',
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.rawPayload.length).toBeLessThan(raw.length);
    expect(brotliDecompressSync(br.rawPayload).equals(raw)).toBe(true);
    const gz = await t.app.inject({ method: 'GET', url: '/sdk/v1/loopcx.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).equals(raw)).toBe(true);

    const etag = String(br.headers.etag);
    expect(etag).toMatch(/^".+"$/);
    expect(gz.headers.etag).toBe(etag);
    const again = await t.app.inject({ method: 'GET', url: '/sdk/v1/loopcx.js', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const head = await t.app.inject({ method: 'HEAD', url: '/sdk/v1/loopcx.js' });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it('is the only thing under /sdk/v1 it serves', async () => {
    for (const url of [
      '/sdk/v1/loopcx.js.map',
      '/sdk/v1/../../package.json',
      '/sdk/v1/index.js',
      '/sdk/v1/loopcx.js.br',
    ])
      expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(404);
  });
});

describe('the per-address rate limit', () => {
  it('does not count script loads (many visitors share one NAT address), while the API still limits', async () => {
    const limited = await createTestApp({ config: { rateLimitIp: 3 } });
    // An address of its own: on PostgreSQL the counters are shared with the other test files.
    const remoteAddress = '203.0.113.71';
    try {
      for (let i = 0; i < 6; i++)
        expect((await limited.app.inject({ method: 'GET', url: '/sdk/v1/loopcx.js', remoteAddress })).statusCode).toBe(
          200,
        );
      const codes: number[] = [];
      for (let i = 0; i < 6; i++)
        codes.push(
          (await limited.app.inject({ method: 'GET', url: '/api/v1/public/surveys/nope', remoteAddress })).statusCode,
        );
      expect(codes).toContain(429);
    } finally {
      await limited.close();
    }
  });
});
