import { randomUUID } from 'node:crypto';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db.ts';
import { createTestApp, createTestTenant, type TestApp } from '../../testing/harness.ts';
import { DEMO_KEY_NAME } from './demo-page.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

/** Moves any demo tenant out of the way (the shared PostgreSQL database may hold one from another test file). */
const hideDemo = () =>
  t.ctx.db.execute(
    sql`UPDATE tenants SET slug = 'savor-old-' || substr(md5(random()::text), 1, 8) WHERE slug = 'savor'`,
  );

describe('GET /sdk/demo', () => {
  it('is a 404 page in Chinese and English when the demo tenant is not seeded', async () => {
    await hideDemo();
    const res = await t.app.inject({ method: 'GET', url: '/sdk/demo' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('演示不可用');
    expect(res.body).toContain('Demo not available');
  });

  it('serves the demo shop with the demo tenant\'s "官网 Web" key and its members, under the server CSP', async () => {
    await hideDemo();
    const demo = await createTestTenant(t.ctx, { slug: 'savor' });
    const key = `pk_demo_${randomUUID().replace(/-/g, '')}`;
    // A key of the same name elsewhere, and a revoked one, are not picked.
    const other = await createTestTenant(t.ctx);
    for (const [tenant, k, revoked] of [
      [other.tenantId, `pk_other_${randomUUID().replace(/-/g, '')}`, false],
      [demo.tenantId, `pk_revoked_${randomUUID().replace(/-/g, '')}`, true],
      [demo.tenantId, key, false],
    ] as const) {
      await t.ctx.db.execute(
        sql`INSERT INTO sdk_keys (tenant_id, id, name, key, allowed_origins, allowed_event_types, org_unit_id, revoked_at)
            VALUES (${tenant}, ${randomUUID()}, ${DEMO_KEY_NAME}, ${k}, ARRAY['http://localhost:3000']::text[],
                    ARRAY['payment.failed']::text[], ${tenant === demo.tenantId ? demo.units.HQ.id : other.units.HQ.id},
                    ${revoked ? new Date().toISOString() : null}::timestamptz)`,
      );
    }
    const customer = randomUUID();
    await t.ctx.db.execute(
      sql`INSERT INTO customers (tenant_id, id, display_name, attributes, first_seen_at, created_at, updated_at)
          VALUES (${demo.tenantId}, ${customer}, '王芳 Wang Fang', '{}'::jsonb, now(), now(), now())`,
    );
    await t.ctx.db.execute(
      sql`INSERT INTO customer_identities (tenant_id, kind, value, display, customer_id)
          VALUES (${demo.tenantId}, 'member', 'M-10086', 'M-10086', ${customer})`,
    );

    const res = await t.app.inject({ method: 'GET', url: '/sdk/demo' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain(`<script src="/sdk/demo.js" data-key="${key}"></script>`);
    expect(res.body).toContain('<script src="/sdk/v1/loopcx.js"></script>');
    expect(res.body).not.toContain('pk_other_');
    expect(res.body).not.toContain('pk_revoked_');
    expect(res.body).toMatch(/<input id="demo-member"[^>]* value="M-10086" data-testid="demo-login-input">/);
    for (const id of ['demo-login', 'demo-pay', 'demo-status']) expect(res.body).toContain(`data-testid="${id}"`);
    expect(res.body).toContain('<div id="loopcx-survey"></div>');
    // No inline script: every <script> has a src, which the default CSP (script-src 'self') allows.
    expect(res.body.match(/<script(?![^>]*\ssrc=)[^>]*>/g)).toBeNull();
    expect(res.headers['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
  });
});

describe('GET /sdk/demo.js', () => {
  it('initialises the SDK with the key of its script tag, identifies the member and tracks failed payments', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/sdk/demo.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    const calls: unknown[][] = [];
    const els: Record<string, any> = {};
    const listeners: Record<string, () => void> = {};
    const el = (id: string) => {
      els[id] ??= {
        value: id === 'demo-member' ? ' M-10086 ' : '',
        textContent: '',
        className: '',
        addEventListener: (_t: string, fn: () => void) => {
          listeners[id] = fn;
        },
      };
      return els[id];
    };
    const sandbox = {
      document: {
        currentScript: { getAttribute: () => 'pk_demo_key' },
        getElementById: el,
        querySelectorAll: () => [],
      },
      window: {} as Record<string, unknown>,
      loopcx: {
        init: (...a: unknown[]) => calls.push(['init', ...a]),
        identify: (...a: unknown[]) => calls.push(['identify', ...a]),
        track: (...a: unknown[]) => calls.push(['track', ...a]),
      },
      Date,
      Number,
      String,
    };
    sandbox.window.loopcx = sandbox.loopcx;
    runInNewContext(res.body, sandbox);
    listeners['demo-login']();
    listeners['demo-pay']();
    listeners['demo-pay']();
    expect(calls[0]).toEqual(['init', { key: 'pk_demo_key' }]);
    expect(calls[1]).toEqual(['identify', { externalId: 'M-10086' }]);
    expect(calls.slice(2).map((c) => [c[0], c[1], (c[2] as { reason: string }).reason])).toEqual([
      ['track', 'payment.failed', 'card_declined'],
      ['track', 'payment.failed', 'timeout'],
    ]);
    expect(calls[2][2]).toMatchObject({ orderId: expect.stringMatching(/^W[0-9A-Z]+$/), amount: 32 });
    expect(els['demo-status'].textContent).toMatch(/第 2 次 · Payment failed \(timeout\), attempt 2/);
  });
});
