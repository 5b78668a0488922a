import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { one, sql } from '../../platform/db.ts';
import { createTestApp, createTestTenant, type TestApp, type TestTenant } from '../../testing/harness.ts';
import { signUnsubscribeToken } from './tokens.ts';

// The unsubscribe link as mail clients use it: RFC 8058 one-click (a form POST of `List-Unsubscribe=One-Click`).
let app: TestApp;
let a: TestTenant;
let surveyId: string;

/** A sent invitation of a fresh customer, and its unsubscribe path. */
const invitation = async () => {
  const customer = (
    await app.app.inject({
      method: 'POST',
      url: '/api/v1/customers',
      headers: a.as('admin'),
      payload: { identities: [{ kind: 'member', value: `U-${randomUUID().slice(0, 8)}` }] },
    })
  ).json().id as string;
  const id = randomUUID();
  await app.ctx.db.execute(
    sql`INSERT INTO invitations (tenant_id, id, survey_id, customer_id, status, sent_at, sends)
        VALUES (${a.tenantId}, ${id}, ${surveyId}, ${customer}, 'sent', now(), 1)`,
  );
  return { customer, path: `/u/${signUnsubscribeToken(app.ctx.config.secret, a.tenantId, id)}` };
};

const optedOut = async (customer: string) =>
  (await one<{ opted_out_at: Date | null }>(app.ctx.db, sql`SELECT opted_out_at FROM customers WHERE id = ${customer}`))
    ?.opted_out_at ?? null;

beforeAll(async () => {
  app = await createTestApp();
  a = await createTestTenant(app.ctx);
  surveyId = (
    await app.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: a.as('admin'),
      payload: { name: 'u', definition: { elements: [{ type: 'comment', name: 'c' }] } },
    })
  ).json().id;
});
afterAll(async () => app?.close());

describe('RFC 8058 one-click unsubscribe', () => {
  it('a form POST of List-Unsubscribe=One-Click (urlencoded, no Origin, as mail providers send it) opts out at once', async () => {
    const { customer, path } = await invitation();
    const res = await app.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('已退订');
    expect(await optedOut(customer)).not.toBeNull();
  });

  it('the multipart form RFC 8058 also allows, and the confirmation page’s own empty form POST, both opt out', async () => {
    const one = await invitation();
    const boundary = 'x-loopcx-test';
    const res = await app.app.inject({
      method: 'POST',
      url: one.path,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`,
    });
    expect(res.statusCode).toBe(200);
    expect(await optedOut(one.customer)).not.toBeNull();
    const two = await invitation();
    const button = await app.app.inject({
      method: 'POST',
      url: two.path,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '0' },
    });
    expect(button.statusCode).toBe(200);
    expect(await optedOut(two.customer)).not.toBeNull();
  });

  it('a forged link is 404 for a form POST too and opts no one out; other form routes stay 415', async () => {
    const { customer, path } = await invitation();
    const forged = await app.app.inject({
      method: 'POST',
      url: `${path.slice(0, -4)}AAAA`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(forged.statusCode).toBe(404);
    expect(await optedOut(customer)).toBeNull();
    const elsewhere = await app.app.inject({
      method: 'POST',
      url: '/api/v1/public/unsubscribe/x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(elsewhere.statusCode).toBe(415);
  });
});
