import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { one, sql } from '../../platform/db.ts';
import { setupTestSuite, type TestTenant } from '../../testing/harness.ts';

// Issue 18 acceptance: a negative feedback item from an inbound connector opens a ticket; replies close the loop.
const env = setupTestSuite();
const drain = async () => {
  while ((await env.runJobs()) > 0);
};
const call = (t: TestTenant, user: string, method: 'GET' | 'POST' | 'PATCH', path: string, payload?: unknown) =>
  env.inject({
    method,
    url: `/api/v1${path}`,
    headers: t.as(user),
    ...(payload === undefined ? {} : { payload: payload as never }),
  });

function post(connectorId: string, secret: string, body: unknown) {
  const raw = JSON.stringify(body);
  const id = `msg_${Math.random().toString(36).slice(2)}`;
  const at = new Date();
  return env.inject({
    method: 'POST',
    url: `/api/v1/inbound/${connectorId}`,
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign(id, at, raw),
    },
    payload: raw,
  });
}

async function weiboConnector(t: TestTenant) {
  const res = await call(t, 'admin', 'POST', '/feedback-connectors', {
    kind: 'webhook',
    name: '微博舆情',
    source: 'social',
    channel: '微博',
    mapping: {
      text: 'content',
      externalId: 'mid',
      author: 'user',
      orgUnitCode: 'store',
      customerRef: 'member',
      rating: 'stars',
    },
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; secret: string };
}

describe('feedback in the loop', () => {
  it('a negative post from the inbound connector opens a ticket through a feedback rule, once', async () => {
    const { a } = env;
    const rule = await call(a, 'admin', 'POST', '/alert-rules', {
      kind: 'feedback',
      name: '微博差评',
      condition: { sources: ['social'], sentiments: ['negative'] },
      actions: { ticket: { priority: 'high', assign: 'unit_manager' }, notify: { inApp: true } },
    });
    expect(rule.statusCode).toBe(201);
    expect(rule.json()).toMatchObject({ kind: 'feedback', condition: { sentiments: ['negative'] } });
    const c = await weiboConnector(a);
    const res = await post(c.id, c.secret, {
      mid: 'wb-neg-1',
      content: '太差了！服务员态度恶劣，菜是冷的，再也不来了',
      user: '吃货小王',
      store: a.units.S1.code,
      member: 'M-77',
    });
    expect(res.json()).toMatchObject({ stored: 1 });
    const happy = await post(c.id, c.secret, {
      mid: 'wb-pos-1',
      content: '非常好吃，服务很棒，推荐！',
      store: a.units.S1.code,
    });
    expect(happy.json()).toMatchObject({ stored: 1 });
    await drain();

    const tickets = (await call(a, 'admin', 'GET', '/tickets?limit=100')).json().items;
    const fromFeedback = tickets.filter((t: { source: string }) => t.source === 'feedback');
    expect(fromFeedback).toHaveLength(1);
    const feedback = (await call(a, 'admin', 'GET', '/feedback?q=wb-neg-1')).json();
    const item = (await call(a, 'admin', 'GET', '/feedback?q=服务员态度恶劣')).json().items[0];
    expect(feedback.items).toHaveLength(0);
    expect(item.analysis.sentiment).toBe('negative');
    expect(fromFeedback[0]).toMatchObject({ feedbackId: item.id, priority: 'high', orgUnit: { id: a.units.S1.id } });
    expect(fromFeedback[0].title).toContain('微博差评');

    // The store's manager (the ticket's assignee) has one feedback alert in the bell, linking the ticket.
    const bell = async (user: string) =>
      (await call(a, user, 'GET', '/notifications'))
        .json()
        .items.filter((n: { kind: string }) => n.kind === 'alert.feedback');
    const rung = await bell('storeManager');
    expect(rung).toHaveLength(1);
    expect(rung[0]).toMatchObject({ link: `/tickets/${fromFeedback[0].id}`, channel: 'in_app' });
    expect(rung[0].subject).toContain('微博差评');
    expect(await bell('analyst')).toEqual([]);

    // Re-running the rules (a retried job) opens nothing twice.
    const { evaluateFeedbackRules } = await import('../alerts/commands/evaluate-feedback-rules.ts');
    expect(await evaluateFeedbackRules(env.t.ctx, a.tenantId, [item.id])).toEqual([]);
    expect(await bell('storeManager')).toHaveLength(1);
    // The other tenant's rules never see this tenant's items.
    expect((await call(env.b, 'admin', 'GET', '/tickets?limit=100')).json().items).toHaveLength(0);
  });

  it('feedback rules match channel, rating, keywords and topics; bad conditions are 422', async () => {
    const { a } = env;
    const rule = await call(a, 'admin', 'POST', '/alert-rules', {
      kind: 'feedback',
      name: '低分含关键词',
      condition: { channels: ['微博'], ratingAtMost: 2, keywords: ['食物中毒', '异物'] },
      actions: { ticket: { priority: 'urgent', assign: 'unit_manager' } },
    });
    expect(rule.statusCode).toBe(201);
    const c = await weiboConnector(a);
    await post(c.id, c.secret, { mid: 'k-1', content: '汤里有异物', stars: 1, store: a.units.S2.code });
    await post(c.id, c.secret, { mid: 'k-2', content: '汤里有异物', stars: 4, store: a.units.S2.code });
    await post(c.id, c.secret, { mid: 'k-3', content: '上菜慢', stars: 1, store: a.units.S2.code });
    await drain();
    const urgent = (await call(a, 'admin', 'GET', '/tickets?limit=100'))
      .json()
      .items.filter((t: { priority: string; source: string }) => t.source === 'feedback' && t.priority === 'urgent');
    expect(urgent).toHaveLength(1);
    expect(urgent[0].title).toContain('汤里有异物');

    const empty = await call(a, 'admin', 'POST', '/alert-rules', {
      kind: 'feedback',
      name: 'x',
      condition: {},
      actions: { ticket: null },
    });
    expect(empty.statusCode).toBe(422);
    const wrong = await call(a, 'admin', 'POST', '/alert-rules', {
      kind: 'feedback',
      name: 'x',
      condition: { sentiments: ['angry'] },
      actions: {},
    });
    expect(wrong.statusCode).toBe(422);
    const id = rule.json().id;
    expect(
      (await call(a, 'admin', 'PATCH', `/alert-rules/${id}`, { condition: { ratingAtMost: 20 } })).statusCode,
    ).toBe(422);
    expect(
      (await call(a, 'admin', 'PATCH', `/alert-rules/${id}`, { condition: { topics: ['服务'] } })).statusCode,
    ).toBe(200);
  });

  it('a reply is recorded on the item and the customer timeline, and counts in reply coverage by channel and unit', async () => {
    const { a, b } = env;
    const item = (await call(a, 'admin', 'GET', '/feedback?q=服务员态度恶劣')).json().items[0];
    expect((await call(a, 'viewer', 'POST', `/feedback/${item.id}/replies`, { text: '抱歉' })).statusCode).toBe(403);
    expect((await call(b, 'admin', 'POST', `/feedback/${item.id}/replies`, { text: '抱歉' })).statusCode).toBe(404);
    expect((await call(a, 'admin', 'POST', `/feedback/${item.id}/replies`, { text: '  ' })).statusCode).toBe(422);
    const res = await call(a, 'storeManager', 'POST', `/feedback/${item.id}/replies`, {
      text: '非常抱歉给您带来不好的体验，店长已联系您，下次到店赠送甜品。',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ channel: '微博', author: { id: a.users.storeManager.id } });
    const replies = (await call(a, 'admin', 'GET', `/feedback/${item.id}/replies`)).json().items;
    expect(replies).toHaveLength(1);
    // A store manager of another branch does not see the item.
    expect((await call(a, 'manager', 'GET', `/feedback/${item.id}/replies`)).statusCode).toBe(200);

    await call(a, 'admin', 'POST', '/customers/resolve', {});
    const customer = await one<{ customer_id: string }>(
      env.t.ctx.db,
      sql`SELECT customer_id FROM customer_identities WHERE tenant_id = ${a.tenantId} AND kind = 'member' AND value = 'M-77'`,
    );
    const timeline = (await call(a, 'admin', 'GET', `/customers/${customer!.customer_id}/timeline`)).json().items;
    const entry = timeline.find((t: { kind: string; id: string }) => t.kind === 'feedback' && t.id === item.id);
    expect(entry.replies).toHaveLength(1);
    expect(entry.replies[0]).toMatchObject({ channel: '微博' });
    expect(entry.replies[0].text).toContain('非常抱歉');

    const cov = (await call(a, 'admin', 'GET', '/feedback/reply-coverage?slaHours=24')).json();
    const weibo = cov.channels.find((c: { channel: string }) => c.channel === '微博');
    expect(weibo.replied).toBe(1);
    expect(weibo.withinSla).toBe(1);
    const s1 = cov.rows.find(
      (r: { channel: string; orgUnit: { id: string } | null }) =>
        r.channel === '微博' && r.orgUnit?.id === a.units.S1.id,
    );
    expect(s1).toMatchObject({ items: 2, replied: 1, withinSla: 1 });
    // Negative items only: the one negative post, answered.
    const neg = (
      await call(a, 'admin', 'GET', `/feedback/reply-coverage?negativeOnly=true&orgUnitId=${a.units.S1.id}`)
    ).json();
    expect(neg.total).toMatchObject({ items: 1, replied: 1, withinSla: 1, coverage: 1 });
    // Past a one-hour SLA, the unanswered item is late: coverage falls.
    env.t.clock.advance(2 * 3600_000);
    const later = (
      await call(a, 'admin', 'GET', `/feedback/reply-coverage?slaHours=1&orgUnitId=${a.units.S1.id}`)
    ).json();
    expect(later.total.open).toBe(0);
    expect(later.total.coverage).toBeCloseTo(1 / 2);
    expect((await call(a, 'admin', 'GET', '/feedback/reply-coverage?slaHours=0')).statusCode).toBe(422);
    expect(
      (await call(a, 'storeManager', 'GET', `/feedback/reply-coverage?orgUnitId=${a.units.S3.id}`)).statusCode,
    ).toBe(404);
    expect((await call(b, 'admin', 'GET', '/feedback/reply-coverage')).json().total.items).toBe(0);
  });
});
