import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, createTestTenant, injector, type TestApp, type TestTenant } from '../testing/harness.ts';
import { sql } from './db.ts';
import { createHttp } from './http.ts';
import { runDueJobs } from './jobs.ts';
import { loggableUrl } from './log-safety.ts';

/**
 * "Secrets never in logs" (issue 16): the app runs at `debug` with every log line captured, the normal flows carry
 * passwords, API keys, session cookies, survey tokens, phone numbers and emails, and no line may hold any of them.
 */
const lines: string[] = [];
const stream = { write: (line: string) => void lines.push(line) };
let t: TestApp;
let a: TestTenant;
let inject: ReturnType<typeof injector>;
const consoleLines: string[] = [];

beforeAll(async () => {
  t = await createTestApp({ config: { logLevel: 'debug' }, logStream: stream });
  a = await createTestTenant(t.ctx);
  inject = injector(t);
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const)
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      consoleLines.push(args.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(' '));
    });
});
afterAll(async () => {
  vi.restoreAllMocks();
  await t?.close();
});

const PHONE = '13987654321';
const EMAIL = 'zhang.wei.secret@example.cn';
const ALERT_EMAIL = 'cx-lead.secret@example.cn';
const NEW_PASSWORD = 'violet-tiger-umbrella-42';

describe('secrets never reach a log line at debug level', () => {
  it('login, API keys, survey tokens, identities, alert emails and customer search leave no secret in any log', async () => {
    const secrets: string[] = [a.password, PHONE, EMAIL, ALERT_EMAIL, NEW_PASSWORD];
    const login = await inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { tenant: a.slug, email: a.users.admin.email, password: a.password },
    });
    expect(login.statusCode).toBe(200);
    const cookie = String(login.headers['set-cookie']).split(';')[0];
    secrets.push(cookie.split('=')[1]);
    const wrong = await inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { tenant: a.slug, email: a.users.admin.email, password: 'wrong-horse-battery-x' },
    });
    expect(wrong.statusCode).toBe(401);
    secrets.push('wrong-horse-battery-x');
    const pw = await inject({
      method: 'POST',
      url: '/api/v1/me/password',
      // A cookie session's writes carry the console's Origin (CSRF check).
      headers: { cookie, origin: t.ctx.config.publicUrl },
      payload: { current: a.password, password: NEW_PASSWORD },
    });
    expect(pw.statusCode).toBeLessThan(300);

    const admin = a.as('owner');
    const key = (
      await inject({ method: 'POST', url: '/api/v1/api-keys', headers: admin, payload: { name: 'pos' } })
    ).json().key as string;
    secrets.push(key);
    const bearer = { authorization: `Bearer ${key}` };

    const def = {
      elements: [
        { type: 'rating', name: 'nps', rateMin: 0, rateMax: 10, isRequired: true },
        { type: 'comment', name: 'why' },
      ],
    };
    const survey = (
      await inject({
        method: 'POST',
        url: '/api/v1/surveys',
        headers: admin,
        payload: { name: 'NPS', definition: def, bindings: { nps: 'nps' } },
      })
    ).json();
    await inject({ method: 'POST', url: `/api/v1/surveys/${survey.id}/publish`, headers: admin });
    const rule = await inject({
      method: 'POST',
      url: '/api/v1/alert-rules',
      headers: admin,
      payload: {
        kind: 'response',
        name: 'detractors',
        condition: { expression: '{nps} <= 6' },
        actions: { ticket: { priority: 'high', assign: 'unit_manager' }, notify: { emails: [ALERT_EMAIL] } },
      },
    });
    expect(rule.statusCode).toBe(201);

    const link = await inject({
      method: 'POST',
      url: `/api/v1/surveys/${survey.id}/links`,
      headers: bearer,
      payload: {
        customer: { externalId: 'M-1001', name: '张伟', phone: PHONE, email: EMAIL },
        orgUnitId: a.units.S1.id,
        context: { orderId: 'A-77', phone: PHONE },
      },
    });
    expect(link.statusCode).toBe(201);
    const token = link.json().token as string;
    secrets.push(token);
    expect((await inject({ method: 'GET', url: `/api/v1/public/surveys/${token}` })).statusCode).toBe(200);
    await inject({ method: 'GET', url: `/s/${token}` });
    const submitted = await inject({
      method: 'POST',
      url: '/api/v1/responses',
      payload: { token, answers: { nps: 2, why: `call me ${PHONE}` }, idempotencyKey: 'log-test-0001' },
    });
    expect(submitted.statusCode).toBe(201);
    const refused = await inject({
      method: 'POST',
      url: '/api/v1/responses',
      payload: { token: `${token.slice(0, -3)}xyz`, answers: { nps: 2 }, idempotencyKey: 'log-test-0002' },
    });
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);

    const customer = await inject({
      method: 'POST',
      url: '/api/v1/customers',
      headers: bearer,
      payload: {
        identities: [
          { kind: 'phone', value: PHONE },
          { kind: 'email', value: EMAIL },
        ],
      },
    });
    expect(customer.statusCode).toBe(201);
    const found = await inject({ method: 'GET', url: `/api/v1/customers?q=${PHONE}`, headers: admin });
    expect(found.statusCode).toBe(200);
    await inject({ method: 'GET', url: `/api/v1/customers?q=${encodeURIComponent(EMAIL)}`, headers: admin });

    // The response's listeners: alert → ticket → the alert emails (to the outbox: no SMTP in tests): the rule's
    // address and the store manager the ticket went to (email is on for alerts by default).
    for (let i = 0; i < 5 && (await runDueJobs(t.ctx, undefined, { tenantIds: [a.tenantId] })) > 0; i++);
    const outbox = await t.ctx.db.execute(
      sql`SELECT count(*)::int AS n FROM notifications WHERE tenant_id = ${a.tenantId} AND channel = 'email'`,
    );
    expect(JSON.stringify(outbox)).toMatch(/"n":2\b/);

    // Every request was logged at debug (the check has something to look at), and no line holds a secret.
    expect(lines.filter((l) => l.includes('incoming request')).length).toBeGreaterThanOrEqual(12);
    const all = [...lines, ...consoleLines];
    for (const secret of secrets)
      for (const line of all) expect(line.includes(secret), `a log line holds ${secret}: ${line}`).toBe(false);
  });

  it('a failed query is logged without its bound values', async () => {
    const out: string[] = [];
    const app = await createHttp({
      bodyLimit: 1024,
      publicUrl: 'http://127.0.0.1',
      logLevel: 'debug',
      logStream: { write: (l) => void out.push(l) },
    });
    app.get('/boom', async () => {
      await t.ctx.db.execute(sql`SELECT loopcx_no_such_function(${PHONE})`);
      return {};
    });
    const res = await app.inject({ method: 'GET', url: '/boom' });
    expect(res.statusCode).toBe(500);
    const logged = out.join('\n');
    expect(logged).toMatch(/Failed query: SELECT/);
    expect(logged).not.toContain(PHONE);
    await app.close();
  });

  it('URLs in logs keep their shape, not their tokens or query values', () => {
    expect(loggableUrl('/s/eyJhbGciOi.abc')).toBe('/s/…');
    expect(loggableUrl('/api/v1/public/surveys/tok123?x=1')).toBe('/api/v1/public/surveys/…?x=…');
    expect(loggableUrl(`/api/v1/customers?q=${PHONE}&limit=5`)).toBe('/api/v1/customers?q=…&limit=…');
    expect(loggableUrl('/api/v1/surveys/0190a7c2-7d1e-7a00-8000-000000000001/links')).toBe(
      '/api/v1/surveys/0190a7c2-7d1e-7a00-8000-000000000001/links',
    );
    expect(loggableUrl(`/api/v1/x/${'k'.repeat(40)}`)).toBe('/api/v1/x/…');
  });
});
