import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db.ts';
import { createTestApp, injector, problem, type TestApp } from '../../testing/harness.ts';

let t: TestApp;
let inject: ReturnType<typeof injector>;

beforeAll(async () => {
  t = await createTestApp();
  inject = injector(t);
});
afterAll(async () => t.close());

describe('ops endpoints', () => {
  it('healthz and readyz answer', async () => {
    expect((await inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().status).toBe('ready');
  });

  it('metrics is Prometheus text with request counters', async () => {
    await inject({ method: 'GET', url: '/healthz' });
    const res = await inject({ method: 'GET', url: '/metrics' });
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    expect(res.body).toMatch(/loopcx_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/);
    expect(res.body).toContain('loopcx_process_cpu_seconds_total');
  });

  it('metrics reports the shared job queue by kind and state, and drops a kind once its jobs are gone', async () => {
    await t.ctx.db.execute(
      sql`INSERT INTO jobs (kind, payload, run_at) VALUES ('ops.test-due', '{}', now() - interval '1 minute'),
            ('ops.test-due', '{}', now() - interval '1 minute'), ('ops.test-later', '{}', now() + interval '1 hour')`,
    );
    await t.ctx.db.execute(sql`INSERT INTO jobs (kind, payload, dead_at) VALUES ('ops.test-dead', '{}', now())`);
    const body = (await inject({ method: 'GET', url: '/metrics' })).body;
    expect(body).toMatch(/^loopcx_jobs\{kind="ops.test-due",state="due"\} 2$/m);
    expect(body).toMatch(/^loopcx_jobs\{kind="ops.test-later",state="scheduled"\} 1$/m);
    expect(body).toMatch(/^loopcx_jobs\{kind="ops.test-dead",state="dead"\} 1$/m);
    await t.ctx.db.execute(sql`DELETE FROM jobs WHERE kind LIKE 'ops.test-%'`);
    expect((await inject({ method: 'GET', url: '/metrics' })).body).not.toContain('ops.test-');
  });

  it('serves the OpenAPI 3 document at /api/docs with the foundation endpoints', async () => {
    const res = await inject({ method: 'GET', url: '/api/docs' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const p of [
      '/api/v1/auth/login',
      '/api/v1/me',
      '/api/v1/org-units',
      '/api/v1/org-units/{id}',
      '/api/v1/org-units/import',
      '/api/v1/teams',
      '/api/v1/users',
      '/api/v1/api-keys',
    ]) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
    const html = await inject({ method: 'GET', url: '/api/docs', headers: { accept: 'text/html' } });
    expect(html.statusCode).toBe(302);
  });

  it('unknown routes answer a problem+json 404 with a request id echoed in the header', async () => {
    const res = await inject({ method: 'GET', url: '/api/v1/nope', headers: { 'x-request-id': 'req-12345678' } });
    expect(res.statusCode).toBe(404);
    expect(problem(res).requestId).toBe('req-12345678');
    expect(res.headers['x-request-id']).toBe('req-12345678');
  });

  it('healthz and readyz answer exactly their declared fields', async () => {
    expect(Object.keys((await inject({ method: 'GET', url: '/healthz' })).json())).toEqual(['status']);
    expect(Object.keys((await inject({ method: 'GET', url: '/readyz' })).json()).sort()).toEqual([
      'database',
      'status',
    ]);
  });
});
