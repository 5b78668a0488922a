import { describe, expect, it } from 'vitest';
import { sql } from '../../platform/db.ts';
import { problem, setupTestSuite } from '../../testing/harness.ts';
import { signSurveyToken, verifySurveyToken } from '../surveys/tokens.ts';

const env = setupTestSuite();

const hostile = {
  title: { default: 'Hi <img src=x onerror="alert(1)">', 'zh-cn': '你好<script>alert(2)</script>' },
  completedHtml: { default: '<h3>Thanks</h3><script>alert(3)</script>', 'zh-cn': '<p onclick="alert(4)">谢谢</p>' },
  elements: [
    {
      type: 'html',
      name: 'intro',
      html: '<p>Welcome <a href="javascript:alert(5)">x</a><iframe src="https://evil.example"></iframe><img src="https://cdn.example/logo.png" alt="logo"></p>',
    },
    {
      type: 'rating',
      name: 'nps',
      rateMin: 0,
      rateMax: 10,
      title: 'Score 0 < 10?',
      visibleIf: '{intro} <> 1 or {nps} < 11',
    },
    { type: 'radiogroup', name: 'pick', choices: [{ value: 'a', text: 'A <svg onload=alert(6)>' }] },
  ],
};

describe('survey HTML is sanitised on save (finding 3)', () => {
  it('create, update and import store no script, handlers or javascript: URLs, in every locale', async () => {
    const created = await env.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: env.a.as('admin'),
      payload: { name: 'xss', definition: hostile, bindings: { nps: 'nps' } },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const updated = await env.inject({
      method: 'PATCH',
      url: `/api/v1/surveys/${id}`,
      headers: env.a.as('admin'),
      payload: { definition: { ...hostile, completedHtml: '<b>ok</b><img src=x onerror=alert(7)>' } },
    });
    expect(updated.statusCode).toBe(200);
    const imported = await env.inject({
      method: 'POST',
      url: '/api/v1/surveys/import',
      headers: env.a.as('admin'),
      payload: { format: 'surveyjs', content: JSON.stringify(hostile), name: 'imported' },
    });
    const ids = [id, ...(imported.statusCode === 201 ? [imported.json().survey?.id ?? imported.json().id] : [])];
    for (const sid of ids.filter(Boolean)) {
      const r = await env.t.ctx.db.execute(
        sql`SELECT definition::text AS d FROM surveys WHERE tenant_id = ${env.a.tenantId} AND id = ${sid}`,
      );
      const stored = (r as unknown as { rows: Array<{ d: string }> }).rows[0].d;
      expect(stored).not.toMatch(/<script|onerror|onclick|onload|javascript:|<iframe|<svg/i);
      expect(stored).toContain('https://cdn.example/logo.png');
      expect(stored).toMatch(/谢谢|<b>ok<\/b>/);
      // Expressions and plain text with "<" are not rewritten.
      expect(stored).toContain('{nps} < 11');
      expect(stored).toContain('Score 0 < 10?');
    }
    const pub = await env.inject({ method: 'POST', url: `/api/v1/surveys/${id}/publish`, headers: env.a.as('admin') });
    expect(pub.statusCode).toBe(200);
  });
});

describe('frame-ancestors setting and the survey page policy (finding 4)', () => {
  it('owner/admin set it, validated; others 403; API keys 403; tenants do not see each other', async () => {
    const put = (who: string, frameAncestors: unknown) =>
      env.inject({
        method: 'PUT',
        url: '/api/v1/settings/security',
        headers: env.a.as(who),
        payload: { frameAncestors },
      });
    expect((await env.inject({ method: 'GET', url: '/api/v1/settings/security' })).statusCode).toBe(401);
    expect((await put('manager', [])).statusCode).toBe(403);
    for (const bad of [
      ['https:'],
      ['*'],
      ['http://shop.example.com'],
      ["https://a.example.com; script-src 'unsafe-inline'"],
      ['https://a.example.com/path'],
      'x',
    ]) {
      const res = await put('admin', bad);
      expect(res.statusCode, JSON.stringify(bad)).toBe(422);
      problem(res);
    }
    const ok = await put('admin', ['https://Shop.Example.com', 'https://*.wx.example.cn:8443', "'self'"]);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().frameAncestors).toEqual(['https://shop.example.com', 'https://*.wx.example.cn:8443', "'self'"]);
    const b = await env.inject({ method: 'GET', url: '/api/v1/settings/security', headers: env.b.as('owner') });
    expect(b.json().frameAncestors).toEqual([]);
    const { key } = (
      await env.inject({
        method: 'POST',
        url: '/api/v1/api-keys',
        headers: env.a.as('owner'),
        payload: { name: 'k', role: 'admin' },
      })
    ).json();
    const byKey = await env.inject({
      method: 'PUT',
      url: '/api/v1/settings/security',
      headers: { authorization: `Bearer ${key}` },
      payload: { frameAncestors: ['https://evil.example'] },
    });
    expect(byKey.statusCode).toBe(403);
  });

  it('a link that cannot be answered gets the survey CSP, no frames, no referrer', async () => {
    const res = await env.inject({ method: 'GET', url: `/s/${'A'.repeat(60)}` });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });
});

describe('low findings (9)', () => {
  it('a survey token whose last character changed does not decode', () => {
    const ids = { tenantId: env.a.tenantId, surveyId: env.a.units.S1.id, orgUnitId: env.a.units.S2.id };
    const token = signSurveyToken('s3cret', ids);
    expect(verifySurveyToken('s3cret', token)).toMatchObject(ids);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (const c of alphabet) {
      if (c === token.at(-1)) continue;
      expect(verifySurveyToken('s3cret', token.slice(0, -1) + c), c).toBeNull();
    }
  });

  it("marking another tenant's (or user's) notification read is a 404", async () => {
    const id = crypto.randomUUID();
    await env.t.ctx.db.execute(
      sql`INSERT INTO notifications (tenant_id, id, channel, recipient, subject, body)
          VALUES (${env.b.tenantId}, ${id}, 'in_app', ${env.b.users.owner.id}, 's', 'b')`,
    );
    const other = await env.inject({
      method: 'POST',
      url: `/api/v1/notifications/${id}/read`,
      headers: env.a.as('owner'),
    });
    expect(other.statusCode).toBe(404);
    problem(other);
    const own = await env.inject({
      method: 'POST',
      url: `/api/v1/notifications/${id}/read`,
      headers: env.b.as('owner'),
    });
    expect(own.statusCode).toBe(204);
  });

  it("store managers do not read alert rules' emails and webhook URLs; admins do", async () => {
    const hook = await env.inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      headers: env.a.as('admin'),
      payload: { url: 'https://hooks.example/secret-path' },
    });
    expect(hook.statusCode).toBe(201);
    const rule = await env.inject({
      method: 'POST',
      url: '/api/v1/alert-rules',
      headers: env.a.as('admin'),
      payload: {
        name: 'low',
        kind: 'response',
        condition: { expression: '{nps} <= 6' },
        actions: { notify: { emails: ['boss@corp.example'], webhookId: hook.json().id } },
      },
    });
    expect(rule.statusCode).toBe(201);
    const asManager = await env.inject({
      method: 'GET',
      url: `/api/v1/alert-rules/${rule.json().id}`,
      headers: env.a.as('storeManager'),
    });
    expect(asManager.statusCode).toBe(200);
    expect(asManager.body).not.toContain('boss@corp.example');
    expect(asManager.body).not.toContain('secret-path');
    expect(asManager.body).not.toContain(hook.json().id);
    expect(asManager.json().actions.notify).toMatchObject({ emailCount: 1, webhook: true });
    const list = await env.inject({ method: 'GET', url: '/api/v1/alert-rules', headers: env.a.as('storeManager') });
    expect(list.body).not.toContain('boss@corp.example');
    const asAdmin = await env.inject({ method: 'GET', url: '/api/v1/alert-rules', headers: env.a.as('admin') });
    expect(asAdmin.body).toContain('boss@corp.example');
  });

  it('an admin API key cannot create or promote admins, set passwords or mint keys', async () => {
    const { key } = (
      await env.inject({
        method: 'POST',
        url: '/api/v1/api-keys',
        headers: env.a.as('owner'),
        payload: { name: 'hr-sync', role: 'admin' },
      })
    ).json();
    const h = { authorization: `Bearer ${key}` };
    const mk = (role: string, extra: Record<string, unknown> = {}) =>
      env.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: h,
        payload: { email: `${role}-${Math.random()}@x.test`, name: 'N', role, orgUnitId: env.a.units.HQ.id, ...extra },
      });
    expect((await mk('admin')).statusCode).toBe(403);
    expect((await mk('owner')).statusCode).toBe(403);
    expect((await mk('analyst', { password: 'a-long-unique-pass-42' })).statusCode).toBe(403);
    const analyst = await mk('analyst');
    expect(analyst.statusCode).toBe(201);
    const promote = await env.inject({
      method: 'PATCH',
      url: `/api/v1/users/${analyst.json().id}`,
      headers: h,
      payload: { role: 'admin' },
    });
    expect(promote.statusCode).toBe(403);
    const touchAdmin = await env.inject({
      method: 'PATCH',
      url: `/api/v1/users/${env.a.users.admin.id}`,
      headers: h,
      payload: { name: 'x' },
    });
    expect(touchAdmin.statusCode).toBe(403);
    const mint = await env.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: h,
      payload: { name: 'more', role: 'admin' },
    });
    expect(mint.statusCode).toBe(403);
  });

  it('refuses common passwords with a reason in the user language', async () => {
    const change = (who: string, password: string) =>
      env.inject({
        method: 'POST',
        url: '/api/v1/me/password',
        headers: env.a.as(who),
        payload: { current: env.a.password, password },
      });
    await env.inject({ method: 'PATCH', url: '/api/v1/me', headers: env.a.as('viewer'), payload: { locale: 'en' } });
    await env.inject({ method: 'PATCH', url: '/api/v1/me', headers: env.a.as('agent'), payload: { locale: 'zh-CN' } });
    for (const weak of ['password123', 'Qwertyuiop', 'iloveyou2024!']) {
      const res = await change('viewer', weak);
      expect(res.statusCode, weak).toBe(422);
      expect(problem(res).invalidParams?.[0]).toMatchObject({
        name: 'password',
        reason: expect.stringMatching(/common/),
      });
    }
    const zh = await change('agent', '1234567890');
    expect(problem(zh).invalidParams?.[0].reason).toMatch(/常见/);
    const created = await env.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: env.a.as('admin'),
      payload: {
        email: `weak-${Math.random()}@x.test`,
        name: 'W',
        role: 'viewer',
        orgUnitId: env.a.units.HQ.id,
        password: 'sunshine123',
      },
    });
    expect(created.statusCode).toBe(422);
    expect((await change('viewer', 'violet-harbour-tram-19')).statusCode).toBe(204);
  });

  it('a stranger failing logins cannot lock the owner out; their own address is locked progressively', async () => {
    const login = (remoteAddress: string, password: string) =>
      env.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress,
        payload: { email: env.a.users.owner.email, password },
      });
    for (let i = 0; i < 5; i++) expect((await login('203.0.113.7', `guess-${i}-wrong`)).statusCode).toBe(401);
    const locked = await login('203.0.113.7', env.a.password);
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect((await login('198.51.100.1', env.a.password)).statusCode).toBe(200);
    env.t.clock.advance(61_000);
    expect((await login('203.0.113.7', 'guess-6-wrong')).statusCode).toBe(401);
    const longer = await login('203.0.113.7', env.a.password);
    expect(longer.statusCode).toBe(429);
    expect(Number(longer.headers['retry-after'])).toBeGreaterThan(60);
  });

  it('GET /surveys pages with a cursor: every survey exactly once, 422 for a forged cursor', async () => {
    for (let i = 0; i < 5; i++)
      await env.inject({
        method: 'POST',
        url: '/api/v1/surveys',
        headers: env.b.as('admin'),
        payload: { name: `page-${i}`, definition: { elements: [{ type: 'comment', name: 'c' }] }, bindings: {} },
      });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await env.inject({
        method: 'GET',
        url: `/api/v1/surveys?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        headers: env.b.as('admin'),
      });
      expect(res.statusCode).toBe(200);
      const page = res.json() as { items: Array<{ id: string }>; nextCursor: string | null };
      seen.push(...page.items.map((s) => s.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    const all = (await env.inject({ method: 'GET', url: '/api/v1/surveys', headers: env.b.as('admin') })).json();
    expect(all.nextCursor).toBeNull();
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(all.items.map((s: { id: string }) => s.id));
    expect(pages).toBeGreaterThanOrEqual(3);
    const bad = await env.inject({ method: 'GET', url: '/api/v1/surveys?cursor=nonsense', headers: env.b.as('admin') });
    expect(bad.statusCode).toBe(422);
    problem(bad);
  });
});
