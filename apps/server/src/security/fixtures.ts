import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { sql } from '../platform/db.ts';
import type { TestApp, TestTenant } from '../testing/harness.ts';
import { conceptFixtures } from './fixtures-concept.ts';
import { inspectionFixtures, PNG_1X1 } from './fixtures-inspections.ts';
import { nbaFixtures } from './fixtures-nba.ts';
import { panelFixtures } from './fixtures-panel.ts';
import { productFixtures } from './fixtures-products.ts';
import { trainingFixtures } from './fixtures-training.ts';

/**
 * One object of every kind a route addresses by a path parameter, per tenant, made through the API where the API
 * makes it (rows only a background flow produces — notifications, text runs, discoveries, analyses — are
 * inserted). The table is keyed by the path up to the parameter (`/api/v1/tickets/{id}`); a route whose parameter
 * has no creator here fails the suites, so a new id-route cannot go unchecked (security/README in ARCHITECTURE).
 */
export type Ids = Record<string, string>;

/** Kinds that belong to an org unit: a store manager of S1 must not reach the copy made at S3. */
export const UNIT_OWNED = new Set([
  '/api/v1/org-units/{id}',
  '/api/v1/tickets/{id}',
  '/api/v1/responses/{id}',
  '/api/v1/feedback/{id}',
  '/api/v1/feedback-connectors/{id}',
  '/api/v1/events/{id}',
  '/api/v1/actions/{id}',
  '/api/v1/problems/{id}',
  '/api/v1/text/analyses/{id}',
  '/api/v1/invitations/{id}',
  '/api/v1/report-schedules/{id}',
  '/api/v1/reports/runs/{id}',
  '/api/v1/notification-robots/{id}',
  '/api/v1/audits/{id}',
  '/api/v1/training/assignments/{id}',
  '/api/v1/panel-submissions/{id}',
]);

/**
 * Path parameters that are not object ids, with the reason (the documented allow-list): nothing to isolate by.
 */
export const NOT_OBJECT_IDS: Record<string, string> = {
  '/api/v1/public/surveys/{token}': 'a signed survey token: the tenant is inside the signature (tokens.test.ts)',
  '/api/v1/public/unsubscribe/{token}':
    'a signed unsubscribe token naming tenant and invitation; a forged one is 404 (reach.test.ts)',
  '/api/v1/public/audits/{token}':
    'a signed audit link naming tenant and audit; a forged one is 404 (external.test.ts)',
  '/api/v1/public/audits/{token}/photos/{photoId}': 'a photo of the signed link’s own audit only (external.test.ts)',
  '/api/v1/sla-policies/{priority}': 'an enum (low|normal|high|urgent) naming the caller tenant’s own policy',
  '/api/v1/customers/{id}/tags/{tag}': 'a tag label; the customer id before it is the isolated object',
  '/api/v1/checklists/{id}/items/{code}':
    'an item code; the checklist before it and the audits’ units are the boundary',
  '/api/v1/auth/sso/{tenant}': 'a tenant slug naming whose sign-in page to start: public, before any session',
  '/api/v1/public/channels/{channelId}':
    "public delivery receipts, authenticated by the channel's own Standard Webhooks secret or receipt token: any id without it is a 401 (receipts.test.ts)",
  '/api/v1/inbound/{connectorId}':
    "public, authenticated by the connector's own Standard Webhooks signature: any id without it is a 401 (connectors.test.ts)",
  '/api/v1/public/panels/{token}':
    'a signed panel recruitment link naming tenant and panel; a forged one is 404 (panel.test.ts)',
  '/api/v1/public/panel-members/{token}':
    'a signed member portal link naming tenant, member and link version; forged or rotated is 404 (panel.test.ts)',
  '/api/v1/public/panel-members/{token}/assignments/{assignmentId}':
    'an assignment of the signed link’s own member only, its diary survey and entries too; any other is 404 (panel.test.ts, diary.test.ts)',
  '/api/v1/public/panel-members/{token}/photos/{photoId}':
    'a photo of the signed link’s own member only (panel.test.ts)',
};

export type Api = (method: string, url: string, payload?: unknown) => Promise<{ statusCode: number; json(): any }>;

const def = {
  elements: [
    { type: 'rating', name: 'nps', rateMin: 0, rateMax: 10, isRequired: true },
    { type: 'comment', name: 'why' },
  ],
};

/** Creates the objects for one tenant; `unit` is where unit-owned objects go (S1, or S3 for the other store). */
export async function createObjects(t: TestApp, tenant: TestTenant, unitKey: 'S1' | 'S3' = 'S1'): Promise<Ids> {
  const owner = tenant.as('owner');
  const api: Api = async (method, url, payload) => {
    const res = await t.app.inject({ method: method as 'POST', url, headers: owner, payload: payload as object });
    expect(res.statusCode, `${method} ${url}: ${res.body.slice(0, 300)}`).toBeLessThan(300);
    return res;
  };
  const unit = tenant.units[unitKey];
  const tag = `${unitKey.toLowerCase()}${randomUUID().slice(0, 6)}`;
  const ids: Ids = {};
  const db = t.ctx.db;

  const survey = (
    await api('POST', '/api/v1/surveys', { name: `s ${tag}`, definition: def, bindings: { nps: 'nps' } })
  ).json().id as string;
  await api('POST', `/api/v1/surveys/${survey}/publish`);
  ids['/api/v1/surveys/{id}'] = survey;
  const key = (await api('POST', '/api/v1/api-keys', { name: `k ${tag}` })).json();
  ids['/api/v1/api-keys/{id}'] = key.id;
  const sdkKey = (
    await api('POST', '/api/v1/sdk-keys', {
      name: `sdk ${tag}`,
      allowedOrigins: ['https://shop.example.com'],
      allowedEventTypes: ['page.view'],
      orgUnitId: unit.id,
      feedbackWidget: {
        position: 'bottom_right',
        label: { 'zh-CN': '吐槽', en: 'Feedback' },
        title: { 'zh-CN': '告诉我们', en: 'Tell us' },
        screenshot: true,
        askContact: true,
      },
    })
  ).json();
  ids['/api/v1/sdk-keys/{id}'] = sdkKey.id;
  // The key's site shows an intercept of the survey (the admin route and the public show route address it).
  ids['/api/v1/intercepts/{id}'] = ids['/sdk/v1/intercepts/{id}'] = (
    await api('POST', '/api/v1/intercepts', {
      name: `intercept ${tag}`,
      surveyId: survey,
      display: 'modal',
      conditions: { urls: [{ op: 'contains', value: '/checkout' }], event: null },
    })
  ).json().id;
  const bearer = { authorization: `Bearer ${key.key}` };

  const batch = await t.app.inject({
    method: 'POST',
    url: '/api/v1/responses/batch',
    headers: bearer,
    payload: {
      responses: [
        {
          surveyId: survey,
          orgUnitId: unit.id,
          answers: { nps: 2, why: '服务太慢了，等了四十分钟' },
          customer: `M-${tag}`,
          idempotencyKey: `fixture-${tag}`,
        },
      ],
    },
  });
  expect(batch.statusCode, batch.body).toBe(200);
  ids['/api/v1/responses/{id}'] = batch.json().results[0].id;

  const tp = await api('POST', '/api/v1/touchpoints', { code: `tp-${tag}`, name: 'Checkout', channel: 'physical' });
  ids['/api/v1/touchpoints/{id}'] = tp.json().id;
  const journey = (await api('POST', '/api/v1/journeys', { name: `j ${tag}` })).json();
  ids['/api/v1/journeys/{id}'] = journey.id;
  ids['/api/v1/journeys/{id}/stages/{stageId}'] = (
    await api('POST', `/api/v1/journeys/${journey.id}/stages`, { name: 'Order' })
  ).json().id;
  ids['/api/v1/teams/{id}'] = (await api('POST', '/api/v1/teams', { name: `team ${tag}` })).json().id;
  ids['/api/v1/root-causes/{id}'] = (
    await api('POST', '/api/v1/root-causes', { code: `rc-${tag}`, name: 'Slow' })
  ).json().id;
  ids['/api/v1/tickets/{id}'] = (
    await api('POST', '/api/v1/tickets', { title: 'Cold food', orgUnitId: unit.id })
  ).json().id;
  ids['/api/v1/actions/{id}'] = (
    await api('POST', '/api/v1/actions', {
      title: 'Faster kitchen',
      orgUnitIds: [unit.id],
      metric: 'nps',
      startDate: '2026-11-01',
    })
  ).json().id;
  // A problem of the unit with a task for the unit, and a text file of evidence on it.
  const problem = (
    await api('POST', '/api/v1/problems', {
      title: 'Slow kitchen',
      orgUnitId: unit.id,
      tasks: [{ orgUnitId: unit.id, title: 'Second cook at peak', dueAt: '2026-12-31T10:00:00Z' }],
    })
  ).json();
  ids['/api/v1/problems/{id}'] = problem.id;
  ids['/api/v1/problems/{id}/tasks/{taskId}'] = problem.tasks[0].id;
  ids['/api/v1/problems/{id}/tasks/{taskId}/evidence/{evidenceId}'] = (
    await api('POST', `/api/v1/problems/${problem.id}/tasks/${problem.tasks[0].id}/evidence`, {
      file: { name: 'rota.txt', contentType: 'text/plain', data: Buffer.from('rota').toString('base64') },
    })
  ).json().tasks[0].evidence[0].id;
  ids['/api/v1/alert-rules/{id}'] = (
    await api('POST', '/api/v1/alert-rules', {
      kind: 'response',
      name: `r ${tag}`,
      condition: { expression: '{nps} <= 6' },
      actions: { ticket: { priority: 'high', assign: 'unit_manager' } },
    })
  ).json().id;
  ids['/api/v1/webhooks/{id}'] = (
    await api('POST', '/api/v1/webhooks', { url: `https://hooks.example.com/${tag}` })
  ).json().id;
  // A group robot of the unit (switched off, an example URL: only a test send would try it).
  ids['/api/v1/notification-robots/{id}'] = (
    await api('POST', '/api/v1/notification-robots', {
      name: `robot ${tag}`,
      provider: 'wecom',
      orgUnitId: unit.id,
      webhookUrl: `https://qyapi.example.com/cgi-bin/webhook/send?key=${tag}`,
      enabled: false,
    })
  ).json().id;
  // Reach: a webhook channel (an example URL: nothing sends, the channel is off), a trigger, an invitation at the unit.
  const channel = (
    await api('POST', '/api/v1/channels', {
      kind: 'webhook',
      name: `c ${tag}`,
      url: `https://gateway.example.com/${tag}`,
      enabled: false,
    })
  ).json().id as string;
  ids['/api/v1/channels/{id}'] = channel;
  ids['/api/v1/triggers/{id}'] = (
    await api('POST', '/api/v1/triggers', {
      name: `t ${tag}`,
      eventType: 'order.completed',
      surveyId: survey,
      channelId: channel,
    })
  ).json().id;
  const invitation = randomUUID();
  await db.execute(
    sql`INSERT INTO invitations (tenant_id, id, survey_id, org_unit_id, channel_id, status, sent_at)
        VALUES (${tenant.tenantId}, ${invitation}, ${survey}, ${unit.id}, ${channel}, 'sent', now())`,
  );
  ids['/api/v1/invitations/{id}'] = invitation;
  ids['/api/v1/export-schedules/{id}'] = (
    await api('POST', '/api/v1/export-schedules', {
      dataset: 'responses',
      format: 'ndjson',
      every: 'day',
      destination: { kind: 'https', url: `https://exports.example.com/${tag}` },
    })
  ).json().id;
  ids['/api/v1/feedback-connectors/{id}'] = (
    await api('POST', '/api/v1/feedback-connectors', {
      kind: 'webhook',
      name: `c ${tag}`,
      source: 'social',
      orgUnitId: unit.id,
      mapping: { text: 'content' },
    })
  ).json().id;
  ids['/api/v1/dashboards/{id}'] = (
    await api('POST', '/api/v1/dashboards', { name: `d ${tag}`, config: {} })
  ).json().id;
  const eventType = `order.${tag}`;
  await api('POST', '/api/v1/event-types', { name: 'Order', key: eventType });
  ids['/api/v1/event-types/{key}'] = eventType;
  ids['/api/v1/events/{id}'] = (
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: bearer,
      payload: { type: eventType, orgUnitId: unit.id, customer: `M-${tag}`, value: 12 },
    })
  ).json().id;
  // A 吐槽 complaint with a screenshot, filed through the key as a visitor's browser does (so the screenshot route
  // has something to serve its owner).
  const complaint = await t.app.inject({
    method: 'POST',
    url: `/sdk/v1/feedback?key=${sdkKey.key}`,
    headers: { origin: 'https://shop.example.com', 'content-type': 'application/json' },
    payload: {
      anonymousId: randomUUID(),
      text: '排队太久，结算页面还报错',
      context: { url: 'https://shop.example.com/checkout' },
      screenshot: { type: 'image/png', data: PNG_1X1 },
    },
  });
  expect(complaint.statusCode, complaint.body).toBe(201);
  ids['/api/v1/feedback/{id}'] = complaint.json().id;
  const metricKey = `m_${tag}`;
  await api('POST', '/api/v1/metrics', { name: `m ${tag}`, key: metricKey, formula: `count('${eventType}')` });
  ids['/api/v1/metrics/{key}'] = metricKey;
  ids['/api/v1/org-units/{id}'] = unit.id;
  ids['/api/v1/customers/{id}'] = (
    await api('POST', '/api/v1/customers', { identities: [{ kind: 'member', value: `C-${tag}` }] })
  ).json().id;
  ids['/api/v1/customers/segments/{id}'] = (
    await api('POST', '/api/v1/customers/segments', {
      name: `seg ${tag}`,
      definition: {
        match: 'all',
        conditions: [{ kind: 'events', eventType, windowDays: 90, op: 'gte', value: 1 }],
      },
    })
  ).json().id;
  // Reach programme: a quarterly wave to that segment through the (switched-off) channel, starting next year.
  ids['/api/v1/programmes/{id}'] = (
    await api('POST', '/api/v1/programmes', {
      name: `p ${tag}`,
      segmentId: ids['/api/v1/customers/segments/{id}'],
      surveyId: survey,
      channelId: channel,
      every: 1,
      unit: 'quarter',
      startsAt: '2027-01-01T00:00:00Z',
    })
  ).json().id;
  ids['/api/v1/customers/tag-rules/{id}'] = (
    await api('POST', '/api/v1/customers/tag-rules', {
      tag: `vip${tag}`,
      measure: { kind: 'events', eventType, fn: 'count', windowDays: 30 },
      op: 'gte',
      value: 3,
    })
  ).json().id;
  const upload = await t.app.inject({
    method: 'POST',
    url: `/api/v1/surveys/${survey}/response-imports?fileName=history.csv`,
    headers: { ...owner, 'content-type': 'text/csv' },
    payload: `nps,unit_code\n9,${unit.code}\n`,
  });
  expect(upload.statusCode, upload.body.slice(0, 300)).toBe(201);
  ids['/api/v1/surveys/{id}/response-imports/{importId}'] = upload.json().id;
  ids['/api/v1/responses/exports/{id}'] = (await api('POST', '/api/v1/responses/exports', { format: 'csv' })).json().id;
  // A monthly report of the unit, with one sent report whose stored PDF downloads (the tick's rows, inserted).
  const reportSchedule = (
    await api('POST', '/api/v1/report-schedules', {
      every: 'month',
      orgUnitId: unit.id,
      recipientEmails: [`ops-${tag}@example.com`],
    })
  ).json().id as string;
  ids['/api/v1/report-schedules/{id}'] = reportSchedule;
  const reportRun = randomUUID();
  const reportFile = `report-${reportRun}-zh-CN.pdf`;
  await db.execute(
    sql`INSERT INTO stored_files (tenant_id, id, store, size, complete) VALUES (${tenant.tenantId}, ${reportFile}, 'db', 5, true)`,
  );
  await db.execute(
    sql`INSERT INTO stored_file_chunks (tenant_id, file_id, seq, data) VALUES (${tenant.tenantId}, ${reportFile}, 0, ${Buffer.from('%PDF-')})`,
  );
  await db.execute(
    sql`INSERT INTO report_runs (tenant_id, id, schedule_id, period, status, files, finished_at)
        VALUES (${tenant.tenantId}, ${reportRun}, ${reportSchedule}, '2026-10', 'sent', ${JSON.stringify({ 'zh-CN': `stored:${reportFile}` })}::jsonb, now())`,
  );
  ids['/api/v1/reports/runs/{id}'] = reportRun;
  const topic = (await api('POST', '/api/v1/text/taxonomy/topics', { code: `t-${tag}`, name: '等待' })).json();
  ids['/api/v1/text/taxonomy/topics/{id}'] = topic.id;
  ids['/api/v1/text/topics/{id}'] = topic.id;
  ids['/api/v1/users/{id}'] = (
    await api('POST', '/api/v1/users', {
      email: `u-${tag}@${tenant.slug}.test`,
      name: 'Clerk',
      role: 'manager',
      orgUnitId: unit.id,
    })
  ).json().id;

  // Rows a background flow writes: inserted as that flow would.
  const [notification, run, discovery, analysis] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  await db.execute(
    sql`INSERT INTO notifications (tenant_id, id, channel, recipient, subject, body)
        VALUES (${tenant.tenantId}, ${notification}, 'in_app', ${tenant.users.owner.id}, 'New ticket', 'x')`,
  );
  await db.execute(
    sql`INSERT INTO text_runs (tenant_id, id, kind, status, started_at) VALUES (${tenant.tenantId}, ${run}, 'discovery', 'done', now())`,
  );
  await db.execute(
    sql`INSERT INTO text_discoveries (tenant_id, id, kind, term, terms, evidence, run_at)
        VALUES (${tenant.tenantId}, ${discovery}, 'uncovered', ${`排队${tag}`}, ARRAY['排队'], '[]'::jsonb, now())`,
  );
  await db.execute(
    sql`INSERT INTO text_analyses (tenant_id, id, source_kind, source_id, question, survey_id, org_unit_id, occurred_at,
                                   text, language, sentiment, score, model_version, analysed_at)
        VALUES (${tenant.tenantId}, ${analysis}, 'response', ${ids['/api/v1/responses/{id}']}, 'why', ${survey},
                ${unit.id}, now(), '服务太慢了', 'zh', 'negative', -0.8, 'fixture', now())`,
  );
  // A webhook delivery (written directly: the fixture endpoint's example URL must not be called).
  const hookEvent = randomUUID();
  const delivery = randomUUID();
  await db.execute(
    sql`INSERT INTO webhook_events (tenant_id, id, type, data, dispatched_at) VALUES (${tenant.tenantId}, ${hookEvent}, 'response.created', '{}'::jsonb, now())`,
  );
  await db.execute(
    sql`INSERT INTO webhook_deliveries (tenant_id, id, endpoint_id, event_id, status, attempts)
        VALUES (${tenant.tenantId}, ${delivery}, ${ids['/api/v1/webhooks/{id}']}, ${hookEvent}, 'failed', 1)`,
  );
  ids['/api/v1/webhooks/{id}/deliveries/{deliveryId}'] = delivery;
  ids['/api/v1/notifications/{id}'] = notification;
  ids['/api/v1/text/runs/{id}'] = run;
  ids['/api/v1/text/discovery/{id}'] = discovery;
  ids['/api/v1/text/analyses/{id}'] = analysis;
  await inspectionFixtures(t, api, owner, unit, tag, ids);
  await trainingFixtures(api, unit, tag, ids);
  await conceptFixtures(api, tag, ids);
  await productFixtures(api, tag, ids);
  await nbaFixtures(api, tag, ids);
  await panelFixtures(t, api, unit, tag, ids, tenant.tenantId);
  return ids;
}

/** `{param}` segments of an OpenAPI path. */
export const paramsOf = (path: string) => [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);

/**
 * The URL for a route with the tenant's objects filled in: each `{param}` takes the id registered for the path up
 * to it. Returns the missing key when no creator covers a parameter (the suites fail on it).
 */
export function fillPath(path: string, ids: Ids): { url: string } | { missing: string } {
  let url = path;
  for (const m of path.matchAll(/\{(\w+)\}/g)) {
    const key = path.slice(0, (m.index ?? 0) + m[0].length);
    if (NOT_OBJECT_IDS[key] !== undefined) {
      url = url.replace(m[0], m[1] === 'priority' ? 'high' : m[1] === 'tag' ? 'vip' : 'not-a-token');
      continue;
    }
    const id = ids[key];
    if (!id) return { missing: key };
    url = url.replace(m[0], encodeURIComponent(id));
  }
  return { url };
}

/** The OpenAPI operations (method, path, operation) the suites walk: every documented route. */
export interface Operation {
  method: string;
  path: string;
  op: {
    parameters?: Array<{ in: string; name: string; required?: boolean; schema?: JsonSchema }>;
    requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  };
}
export type JsonSchema = Record<string, any>;

export function operationsOf(doc: { paths: Record<string, Record<string, Operation['op']>> }): Operation[] {
  const out: Operation[] = [];
  for (const [path, ops] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(ops)) out.push({ method: method.toUpperCase(), path, op });
  return out;
}
