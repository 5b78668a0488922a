import { randomUUID } from 'node:crypto';
import { ZAlertRuleResponse, ZNotificationResponse } from '@loopcx/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../platform/db.ts';
import { problem, setupTestSuite, type TestTenant } from '../../testing/harness.ts';
import { evaluateResponseRules } from './commands/evaluate-response-rules.ts';

const env = setupTestSuite();
let surveyId: string;
let versionId: string;

beforeAll(async () => {
  surveyId = randomUUID();
  versionId = randomUUID();
  const def = {
    elements: [
      { type: 'rating', name: 'nps', title: { default: 'Recommend?', 'zh-cn': '推荐意愿' }, rateMin: 0, rateMax: 10 },
      { type: 'comment', name: 'why', title: { default: 'Reason', 'zh-cn': '原因' } },
    ],
  };
  await env.t.ctx.db.execute(
    sql`INSERT INTO surveys (tenant_id, id, name, status, definition, bindings) VALUES (${env.a.tenantId}, ${surveyId}, '就餐满意度', 'live', ${JSON.stringify(def)}::jsonb, '{"nps":"nps"}'::jsonb)`,
  );
  await env.t.ctx.db.execute(
    sql`INSERT INTO survey_versions (tenant_id, id, survey_id, version, definition, bindings) VALUES (${env.a.tenantId}, ${versionId}, ${surveyId}, 1, ${JSON.stringify(def)}::jsonb, '{"nps":"nps"}'::jsonb)`,
  );
});

async function respond(nps: number, unit: keyof TestTenant['units'], extra: { customer?: string; why?: string } = {}) {
  const id = randomUUID();
  await env.t.ctx.db.execute(
    sql`INSERT INTO responses (tenant_id, id, survey_id, survey_version_id, org_unit_id, customer_ref, answers, scores, idempotency_key, body_hash, submitted_at)
        VALUES (${env.a.tenantId}, ${id}, ${surveyId}, ${versionId}, ${env.a.units[unit].id}, ${extra.customer ?? null},
                ${JSON.stringify({ nps, why: extra.why ?? '' })}::jsonb, ${JSON.stringify({ nps })}::jsonb, ${id}, 'h', now())`,
  );
  return id;
}

const rule = (over: Record<string, unknown> = {}) => ({
  kind: 'response',
  name: '贬损者预警',
  condition: { expression: '{nps} <= 6' },
  actions: {
    ticket: { priority: 'high', assign: 'unit_manager' },
    notify: { inApp: true, emails: ['cx@savor.example'] },
  },
  ...over,
});

describe('alert rules', () => {
  it('401, 403 for a manager, 422 for a bad expression or unknown scope, 404 across tenants', async () => {
    expect((await env.inject({ method: 'GET', url: '/api/v1/alert-rules' })).statusCode).toBe(401);
    expect(
      (await env.inject({ method: 'POST', url: '/api/v1/alert-rules', headers: env.a.as('manager'), payload: rule() }))
        .statusCode,
    ).toBe(403);
    const badExpr = await env.inject({
      method: 'POST',
      url: '/api/v1/alert-rules',
      headers: env.a.as('admin'),
      payload: rule({ condition: { expression: '{nps} <= ' } }),
    });
    expect(badExpr.statusCode).toBe(422);
    expect(problem(badExpr).invalidParams?.[0].name).toBe('condition.expression');
    const badScope = await env.inject({
      method: 'POST',
      url: '/api/v1/alert-rules',
      headers: env.a.as('admin'),
      payload: rule({ scope: { surveyIds: [randomUUID()] } }),
    });
    expect(problem(badScope).invalidParams?.[0].name).toBe('scope.surveyIds.0');
    const badKind = await env.inject({
      method: 'POST',
      url: '/api/v1/alert-rules',
      headers: env.a.as('admin'),
      payload: rule({ kind: 'psychic' }),
    });
    expect(badKind.statusCode).toBe(422);
    const metricNoThreshold = await env.inject({
      method: 'POST',
      url: '/api/v1/alert-rules',
      headers: env.a.as('admin'),
      payload: { ...rule(), kind: 'metric', condition: { metric: 'nps' } },
    });
    expect(metricNoThreshold.statusCode).toBe(422);
    const crossScope = await env.inject({
      method: 'POST',
      url: '/api/v1/alert-rules',
      headers: env.a.as('admin'),
      payload: rule({ scope: { orgUnitId: env.b.units.HQ.id } }),
    });
    expect(crossScope.statusCode).toBe(404);
  });

  it('a detractor response opens one routed ticket, notifies in-app and to the email outbox, and re-running is idempotent', async () => {
    const created = await env.inject({
      method: 'POST',
      url: '/api/v1/alert-rules',
      headers: env.a.as('admin'),
      payload: rule(),
    });
    expect(created.statusCode).toBe(201);
    const promoter = await respond(10, 'S1');
    const detractor = await respond(3, 'S1', { why: '上菜太慢了' });
    const tickets = await evaluateResponseRules(env.t.ctx, env.a.tenantId, [promoter, detractor]);
    expect(tickets).toHaveLength(1);
    expect(await evaluateResponseRules(env.t.ctx, env.a.tenantId, [promoter, detractor])).toHaveLength(0);
    const list = (
      await env.inject({
        method: 'GET',
        url: `/api/v1/tickets?responseId=${detractor}`,
        headers: env.a.as('storeManager'),
      })
    ).json().items;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      source: 'response',
      priority: 'high',
      assigneeId: env.a.users.storeManager.id,
      responseId: detractor,
      orgUnitId: env.a.units.S1.id,
      status: 'new',
    });
    expect(list[0].description).toBe('上菜太慢了');
    const inbox = (
      await env.inject({ method: 'GET', url: '/api/v1/notifications', headers: env.a.as('storeManager') })
    ).json().items;
    expect(inbox.length).toBeGreaterThan(0);
    const outbox = (
      await env.inject({ method: 'GET', url: '/api/v1/notifications?channel=email', headers: env.a.as('admin') })
    ).json().items;
    expect(outbox[0]).toMatchObject({ recipient: 'cx@savor.example', status: 'outbox' });
    // The email reads as question titles and answers in the tenant's language (zh-CN), not JSON.
    expect(outbox[0].body).toContain('推荐意愿: 3');
    expect(outbox[0].body).toContain('原因: 上菜太慢了');
    expect(outbox[0].body).not.toMatch(/[{}"]/);
  });

  it('one open ticket per customer per survey: a repeat detractor attaches to it', async () => {
    const first = await respond(2, 'S2', { customer: 'member-42' });
    const second = await respond(1, 'S2', { customer: 'member-42' });
    await evaluateResponseRules(env.t.ctx, env.a.tenantId, [first]);
    await evaluateResponseRules(env.t.ctx, env.a.tenantId, [second]);
    const [ticket] = (
      await env.inject({ method: 'GET', url: `/api/v1/tickets?responseId=${first}`, headers: env.a.as('admin') })
    ).json().items;
    expect(
      (
        await env.inject({ method: 'GET', url: `/api/v1/tickets?responseId=${second}`, headers: env.a.as('admin') })
      ).json().items,
    ).toHaveLength(0);
    const detail = (
      await env.inject({ method: 'GET', url: `/api/v1/tickets/${ticket.id}`, headers: env.a.as('admin') })
    ).json();
    expect(detail.events.map((e: { kind: string }) => e.kind)).toContain('alert_attached');
  });

  it('respects the rule scope and conditions over answers', async () => {
    await env.inject({
      method: 'POST',
      url: '/api/v1/alert-rules',
      headers: env.a.as('admin'),
      payload: rule({
        name: '食品安全',
        condition: { expression: "{comment} contains '食品安全'" },
        scope: { orgUnitId: env.a.units.R2.id },
        actions: { ticket: { priority: 'urgent', assign: 'unit_manager' } },
      }),
    });
    const inR2 = await respond(9, 'S3', { why: '发现食品安全问题' });
    const inR1 = await respond(9, 'S1', { why: '发现食品安全问题' });
    await evaluateResponseRules(env.t.ctx, env.a.tenantId, [inR2, inR1]);
    expect(
      (
        await env.inject({ method: 'GET', url: `/api/v1/tickets?responseId=${inR2}`, headers: env.a.as('admin') })
      ).json().items[0]?.priority,
    ).toBe('urgent');
    expect(
      (
        await env.inject({ method: 'GET', url: `/api/v1/tickets?responseId=${inR1}`, headers: env.a.as('admin') })
      ).json().items,
    ).toHaveLength(0);
  });

  it('detractors evaluated together: one numbered ticket each routed to its unit, a repeat customer in the same batch attaches', async () => {
    const s1 = await respond(1, 'S1');
    const s2 = await respond(2, 'S2');
    const s3 = await respond(3, 'S3');
    const repeatA = await respond(0, 'S2', { customer: 'member-batch' });
    const repeatB = await respond(4, 'S2', { customer: 'member-batch' });
    const promoter = await respond(10, 'S1');
    const created = await evaluateResponseRules(env.t.ctx, env.a.tenantId, [s1, s2, s3, repeatA, repeatB, promoter]);
    expect(created).toHaveLength(4);
    const ticketOf = async (responseId: string) =>
      (
        await env.inject({ method: 'GET', url: `/api/v1/tickets?responseId=${responseId}`, headers: env.a.as('admin') })
      ).json().items;
    const [t1] = await ticketOf(s1);
    const [t2] = await ticketOf(s2);
    const [t3] = await ticketOf(s3);
    expect(t1.assigneeId).toBe(env.a.users.storeManager.id); // S1's own manager
    expect(t2.assigneeId).toBe(env.a.users.manager.id); // S2 has none: the region manager above it
    expect(t3.assigneeId).toBeNull(); // nobody manages R2 in the test tenant
    expect(await ticketOf(promoter)).toHaveLength(0);
    expect(await ticketOf(repeatB)).toHaveLength(0);
    const [repeat] = await ticketOf(repeatA);
    const detail = (
      await env.inject({ method: 'GET', url: `/api/v1/tickets/${repeat.id}`, headers: env.a.as('admin') })
    ).json();
    expect(detail.events.map((e: { kind: string }) => e.kind)).toEqual(
      expect.arrayContaining(['created', 'alert_attached']),
    );
    const numbers = [t1, t2, t3, repeat]
      .map((t: { number: string }) => Number(String(t.number).replace(/\D/g, '')))
      .sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(4);
    expect(numbers[3] - numbers[0]).toBe(3);
    expect(await evaluateResponseRules(env.t.ctx, env.a.tenantId, [s1, s2, s3, repeatA, repeatB])).toHaveLength(0);
  });
});

describe('response contracts', () => {
  it('rules and notifications answer the declared fields only (no tenant id) with ISO times, documented in OpenAPI', async () => {
    const rules = (await env.inject({ method: 'GET', url: '/api/v1/alert-rules', headers: env.a.as('admin') })).json()
      .items as Array<Record<string, unknown>>;
    expect(rules.length).toBeGreaterThan(0);
    for (const r of rules) expect(Object.keys(r).sort()).toEqual(Object.keys(ZAlertRuleResponse.shape).sort());
    const inbox = (
      await env.inject({ method: 'GET', url: '/api/v1/notifications', headers: env.a.as('storeManager') })
    ).json().items as Array<Record<string, unknown>>;
    expect(inbox.length).toBeGreaterThan(0);
    for (const n of inbox) {
      expect(Object.keys(n).sort()).toEqual(Object.keys(ZNotificationResponse.shape).sort());
      expect(n.createdAt).toBe(new Date(String(n.createdAt)).toISOString());
    }
    const doc = (await env.inject({ method: 'GET', url: '/api/docs' })).json();
    const answer = doc.paths['/api/v1/alert-rules/{id}'].get.responses['200'].content['application/json'].schema;
    expect(Object.keys(answer.properties).sort()).toEqual(Object.keys(ZAlertRuleResponse.shape).sort());
  });
});
