import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { setupTestSuite } from '../testing/harness.ts';
import { AUDIT_EXEMPT } from './audit-http.ts';
import { rows, sql } from './db.ts';

const env = setupTestSuite();

interface Doc {
  paths: Record<string, Record<string, { security?: unknown[] }>>;
}

/** Every private write route of the OpenAPI document as `METHOD /api/v1/path/:param` (new routes appear here). */
function privateWriteRoutes(doc: Doc): string[] {
  const out: string[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (!['post', 'put', 'patch', 'delete'].includes(method)) continue;
      if (Array.isArray(op.security) && op.security.length === 0) continue; // public: login, survey tokens
      out.push(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`);
    }
  }
  return out.sort();
}

const entriesOf = (tenantId: string, requestId: string) =>
  rows<{ action: string; outcome: string; status: number | null; actor_id: string; ip: string | null }>(
    env.t.ctx.db,
    sql`SELECT action, outcome, status, actor_id, ip FROM audit_log WHERE tenant_id = ${tenantId} AND request_id = ${requestId}`,
  );

describe('every admin write route writes an audit entry', () => {
  it('the exempt list names only routes that exist, each with a reason', async () => {
    const routes = privateWriteRoutes(env.t.app.swagger() as unknown as Doc);
    expect(routes.length).toBeGreaterThan(80);
    for (const [route, reason] of Object.entries(AUDIT_EXEMPT)) {
      expect(routes, `${route} is exempt but no such route exists`).toContain(route);
      expect(reason.length).toBeGreaterThan(10);
    }
  });

  it('walks the route table: each non-exempt write, as the owner, leaves an entry carrying its request id', async () => {
    const routes = privateWriteRoutes(env.t.app.swagger() as unknown as Doc).filter((r) => !AUDIT_EXEMPT[r]);
    const missing: string[] = [];
    for (const route of routes) {
      const [method, path] = route.split(' ');
      // Placeholder ids: most routes answer 404 or 422 — a refused write is audited as a failure, with its status.
      const url = path.replace(/:(\w+)/g, () => randomUUID());
      const requestId = `walk-${randomUUID()}`;
      const res = await env.inject({
        method: method as 'POST',
        url,
        headers: { ...env.a.as('owner'), 'x-request-id': requestId, 'user-agent': 'audit-walk/1' },
        payload: {},
      });
      expect(res.statusCode, route).toBeLessThan(500);
      const entries = await entriesOf(env.a.tenantId, requestId);
      if (entries.length === 0) missing.push(`${route} → ${res.statusCode}`);
      else {
        expect(entries[0].actor_id).toBe(env.a.users.owner.id);
        expect(entries[0].ip).toBeTruthy();
        const ok = res.statusCode < 400;
        expect(
          entries.some((e) => e.outcome === (ok ? 'success' : 'failure')),
          route,
        ).toBe(true);
      }
    }
    expect(missing).toEqual([]);
  });

  it('a successful write without an audit call of its own is recorded by route, with the redacted body', async () => {
    const requestId = `fallback-${randomUUID()}`;
    const res = await env.inject({
      method: 'POST',
      url: '/api/v1/event-types',
      headers: { ...env.a.as('owner'), 'x-request-id': requestId },
      payload: { key: 'visit.done', name: 'Visit', properties: { plate: { type: 'string' } } },
    });
    expect(res.statusCode).toBe(201);
    const [e] = await rows<{ action: string; after: { request: Record<string, unknown> }; outcome: string }>(
      env.t.ctx.db,
      sql`SELECT action, after, outcome FROM audit_log WHERE tenant_id = ${env.a.tenantId} AND request_id = ${requestId}`,
    );
    expect(e).toMatchObject({ action: 'POST /event-types', outcome: 'success' });
    expect(e.after.request).toMatchObject({ key: 'visit.done' });
  });

  it('an exempt route (data ingest) writes nothing; a refused write by a forbidden role is recorded', async () => {
    const requestId = `exempt-${randomUUID()}`;
    await env.inject({
      method: 'POST',
      url: '/api/v1/metrics/query',
      headers: { ...env.a.as('owner'), 'x-request-id': requestId },
      payload: {},
    });
    expect(await entriesOf(env.a.tenantId, requestId)).toEqual([]);
    const denied = `denied-${randomUUID()}`;
    const res = await env.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: { ...env.a.as('viewer'), 'x-request-id': denied },
      payload: { name: 'sneaky' },
    });
    expect(res.statusCode).toBe(403);
    expect(await entriesOf(env.a.tenantId, denied)).toEqual([
      expect.objectContaining({
        action: 'POST /api-keys',
        outcome: 'failure',
        status: 403,
        actor_id: env.a.users.viewer.id,
      }),
    ]);
  });
});
