import { describe, expect, it } from 'vitest';
import { recordAudit, redact } from '../../platform/audit.ts';
import { rows, sql } from '../../platform/db.ts';
import { problem, setupTestSuite } from '../../testing/harness.ts';
import { purgeAudit } from './commands/purge-audit.ts';

const env = setupTestSuite();
const UA = 'Mozilla/5.0 (audit test)';

const auditPage = (query: string, user = 'owner', tenant = env.a) =>
  env.inject({ method: 'GET', url: `/api/v1/audit${query}`, headers: tenant.as(user) });

describe('GET /api/v1/audit', () => {
  it('401 without a session, 403 for roles without audit.read, 422 on bad filters', async () => {
    expect((await env.inject({ method: 'GET', url: '/api/v1/audit' })).statusCode).toBe(401);
    for (const role of ['analyst', 'manager', 'viewer', 'agent']) {
      expect(problem(await auditPage('', role)).status).toBe(403);
    }
    expect(problem(await auditPage('?cursor=abc')).status).toBe(422);
    expect(problem(await auditPage('?from=yesterday')).status).toBe(422);
    expect(problem(await auditPage('?limit=0')).status).toBe(422);
    expect(problem(await auditPage('?actorId=not-a-uuid')).status).toBe(422);
    expect(problem(await auditPage('?unknown=1')).status).toBe(422);
  });

  it('logins, successful and failed, are recorded with the address and user agent they came from', async () => {
    const bad = await env.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'user-agent': UA },
      remoteAddress: '203.0.113.7',
      payload: { email: env.a.users.analyst.email, password: 'wrong-password-123' },
    });
    expect(bad.statusCode).toBe(401);
    const good = await env.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'user-agent': UA },
      remoteAddress: '203.0.113.8',
      payload: { email: env.a.users.analyst.email, password: env.a.password },
    });
    expect(good.statusCode).toBe(200);
    const { items } = (await auditPage(`?action=auth.&objectId=${env.a.users.analyst.id}`)).json();
    expect(items.slice(0, 2)).toEqual([
      expect.objectContaining({
        action: 'auth.login',
        outcome: 'success',
        actor: { kind: 'user', id: env.a.users.analyst.id, label: env.a.users.analyst.email },
        ip: '203.0.113.8',
        userAgent: UA,
      }),
      expect.objectContaining({
        action: 'auth.login_failed',
        outcome: 'failure',
        status: 401,
        actor: { kind: 'anonymous', id: env.a.users.analyst.id, label: env.a.users.analyst.email },
        ip: '203.0.113.7',
      }),
    ]);
    expect(JSON.stringify(items)).not.toContain('wrong-password-123');
  });

  it('a user change keeps before and after, never the password', async () => {
    const secret = 'a-new-password-never-logged';
    const res = await env.inject({
      method: 'PATCH',
      url: `/api/v1/users/${env.a.users.viewer.id}`,
      headers: env.a.as('admin'),
      payload: { role: 'analyst', password: secret },
    });
    expect(res.statusCode).toBe(200);
    const { items } = (await auditPage(`?action=user.update&objectId=${env.a.users.viewer.id}`)).json();
    expect(items[0]).toMatchObject({
      actor: { kind: 'user', id: env.a.users.admin.id },
      object: { type: 'user', id: env.a.users.viewer.id },
      before: { role: 'viewer' },
      after: { role: 'analyst', password: '***' },
    });
    const all = await rows(env.t.ctx.db, sql`SELECT before::text, after::text FROM audit_log`);
    expect(JSON.stringify(all)).not.toContain(secret);
  });

  it('API keys: creation and revocation recorded (the key never); an action by a key is attributed to it', async () => {
    const created = await env.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: env.a.as('owner'),
      payload: { name: 'CRM sync' },
    });
    const { id, key } = created.json();
    const byKey = await env.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: { authorization: `Bearer ${key}`, 'user-agent': 'crm/2' },
      payload: { name: '客服二部' },
    });
    expect(byKey.statusCode).toBe(201);
    await env.inject({ method: 'DELETE', url: `/api/v1/api-keys/${id}`, headers: env.a.as('owner') });
    const { items } = (await auditPage('?limit=200')).json();
    const team = items.find((e: { action: string }) => e.action === 'team.create');
    expect(team).toMatchObject({ actor: { kind: 'apiKey', id, label: 'CRM sync' }, userAgent: 'crm/2' });
    const revoke = items.find((e: { action: string; object: { id: string } }) => e.action === 'api_key.revoke');
    expect(revoke).toMatchObject({ object: { id }, before: { revoked: false }, after: { revoked: true } });
    expect(items.some((e: { action: string }) => e.action === 'api_key.create')).toBe(true);
    const all = await rows(env.t.ctx.db, sql`SELECT after::text, before::text FROM audit_log`);
    expect(JSON.stringify(all)).not.toContain(key);
  });

  it('filters by actor, action prefix and time, pages by cursor without gaps, and stays in the tenant', async () => {
    for (let i = 0; i < 5; i++) {
      await env.inject({
        method: 'POST',
        url: '/api/v1/teams',
        headers: env.a.as('admin'),
        payload: { name: `Team ${i}` },
      });
    }
    const seen: string[] = [];
    let cursor = '';
    for (let page = 0; page < 10; page++) {
      const res = (await auditPage(`?actorId=${env.a.users.admin.id}&action=team.*&limit=2${cursor}`)).json();
      seen.push(...res.items.map((e: { id: string }) => e.id));
      for (const e of res.items) expect(e.action).toBe('team.create');
      if (!res.nextCursor) break;
      cursor = `&cursor=${res.nextCursor}`;
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await auditPage(`?from=${encodeURIComponent(future)}`)).json().items).toEqual([]);
    expect(
      (await auditPage(`?actor=${encodeURIComponent(env.a.users.admin.email)}&action=team.create`)).json().items,
    ).toHaveLength(5);
    // Tenant B's owner sees none of A's entries, even asking for A's admin.
    const other = (await auditPage(`?actorId=${env.a.users.admin.id}`, 'owner', env.b)).json();
    expect(other.items).toEqual([]);
  });

  it('the retention purge deletes entries older than LOOPCX_AUDIT_RETENTION_DAYS and keeps the rest', async () => {
    const now = env.t.ctx.clock.now().getTime();
    const who = { tenantId: env.b.tenantId, kind: 'user' as const, id: env.b.users.owner.id, label: 'owner' };
    await recordAudit(env.t.ctx.db, who, { action: 'old.thing', targetType: 'x', at: new Date(now - 40 * 86_400_000) });
    await recordAudit(env.t.ctx.db, who, {
      action: 'recent.thing',
      targetType: 'x',
      at: new Date(now - 20 * 86_400_000),
    });
    const ctx = { ...env.t.ctx, config: { ...env.t.ctx.config, auditRetentionDays: 30 } };
    expect(await purgeAudit(ctx, { tenantId: env.b.tenantId })).toBe(1);
    const actions = (await auditPage('?action=*', 'owner', env.b))
      .json()
      .items.map((e: { action: string }) => e.action);
    expect(actions).toContain('recent.thing');
    expect(actions).not.toContain('old.thing');
    const keepAll = { ...env.t.ctx, config: { ...env.t.ctx.config, auditRetentionDays: 0 } };
    expect(await purgeAudit(keepAll, { tenantId: env.b.tenantId })).toBe(0);
  });
});

describe('redact', () => {
  it('masks secret fields at any depth and API keys anywhere, keeps the rest', () => {
    expect(
      redact({
        name: 'x',
        password: 'p',
        current: 'old',
        nested: { clientSecret: 's', webhook: { signingSecret: 'w', url: 'https://h/x' }, tokens: ['a'] },
        note: 'lcx_abcdefghijklmnopqrstuvwxyz012345',
        empty: null,
      }),
    ).toEqual({
      name: 'x',
      password: '***',
      current: '***',
      nested: { clientSecret: '***', webhook: { signingSecret: '***', url: 'https://h/x' }, tokens: '***' },
      note: '***',
      empty: null,
    });
  });

  it('bounds depth, long strings and long lists', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 50; i++) deep = { d: deep };
    expect(JSON.stringify(redact(deep)).length).toBeLessThan(200);
    expect(String(redact('x'.repeat(5000))).length).toBeLessThan(2100);
    expect((redact(Array.from({ length: 500 }, (_, i) => i)) as unknown[]).length).toBe(201);
  });
});
