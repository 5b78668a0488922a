import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows, sql } from '../../platform/db.ts';
import { runDueJobs } from '../../platform/jobs.ts';
import { createTestApp, createTestTenant, problem, type TestApp, type TestTenant } from '../../testing/harness.ts';
import { evaluateEvents } from './commands/evaluate-events.ts';

// A gateway on loopback (allow-listed for this suite) that accepts every invitation.
const receiver = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.statusCode = 200;
    res.end('{}');
  });
});

let app: TestApp;
let a: TestTenant;
let b: TestTenant;
let surveyId: string;
let otherSurveyId: string;
let triggerId: string;

const call = (
  t: TestTenant,
  user: string,
  method: 'GET' | 'PUT' | 'DELETE' | 'PATCH' | 'POST',
  path: string,
  payload?: unknown,
) =>
  app.app.inject({
    method,
    url: `/api/v1${path}`,
    headers: t.as(user),
    ...(payload === undefined ? {} : { payload: payload as never }),
  });

let seq = 0;
const order = (customer: string) => ({
  type: 'order.completed',
  orgUnitCode: a.units.S1.code,
  customer,
  properties: { amount: 10 },
  idempotencyKey: `sp-${++seq}`,
});

const ingest = async (events: unknown[]) => {
  app.clock.advance(1000);
  const res = await call(a, 'admin', 'POST', '/events/batch', { events });
  expect(res.statusCode).toBe(200);
  return res.json().results.map((r: { id: string }) => r.id) as string[];
};

const drain = async () => {
  while ((await runDueJobs(app.ctx, undefined, { tenantIds: [a.tenantId, b.tenantId] })) > 0);
};

const statuses = async (customer: string) =>
  (
    (await call(a, 'admin', 'GET', `/invitations?customer=${customer}&limit=500`)).json().items as Array<{
      status: string;
      reason: string | null;
    }>
  ).map((i) => [i.status, i.reason]);

const survey = async (name: string) => {
  const id = (
    await call(a, 'admin', 'POST', '/surveys', {
      name,
      definition: { elements: [{ type: 'rating', name: 'nps', rateMin: 0, rateMax: 10 }] },
      bindings: { nps: 'nps' },
    })
  ).json().id as string;
  expect((await call(a, 'admin', 'POST', `/surveys/${id}/publish`)).statusCode).toBe(200);
  return id;
};

beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/gateway`;
  app = await createTestApp({ config: { outboundAllow: ['127.0.0.1/32'] } });
  a = await createTestTenant(app.ctx);
  b = await createTestTenant(app.ctx);
  surveyId = await survey('订单回访');
  otherSurveyId = await survey('其他问卷');
  const channelId = (await call(a, 'admin', 'POST', '/channels', { kind: 'webhook', name: 'gw', url })).json().id;
  triggerId = (
    await call(a, 'admin', 'POST', '/triggers', { name: 'orders', eventType: 'order.completed', surveyId, channelId })
  ).json().id;
});

afterAll(async () => {
  await app?.close();
  await new Promise((resolve) => receiver.close(resolve));
});

describe('per-survey contact-policy override', () => {
  it('401, 403 for roles that may not manage Reach, 422 naming the field, 404 for another tenant’s survey', async () => {
    expect(
      (await app.app.inject({ method: 'GET', url: `/api/v1/surveys/${surveyId}/contact-policy` })).statusCode,
    ).toBe(401);
    expect((await call(a, 'analyst', 'GET', `/surveys/${surveyId}/contact-policy`)).statusCode).toBe(403);
    expect((await call(a, 'manager', 'PUT', `/surveys/${surveyId}/contact-policy`, {})).statusCode).toBe(403);
    for (const [body, field] of [
      [{ maxInvitations: { count: 0, days: 7 } }, 'maxInvitations.count'],
      [{ minDaysBetween: -1 }, 'minDaysBetween'],
      [{ often: true }, ''],
    ] as const) {
      const res = await call(a, 'admin', 'PUT', `/surveys/${surveyId}/contact-policy`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      if (field)
        expect(
          problem(res)
            .invalidParams?.map((p) => p.name)
            .join(),
        ).toContain(field);
    }
    for (const method of ['GET', 'PUT', 'DELETE'] as const)
      expect(
        (await call(b, 'owner', method, `/surveys/${surveyId}/contact-policy`, method === 'PUT' ? {} : undefined))
          .statusCode,
      ).toBe(404);
  });

  it('answers the override, the tenant policy and what applies; removing it restores the tenant’s', async () => {
    await call(a, 'admin', 'PUT', '/contact-policy', { minDaysBetween: 30, suppressWhileTicketOpen: true });
    const put = await call(a, 'admin', 'PUT', `/surveys/${surveyId}/contact-policy`, {
      maxInvitations: { count: 1, days: 7 },
      minDaysBetween: null,
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({
      override: { maxInvitations: { count: 1, days: 7 }, minDaysBetween: null },
      tenant: { minDaysBetween: 30, suppressWhileTicketOpen: true },
      effective: { maxInvitations: { count: 1, days: 7 }, minDaysBetween: null, suppressWhileTicketOpen: true },
    });
    const other = (await call(a, 'admin', 'GET', `/surveys/${otherSurveyId}/contact-policy`)).json();
    expect(other).toMatchObject({ override: null, effective: { minDaysBetween: 30 } });
    const audit = await rows<{ action: string }>(
      app.ctx.db,
      sql`SELECT action FROM audit_log WHERE tenant_id = ${a.tenantId} AND target_id = ${surveyId} AND action LIKE 'survey.contact_policy%'`,
    );
    expect(audit.map((r) => r.action)).toEqual(['survey.contact_policy.update']);
    await call(a, 'admin', 'PUT', '/contact-policy', {});
  });

  it('CONCURRENCY with the override in force: 100 events for one customer at once under "1 per 7 days" → 1 sent, 99 `frequency`', async () => {
    // The tenant has no limit; only the survey's override says 1 per 7 days.
    expect((await call(a, 'admin', 'GET', '/contact-policy')).json().maxInvitations).toBeNull();
    const ids = await ingest(Array.from({ length: 100 }, () => order('SP-1')));
    // Each event decided by its own transaction, all at once (on PostgreSQL they really run in parallel).
    await Promise.all(ids.map((id) => evaluateEvents(app.ctx, a.tenantId, [id])));
    await drain();
    const list = await statuses('SP-1');
    expect(list).toHaveLength(100);
    expect(list.filter(([s]) => s === 'sent')).toHaveLength(1);
    expect(list.filter(([s, r]) => s === 'suppressed' && r === 'frequency')).toHaveLength(99);
  });

  it('a trigger’s own override wins over the survey’s; without the survey override the tenant policy applies', async () => {
    await call(a, 'admin', 'PATCH', `/triggers/${triggerId}`, { policy: { maxInvitations: { count: 2, days: 7 } } });
    await ingest([order('SP-2')]);
    await drain();
    await ingest([order('SP-2')]);
    await drain();
    await ingest([order('SP-2')]);
    await drain();
    expect(await statuses('SP-2')).toEqual([
      ['suppressed', 'frequency'],
      ['sent', null],
      ['sent', null],
    ]);
    await call(a, 'admin', 'PATCH', `/triggers/${triggerId}`, { policy: null });
    expect((await call(a, 'admin', 'DELETE', `/surveys/${surveyId}/contact-policy`)).json().override).toBeNull();
    await ingest([order('SP-3')]);
    await drain();
    await ingest([order('SP-3')]);
    await drain();
    expect(await statuses('SP-3')).toEqual([
      ['sent', null],
      ['sent', null],
    ]);
  });
});
