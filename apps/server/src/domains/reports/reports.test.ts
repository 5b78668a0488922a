import type { AddressInfo } from 'node:net';
import * as mupdf from 'mupdf';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { one, rows, sql } from '../../platform/db.ts';
import { problem, setupTestSuite } from '../../testing/harness.ts';
import { closeMailTransports } from '../alerts/commands/deliver-email.ts';
import { runDueReports } from './commands/run-reports.ts';
import { deliverReportJob } from './jobs.ts';

// A real SMTP server in the test process: what the delivery job hands to SMTP is what a mail server receives.
const received: Array<{ to: string[]; raw: string }> = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  onData(stream, session, callback) {
    let raw = '';
    stream.on('data', (d) => {
      raw += d;
    });
    stream.on('end', () => {
      received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
      callback();
    });
  },
});

const env = setupTestSuite();
let key: string;
let surveyId: string;
let seq = 0;

async function load(items: Array<{ unit: 'S1' | 'S2' | 'S3'; at: string; nps: number; why?: string }>) {
  const res = await env.inject({
    method: 'POST',
    url: '/api/v1/responses/batch',
    headers: { authorization: `Bearer ${key}` },
    payload: {
      responses: items.map((r) => ({
        surveyId,
        answers: { nps: r.nps, ...(r.why ? { why: r.why } : {}) },
        orgUnitCode: env.a.units[r.unit].code,
        submittedAt: r.at,
        idempotencyKey: `report-${seq++}-row`,
      })),
    },
  });
  expect(res.statusCode).toBe(200);
}

/** One base64 part of a raw MIME message, by its content type. */
function part(raw: string, type: 'text/html' | 'application/pdf'): Buffer {
  const at = raw.indexOf(`Content-Type: ${type}`);
  expect(at, type).toBeGreaterThan(0);
  const body = raw.indexOf('\r\n\r\n', at) + 4;
  return Buffer.from(raw.slice(body, raw.indexOf('\r\n--', body)).replace(/\r\n/g, ''), 'base64');
}

const repeat = <T>(n: number, f: (i: number) => T) => Array.from({ length: n }, (_, i) => f(i));

beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  env.t.ctx.config.smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  env.t.clock.set('2026-12-06T02:00:00Z');
  const db = env.t.ctx.db;
  // The demo's shape: the East region (R1) with Shanghai (C1) and two stores; the name carries markup to prove escaping.
  await db.execute(
    sql`UPDATE org_units SET name = '华东大区 <b>', name_en = 'East Region' WHERE tenant_id = ${env.a.tenantId} AND id = ${env.a.units.R1.id}`,
  );
  await db.execute(
    sql`UPDATE org_units SET name = '上海', name_en = 'Shanghai' WHERE tenant_id = ${env.a.tenantId} AND id = ${env.a.units.C1.id}`,
  );
  await db.execute(
    sql`UPDATE users SET locale = 'en' WHERE tenant_id = ${env.a.tenantId} AND id = ${env.a.users.storeManager.id}`,
  );
  const def = {
    elements: [
      { type: 'rating', name: 'nps', rateMin: 0, rateMax: 10 },
      { type: 'comment', name: 'why' },
    ],
  };
  surveyId = (
    await env.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: env.a.as('admin'),
      payload: { name: '就餐满意度', definition: def, bindings: { nps: 'nps' } },
    })
  ).json().id;
  await env.inject({ method: 'POST', url: `/api/v1/surveys/${surveyId}/publish`, headers: env.a.as('admin') });
  key = (
    await env.inject({ method: 'POST', url: '/api/v1/api-keys', headers: env.a.as('admin'), payload: { name: 'k' } })
  ).json().key;
  expect(
    (
      await env.inject({
        method: 'POST',
        url: '/api/v1/text/taxonomy/topics',
        headers: env.a.as('admin'),
        payload: { code: 'speed', name: '上菜速度', nameEn: 'Speed', rules: { zh: { include: ['上菜', '太慢'] } } },
      })
    ).statusCode,
  ).toBe(201);
  // October: S1 mostly detractors; November: S1 promoters, plus slow-service complaints. S2 flat at 8.
  await load([
    ...repeat(60, (i) => ({
      unit: 'S1' as const,
      at: `2026-10-${String(1 + (i % 28)).padStart(2, '0')}T04:00:00Z`,
      nps: 3,
    })),
    ...repeat(40, (i) => ({
      unit: 'S2' as const,
      at: `2026-10-${String(1 + (i % 28)).padStart(2, '0')}T04:00:00Z`,
      nps: 8,
    })),
    ...repeat(60, (i) => ({
      unit: 'S1' as const,
      at: `2026-11-${String(1 + (i % 28)).padStart(2, '0')}T04:00:00Z`,
      nps: 10,
    })),
    ...repeat(6, (i) => ({
      unit: 'S1' as const,
      at: `2026-11-${String(10 + i).padStart(2, '0')}T05:00:00Z`,
      nps: 2,
      why: `上菜太慢了，等了${40 + i}分钟 <script>`,
    })),
    ...repeat(40, (i) => ({
      unit: 'S2' as const,
      at: `2026-11-${String(1 + (i % 28)).padStart(2, '0')}T04:00:00Z`,
      nps: 8,
    })),
  ]);
  while ((await env.runJobs()) > 0);
  await db.execute(
    sql`INSERT INTO tickets (tenant_id, id, number, source, status, priority, title, org_unit_id, resolution_due_at)
        VALUES (${env.a.tenantId}, gen_random_uuid(), 70001, 'manual', 'new', 'high', '顾客投诉：上菜太慢', ${env.a.units.S1.id}, '2026-12-04T02:00:00Z'),
               (${env.a.tenantId}, gen_random_uuid(), 70002, 'manual', 'new', 'high', '另一区的逾期工单', ${env.a.units.S3.id}, '2026-12-04T02:00:00Z'),
               (${env.a.tenantId}, gen_random_uuid(), 70003, 'manual', 'new', 'normal', '未逾期', ${env.a.units.S2.id}, '2026-12-09T02:00:00Z')`,
  );
}, 120_000);

afterAll(async () => {
  closeMailTransports();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

const view = (who: string, query: string) =>
  env.inject({ method: 'GET', url: `/api/v1/reports/view?${query}`, headers: env.a.as(who) });

describe('GET /api/v1/reports/view', () => {
  it('shows the month with n, the change against October and its significance, the mover and the overdue ticket', async () => {
    const res = await view('manager', `orgUnitId=${env.a.units.R1.id}&period=2026-11&locale=zh-CN`);
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r.period).toMatchObject({
      key: '2026-11',
      kind: 'month',
      from: '2026-11-01',
      to: '2026-12-01',
      previousKey: '2026-10',
    });
    const nps = r.metrics.find((m: { key: string }) => m.key === 'nps');
    expect(nps.label).toBe('NPS');
    expect(nps.n).toBe(106);
    expect(nps.previous).toBeCloseTo(-60, 5); // 60 detractors, 40 passives of 100
    expect(nps.change).toBeGreaterThan(50);
    expect(nps.significant).toBe(true);
    expect(nps.trend.length).toBeGreaterThanOrEqual(4);
    expect(r.metrics.find((m: { key: string }) => m.key === 'responses').n).toBe(106);
    // R1's only child (C1, 上海) moved: a significant rise.
    expect(r.movers[0]).toMatchObject({ orgUnitId: env.a.units.C1.id, name: '上海', metric: 'nps', significant: true });
    expect(r.movers[0].change).toBeGreaterThan(50);
    expect(r.topics[0].name).toBe('上菜速度');
    expect(r.topics[0].negative).toBe(6);
    expect(r.topics[0].verbatims).toHaveLength(3);
    expect(r.topics[0].verbatims[0].text).toContain('上菜太慢了');
    // Only the subtree's overdue ticket (S3 lies in another region; the S2 ticket is not due yet).
    expect(r.overdueTickets.total).toBe(1);
    expect(r.overdueTickets.items[0]).toMatchObject({ number: 70001, title: '顾客投诉：上菜太慢', hoursOverdue: 48 });
  });

  it('speaks English for an English reader and names units in English', async () => {
    const r = (await view('manager', `orgUnitId=${env.a.units.R1.id}&period=2026-11&locale=en`)).json();
    expect(r.orgUnit.name).toBe('East Region');
    expect(r.movers[0].name).toBe('Shanghai');
    expect(r.topics[0].name).toBe('Speed');
    expect(r.metrics.find((m: { key: string }) => m.key === 'responses').label).toBe('Responses');
  });

  it('401, 403 for an agent, 404 out of scope or another tenant, 422 for bad periods and ids', async () => {
    const q = `orgUnitId=${env.a.units.R1.id}&period=2026-11`;
    expect((await env.inject({ method: 'GET', url: `/api/v1/reports/view?${q}` })).statusCode).toBe(401);
    expect((await view('agent', q)).statusCode).toBe(403);
    // The S1 store manager may not read the region; nobody reads another tenant's unit.
    expect(problem(await view('storeManager', q)).status).toBe(404);
    expect((await view('owner', `orgUnitId=${env.b.units.R1.id}&period=2026-11`)).statusCode).toBe(404);
    for (const bad of [
      '2026-13',
      '2026-W54',
      '2026-W00',
      '2026-Q5',
      '26-11',
      'soon',
      '2026-11-01',
      '1999-01',
      '2026-12-x'.repeat(3),
    ]) {
      const res = await view('owner', `orgUnitId=${env.a.units.R1.id}&period=${encodeURIComponent(bad)}`);
      expect(res.statusCode, bad).toBe(422);
      expect(problem(res).invalidParams?.map((p) => p.name)).toContain('period');
    }
    expect((await view('owner', `orgUnitId=not-a-uuid&period=2026-11`)).statusCode).toBe(422);
    expect((await view('owner', `orgUnitId=${env.a.units.R1.id}&period=2026-11&locale=fr`)).statusCode).toBe(422);
    expect((await view('owner', `orgUnitId=${env.a.units.R1.id}&period=2026-11&x=1`)).statusCode).toBe(422);
    // A period that has not begun has nothing to report.
    expect((await view('owner', `orgUnitId=${env.a.units.R1.id}&period=2027-01`)).statusCode).toBe(422);
  });
});

describe('GET /api/v1/reports/preview.pdf', () => {
  it('answers a PDF of the scoped report, and 4xx like the data route', async () => {
    const url = `/api/v1/reports/preview.pdf?orgUnitId=${env.a.units.R1.id}&period=2026-W48`;
    const res = await env.inject({ method: 'GET', url, headers: env.a.as('manager') });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(String(res.headers['content-disposition'])).toContain('2026-W48.pdf');
    expect((await env.inject({ method: 'GET', url, headers: env.a.as('storeManager') })).statusCode).toBe(404);
    expect(
      (await env.inject({ method: 'GET', url: url.replace('2026-W48', '2026-W60'), headers: env.a.as('manager') }))
        .statusCode,
    ).toBe(422);
    expect((await env.inject({ method: 'GET', url })).statusCode).toBe(401);
  });
});

const create = (who: string, payload: Record<string, unknown>, tenant = env.a) =>
  env.inject({ method: 'POST', url: '/api/v1/report-schedules', headers: tenant.as(who), payload });

describe('report schedules', () => {
  it('401/403, 422 for bad bodies, 404 for units out of scope or another tenant, recipients only in scope', async () => {
    const valid = { every: 'month', orgUnitId: env.a.units.R1.id, recipientEmails: ['ops@example.com'] };
    expect((await env.inject({ method: 'POST', url: '/api/v1/report-schedules', payload: valid })).statusCode).toBe(
      401,
    );
    for (const who of ['analyst', 'viewer', 'agent']) expect((await create(who, valid)).statusCode, who).toBe(403);
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ ...valid, every: 'daily' }, 'every'],
      [{ ...valid, recipientEmails: ['not-an-address'] }, 'recipientEmails.0'],
      [{ ...valid, recipientEmails: [] }, 'recipientEmails'],
      [{ ...valid, recipientEmails: repeat(51, (i) => `a${i}@example.com`) }, 'recipientEmails'],
      [{ ...valid, recipientUserIds: ['x'] }, 'recipientUserIds.0'],
      [{ ...valid, locale: 'fr' }, 'locale'],
      [{ ...valid, name: 'n'.repeat(201) }, 'name'],
      [{ ...valid, orgUnitId: 42 }, 'orgUnitId'],
      [{ ...valid, extra: true }, ''],
      // The S3 store manager's… no: the manager (R1) may not mail a user of R2's subtree.
      [{ ...valid, recipientUserIds: [env.b.users.manager.id] }, 'recipientUserIds'],
    ];
    for (const [payload, field] of bad) {
      const res = await create('manager', payload);
      expect(res.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(422);
      if (field) expect(problem(res).invalidParams?.map((p) => p.name)).toContain(field);
    }
    // An admin at HQ is outside the R1 manager's scope: not a recipient they may choose.
    expect((await create('manager', { ...valid, recipientUserIds: [env.a.users.admin.id] })).statusCode).toBe(422);
    expect((await create('manager', { ...valid, orgUnitId: env.a.units.R2.id })).statusCode).toBe(404);
    expect((await create('manager', { ...valid, orgUnitId: env.b.units.R1.id })).statusCode).toBe(404);
    expect((await create('storeManager', valid)).statusCode).toBe(404);
  });

  it('runs once per period on every tick and node, mails each recipient in their locale with the PDF attached', async () => {
    const res = await create('manager', {
      name: '华东月报',
      every: 'month',
      orgUnitId: env.a.units.R1.id,
      recipientUserIds: [env.a.users.manager.id, env.a.users.storeManager.id],
      recipientEmails: ['East-Ops@Example.com'],
    });
    expect(res.statusCode, res.body).toBe(201);
    const s = res.json();
    expect(s).toMatchObject({
      every: 'month',
      orgUnit: { id: env.a.units.R1.id },
      recipientEmails: ['east-ops@example.com'],
      lastRun: null,
    });
    expect(s.recipientUsers.map((u: { id: string }) => u.id).sort()).toEqual(
      [env.a.users.manager.id, env.a.users.storeManager.id].sort(),
    );
    // Two nodes tick at once, then a tick again: one report for November.
    const tenantIds = [env.a.tenantId, env.b.tenantId];
    await Promise.all([runDueReports(env.t.ctx, { tenantIds }), runDueReports(env.t.ctx, { tenantIds })]);
    await runDueReports(env.t.ctx, { tenantIds });
    const runs = await rows<{ period: string; status: string }>(
      env.t.ctx.db,
      sql`SELECT period, status FROM report_runs WHERE tenant_id = ${env.a.tenantId} AND schedule_id = ${s.id}`,
    );
    expect(runs).toEqual([{ period: '2026-11', status: 'sent' }]);
    // The recipient users' bells say the report is ready (each in their language), linking the printable page;
    // nobody else's does, and no notification email doubles the report mail.
    const ready = async (user: string) =>
      (await env.inject({ method: 'GET', url: '/api/v1/notifications?limit=100', headers: env.a.as(user) }))
        .json()
        .items.filter((n: { kind: string }) => n.kind === 'report.ready');
    const [toMe] = await ready('manager');
    expect(toMe).toMatchObject({ link: `/reports/${env.a.units.R1.id}/2026-11`, channel: 'in_app' });
    expect(toMe.subject).toContain('2026年11月');
    expect(toMe.body).toContain('华东月报');
    const storeRows = await ready('storeManager');
    expect(storeRows).toHaveLength(1);
    expect(storeRows[0].subject).toContain('November 2026');
    expect(await ready('analyst')).toEqual([]);
    expect(await ready('admin')).toEqual([]);
    const readyChannels = await rows<{ channel: string }>(
      env.t.ctx.db,
      sql`SELECT channel FROM notifications WHERE tenant_id = ${env.a.tenantId} AND kind = 'report.ready'`,
    );
    expect(readyChannels.map((r) => r.channel)).toEqual(['in_app', 'in_app']);
    const jobs = await one<{ n: number }>(
      env.t.ctx.db,
      sql`SELECT count(*)::int AS n FROM jobs WHERE tenant_id = ${env.a.tenantId} AND kind = ${deliverReportJob.kind}`,
    );
    expect(jobs?.n).toBe(3);
    await env.runJobs([deliverReportJob]);
    await env.runJobs([deliverReportJob]);
    expect(received.map((m) => m.to[0]).sort()).toEqual(
      [env.a.users.manager.email, env.a.users.storeManager.email, 'east-ops@example.com'].sort(),
    );
    const toManager = received.find((m) => m.to[0] === env.a.users.manager.email)!.raw;
    const html = part(toManager, 'text/html').toString();
    expect(html).toContain('华东大区 &lt;b&gt; · 月报 · 2026年11月'); // the unit's name arrives escaped
    expect(html).toContain('上菜太慢了，等了');
    expect(html).not.toContain('<script>');
    expect(html).toContain(`/reports/${env.a.units.R1.id}/2026-11`);
    expect(part(toManager, 'application/pdf').subarray(0, 5).toString()).toBe('%PDF-');
    expect(toManager).toContain(`filename=report-${env.a.units.R1.code}-2026-11.pdf`);
    // The S1 store manager reads English.
    const toStore = received.find((m) => m.to[0] === env.a.users.storeManager.email)!.raw;
    expect(part(toStore, 'text/html').toString()).toContain('East Region · Monthly report · November 2026');

    // The history lists the run with both locales stored; each PDF downloads in scope only.
    const hist = await env.inject({
      method: 'GET',
      url: `/api/v1/report-schedules/${s.id}/runs`,
      headers: env.a.as('manager'),
    });
    expect(hist.statusCode).toBe(200);
    const [run] = hist.json().items;
    expect(run).toMatchObject({ period: '2026-11', status: 'sent', recipients: 3, delivered: 3 });
    expect(run.locales.sort()).toEqual(['en', 'zh-CN']);
    const pdf = await env.inject({
      method: 'GET',
      url: `/api/v1/reports/runs/${run.id}/pdf?locale=en`,
      headers: env.a.as('manager'),
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(
      (
        await env.inject({
          method: 'GET',
          url: `/api/v1/reports/runs/${run.id}/pdf`,
          headers: env.a.as('storeManager'),
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await env.inject({ method: 'GET', url: `/api/v1/reports/runs/${run.id}/pdf`, headers: env.b.as('owner') }))
        .statusCode,
    ).toBe(404);
    expect(
      (
        await env.inject({
          method: 'GET',
          url: `/api/v1/reports/runs/${run.id}/pdf?locale=de`,
          headers: env.a.as('manager'),
        })
      ).statusCode,
    ).toBe(422);

    // A retried delivery job finds its copy sent.
    await env.t.ctx.db.execute(
      sql`INSERT INTO jobs (tenant_id, kind, payload) VALUES (${env.a.tenantId}, ${deliverReportJob.kind}, ${JSON.stringify({ runId: run.id, recipient: 'east-ops@example.com' })}::jsonb)`,
    );
    await env.runJobs([deliverReportJob]);
    expect(received).toHaveLength(3);

    // December's report waits until December is over.
    env.t.clock.set('2027-01-01T02:00:00Z');
    await runDueReports(env.t.ctx, { tenantIds });
    const periods = await rows<{ period: string }>(
      env.t.ctx.db,
      sql`SELECT period FROM report_runs WHERE tenant_id = ${env.a.tenantId} AND schedule_id = ${s.id} ORDER BY period`,
    );
    expect(periods.map((p) => p.period)).toEqual(['2026-11', '2026-12']);
    env.t.clock.set('2026-12-06T02:00:00Z');
  });

  it('lists, changes and deletes schedules in scope only', async () => {
    const created = await create('manager', {
      every: 'week',
      orgUnitId: env.a.units.C1.id,
      recipientEmails: ['x@example.com'],
    });
    expect(created.statusCode, created.body).toBe(201);
    const s = created.json();
    const mine = await env.inject({ method: 'GET', url: '/api/v1/report-schedules', headers: env.a.as('manager') });
    expect(mine.json().items.map((i: { id: string }) => i.id)).toContain(s.id);
    const other = await env.inject({ method: 'GET', url: '/api/v1/report-schedules', headers: env.b.as('owner') });
    expect(other.json().items).toEqual([]);
    const url = `/api/v1/report-schedules/${s.id}`;
    expect((await env.inject({ method: 'GET', url, headers: env.b.as('owner') })).statusCode).toBe(404);
    expect(
      (await env.inject({ method: 'PATCH', url, headers: env.b.as('owner'), payload: { enabled: false } })).statusCode,
    ).toBe(404);
    expect(
      (await env.inject({ method: 'PATCH', url, headers: env.a.as('manager'), payload: { recipientEmails: [] } }))
        .statusCode,
    ).toBe(422);
    expect(
      (await env.inject({ method: 'PATCH', url, headers: env.a.as('manager'), payload: { every: 'hourly' } }))
        .statusCode,
    ).toBe(422);
    const patched = await env.inject({
      method: 'PATCH',
      url,
      headers: env.a.as('manager'),
      payload: { every: 'month', locale: 'en', enabled: false },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ every: 'month', locale: 'en', enabled: false });
    expect((await env.inject({ method: 'DELETE', url, headers: env.b.as('owner') })).statusCode).toBe(404);
    expect((await env.inject({ method: 'DELETE', url, headers: env.a.as('viewer') })).statusCode).toBe(403);
    expect((await env.inject({ method: 'DELETE', url, headers: env.a.as('manager') })).statusCode).toBe(204);
    expect((await env.inject({ method: 'GET', url, headers: env.a.as('manager') })).statusCode).toBe(404);
  });
});

describe('what other capabilities add to the report (issue 19: targets, department tasks)', () => {
  it('the unit’s inherited target beside each metric, and the subtree’s overdue department tasks as a section', async () => {
    // An HQ target for November is inherited by the East region (R1).
    const put = await env.inject({
      method: 'PUT',
      url: '/api/v1/targets',
      headers: env.a.as('owner'),
      payload: { metric: 'nps', orgUnitId: env.a.units.HQ.id, period: '2026-11', value: 30 },
    });
    expect(put.statusCode).toBe(200);
    // A problem with a task for an East store and one for another region's store; both started a week ago.
    env.t.clock.set('2026-11-28T02:00:00Z');
    const created = await env.inject({
      method: 'POST',
      url: '/api/v1/problems',
      headers: env.a.as('owner'),
      payload: {
        title: '上菜慢',
        tasks: [
          { orgUnitId: env.a.units.S1.id, title: '排班调整', dueAt: '2026-12-03T10:00:00Z' },
          { orgUnitId: env.a.units.S3.id, title: '别区任务', dueAt: '2026-12-03T10:00:00Z' },
        ],
      },
    });
    env.t.clock.set('2026-12-06T02:00:00Z');
    expect(created.statusCode).toBe(201);
    const r = (await view('manager', `orgUnitId=${env.a.units.R1.id}&period=2026-11&locale=zh-CN`)).json();
    expect(r.metrics.find((m: { key: string }) => m.key === 'nps').target).toBe(30);
    const tasks = r.sections.find((s: { key: string }) => s.key === 'tasks.overdue');
    expect(tasks).toMatchObject({ title: '逾期的部门任务', total: 1 });
    expect(tasks.rows[0]).toEqual([
      expect.stringContaining('上菜慢'),
      '排班调整',
      expect.any(String),
      '2026-12-03',
      '2',
    ]);
    // The PDF carries both: the target column and the section's heading.
    const pdf = await env.inject({
      method: 'GET',
      url: `/api/v1/reports/preview.pdf?orgUnitId=${env.a.units.R1.id}&period=2026-11&locale=en`,
      headers: env.a.as('manager'),
    });
    expect(pdf.statusCode).toBe(200);
    const doc = mupdf.Document.openDocument(pdf.rawPayload, 'application/pdf');
    let text = '';
    for (let i = 0; i < doc.countPages(); i++) text += doc.loadPage(i).toStructuredText('preserve-whitespace').asText();
    expect(text).toContain('Target');
    expect(text).toContain('Overdue department tasks');
    expect(text).toContain('排班调整');
    const en = (await view('manager', `orgUnitId=${env.a.units.R1.id}&period=2026-11&locale=en`)).json();
    expect(en.sections.find((s: { key: string }) => s.key === 'tasks.overdue').title).toBe('Overdue department tasks');
  });
});
