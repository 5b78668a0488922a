import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { rows, sql } from '../../platform/db.ts';
import { runDueJobs } from '../../platform/jobs.ts';
import { createTestApp, createTestTenant, injector, type TestApp, type TestTenant } from '../../testing/harness.ts';
import { loadModules } from '../registry.ts';
import { evaluateMetricRules } from './commands/evaluate-metric-rules.ts';

let t: TestApp;
let a: TestTenant;
let inject: ReturnType<typeof injector>;
let surveyId: string;
let key: string;
let seq = 0;

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2026-03-31T10:00:00Z');
  a = await createTestTenant(t.ctx);
  inject = injector(t);
  const def = { elements: [{ type: 'rating', name: 'nps', rateMin: 0, rateMax: 10 }] };
  surveyId = (
    await inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: a.as('admin'),
      payload: { name: 'm', definition: def, bindings: { nps: 'nps' } },
    })
  ).json().id;
  await inject({ method: 'POST', url: `/api/v1/surveys/${surveyId}/publish`, headers: a.as('admin') });
  key = (
    await inject({ method: 'POST', url: '/api/v1/api-keys', headers: a.as('admin'), payload: { name: 'k' } })
  ).json().key;
});
afterAll(async () => t.close());
// Counts and job runs are of this suite's tenant: on PostgreSQL the test database also holds the other suites'
// rules and jobs.
const mine = () => ({ tenantIds: [a.tenantId] });

async function load(unit: keyof TestTenant['units'], days: [number, number], scores: number[], customer?: unknown) {
  const responses = [];
  for (let d = days[0]; d <= days[1]; d++) {
    for (const nps of scores) {
      responses.push({
        surveyId,
        answers: { nps },
        orgUnitCode: a.units[unit].code,
        submittedAt: new Date(Date.UTC(2026, 2, d, 3)).toISOString(),
        idempotencyKey: `rules-${seq++}-x`,
        customer,
      });
    }
  }
  for (let i = 0; i < responses.length; i += 1000) {
    const res = await inject({
      method: 'POST',
      url: '/api/v1/responses/batch',
      headers: { authorization: `Bearer ${key}` },
      payload: { responses: responses.slice(i, i + 1000) },
    });
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
  }
}
const ticketsFor = async (unit: string) =>
  (await inject({ method: 'GET', url: `/api/v1/tickets?orgUnitId=${unit}`, headers: a.as('admin') })).json()
    .items as Array<{ source: string; title: string }>;

describe('metric rules', () => {
  it('threshold: a store whose 7-day NPS is below 20 (with n ≥ min n) gets one ticket a day; small stores do not', async () => {
    await load('S1', [25, 31], [2, 3, 9]); // NPS -33
    await load('S2', [30, 31], [1]); // n = 2 < min n
    await load('S3', [25, 31], [10, 9, 8]); // NPS 67
    await inject({
      method: 'POST',
      url: '/api/v1/alert-rules',
      headers: a.as('admin'),
      payload: {
        kind: 'metric',
        name: '门店 NPS 低于 20',
        condition: { metric: 'nps', windowDays: 7, op: '<', threshold: 20, minN: 5 },
        actions: { ticket: { priority: 'high', assign: 'unit_manager' }, notify: {} },
      },
    });
    // The store manager wants metric alerts in the bell but not by email.
    const pref = await inject({
      method: 'PUT',
      url: '/api/v1/notification-preferences',
      headers: a.as('storeManager'),
      payload: { items: [{ kind: 'alert.metric', channel: 'email', enabled: false }] },
    });
    expect(pref.statusCode).toBe(200);
    expect(await evaluateMetricRules(t.ctx, { tenantId: a.tenantId })).toBe(1);
    expect(await evaluateMetricRules(t.ctx, { tenantId: a.tenantId })).toBe(0);
    const s1 = await ticketsFor(a.units.S1.id);
    expect(s1).toHaveLength(1);
    // The store's manager (the ticket's assignee) sees one metric alert in the bell, linking the ticket; nobody else.
    const bell = async (user: string) =>
      (await inject({ method: 'GET', url: '/api/v1/notifications', headers: a.as(user) }))
        .json()
        .items.filter((n: { kind: string }) => n.kind === 'alert.metric');
    const mine = await bell('storeManager');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ subject: '门店 NPS 低于 20', link: `/tickets/${(s1[0] as { id?: string }).id}` });
    expect(mine[0].body).toContain('NPS -33.3 < 20');
    expect(await bell('manager')).toEqual([]);
    expect(await bell('analyst')).toEqual([]);
    const mails = await rows<{ recipient: string }>(
      t.ctx.db,
      sql`SELECT recipient FROM notifications WHERE tenant_id = ${a.tenantId} AND kind = 'alert.metric' AND channel = 'email'`,
    );
    expect(mails).toEqual([]);
    expect(s1[0]).toMatchObject({ source: 'metric' });
    expect(s1[0].title).toContain('NPS -33.3 < 20');
    expect(await ticketsFor(a.units.S2.id)).toHaveLength(0);
    expect(await ticketsFor(a.units.S3.id)).toHaveLength(0);
  });

  it('anomaly: a significant drop against the trailing 28 days fires; a stable store does not', async () => {
    const threshold = (await inject({ method: 'GET', url: '/api/v1/alert-rules', headers: a.as('admin') })).json()
      .items[0];
    expect(
      (
        await inject({
          method: 'PATCH',
          url: `/api/v1/alert-rules/${threshold.id}`,
          headers: a.as('admin'),
          payload: { enabled: false },
        })
      ).json().enabled,
    ).toBe(false);
    await inject({
      method: 'POST',
      url: '/api/v1/alert-rules',
      headers: a.as('admin'),
      payload: {
        kind: 'metric',
        name: 'NPS anomaly',
        scope: { orgUnitId: a.units.R2.id },
        condition: { metric: 'nps', windowDays: 3, anomaly: true, minN: 10 },
        actions: { ticket: { priority: 'urgent', assign: 'unit_manager' } },
      },
    });
    await load('S3', [1, 24], [10, 9, 10, 8]);
    await load('S3', [29, 31], [1, 2, 3, 2, 1, 2, 9, 3]);
    expect(await evaluateMetricRules(t.ctx, { tenantId: a.tenantId })).toBe(1);
    const s3 = await ticketsFor(a.units.S3.id);
    expect(s3.some((x) => x.title.includes('trailing 28 days'))).toBe(true);
  });
});

describe('response rules read customer attributes', () => {
  it('{customer.tier} from the batch API', async () => {
    await inject({
      method: 'POST',
      url: '/api/v1/alert-rules',
      headers: a.as('admin'),
      payload: {
        kind: 'response',
        name: 'gold unhappy',
        condition: { expression: "{nps} <= 8 and {customer.tier} = 'gold'" },
        scope: { orgUnitId: a.units.S2.id },
        actions: { ticket: { priority: 'urgent', assign: 'unit_manager' } },
      },
    });
    await load('S2', [31, 31], [8], { externalId: 'G-1', tier: 'gold', phone: '13800000000' });
    await load('S2', [31, 31], [8], { externalId: 'S-1', tier: 'silver' });
    while ((await runDueJobs(t.ctx, undefined, mine())) > 0);
    const list = (
      await inject({
        method: 'GET',
        url: `/api/v1/tickets?orgUnitId=${a.units.S2.id}&priority=urgent`,
        headers: a.as('admin'),
      })
    ).json().items;
    expect(list).toHaveLength(1);
    const [row] = await rows<{ context: Record<string, unknown> }>(
      t.ctx.db,
      sql`SELECT context FROM responses WHERE tenant_id = ${a.tenantId} AND customer_ref = 'G-1'`,
    );
    expect(row.context.customer).toEqual({ externalId: 'G-1', tier: 'gold' });
  });
});

describe('crash safety', () => {
  it('a worker that dies after tickets are written but before the job finishes creates no duplicates on retry', async () => {
    await inject({
      method: 'POST',
      url: '/api/v1/alert-rules',
      headers: a.as('admin'),
      payload: {
        kind: 'response',
        name: 'detractor',
        condition: { expression: '{nps} <= 2' },
        scope: { orgUnitId: a.units.S1.id },
        actions: { ticket: { priority: 'normal', assign: 'unit_manager' } },
      },
    });
    // The alerts listener as the modules declare it, made to crash once right after it committed its tickets.
    const listeners = (await loadModules()).find((m) => m.name === 'alerts')!.responseListeners!;
    const alerts = listeners.alerts;
    const crash = vi.spyOn(listeners, 'alerts').mockImplementationOnce(async (...args) => {
      await alerts(...args);
      throw new Error('worker killed');
    });
    const before = (await ticketsFor(a.units.S1.id)).length;
    await load('S1', [31, 31], [0]);
    await runDueJobs(t.ctx, undefined, mine()); // alerts listener commits the ticket, then the crash fails the job
    await t.ctx.db.execute(sql`UPDATE jobs SET run_at = now() - interval '1 second' WHERE tenant_id = ${a.tenantId}`);
    while ((await runDueJobs(t.ctx, undefined, mine())) > 0);
    const after = (await ticketsFor(a.units.S1.id)).length;
    expect(after - before).toBe(1);
    const [jobs] = await rows<{ n: number }>(
      t.ctx.db,
      sql`SELECT count(*)::int AS n FROM jobs WHERE dead_at IS NULL AND tenant_id = ${a.tenantId}`,
    );
    expect(jobs.n).toBe(0);
    expect(crash).toHaveBeenCalled();
    crash.mockRestore();
  });
});
