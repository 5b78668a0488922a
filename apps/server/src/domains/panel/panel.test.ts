import { randomUUID } from 'node:crypto';
import { ZPanel, ZPanelMemberDetail, ZPanelSubmissionList, ZPortal, ZPublicPanel } from '@loopcx/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FakeClock } from '../../platform/clock.ts';
import { one, rows, sql } from '../../platform/db.ts';
import { problem, setupTestSuite, type TestTenant } from '../../testing/harness.ts';
import { markOverdue } from './commands/overdue.ts';
import { signJoinToken, signMemberToken, verifyMemberToken } from './tokens.ts';

const s = setupTestSuite();
const DAY = 86400_000;
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4b00000000049454e44ae426082',
  'hex',
);
const STORE = { lat: 31.2304, lng: 121.4737 };

const api = (method: string, user: string, url: string, payload?: unknown, t: TestTenant = s.a) =>
  s.inject({ method: method as 'GET', url: `/api/v1${url}`, headers: t.as(user), payload: payload as object });
const pub = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
  s.inject({ method, url: `/api/v1/public/${url}`, payload: payload as object });
const tokenOf = (url: string) => url.split('/').pop() as string;

function multipart(file: Buffer, type: string) {
  const boundary = `----loopcx${randomUUID().slice(0, 8)}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.png"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const SCREENER = {
  elements: [
    {
      type: 'radiogroup',
      name: 'visits',
      title: { default: 'How often do you visit?', 'zh-cn': '您多久来一次门店？' },
      isRequired: true,
      choices: [
        { value: 'weekly', text: '每周' },
        { value: 'monthly', text: '每月' },
        { value: 'rarely', text: '很少' },
      ],
    },
    { type: 'comment', name: 'about', title: '介绍一下自己' },
  ],
};
const FIELDS = [
  { code: 'service', label: '服务体验', type: 'text', required: true },
  { code: 'score', label: '总体评分', type: 'rating', required: true },
  { code: 'clean', label: '门店整洁', type: 'yesno', required: false },
];

let panel: { id: string; joinUrl: string };
const join = () => tokenOf(panel.joinUrl);
const due = () => new Date(s.t.ctx.clock.now().getTime() + 7 * DAY).toISOString();

beforeAll(async () => {
  await s.t.ctx.db.execute(
    sql`UPDATE org_units SET lat = ${STORE.lat}, lng = ${STORE.lng} WHERE tenant_id = ${s.a.tenantId} AND id IN (${s.a.units.S1.id}, ${s.a.units.S3.id})`,
  );
  const survey = await api('POST', 'owner', '/surveys', { name: '体验达人招募问卷', definition: SCREENER });
  expect(survey.statusCode, survey.body).toBe(201);
  const res = await api('POST', 'owner', '/panels', {
    name: '体验达人计划',
    description: '到店体验，分享真实感受',
    benefits: '积分兑换礼品',
    screenerSurveyId: survey.json().id,
    passRule: { kind: 'answer', question: 'visits', anyOf: ['weekly', 'monthly'] },
    tiers: [
      { name: '新手', minPoints: 0 },
      { name: '达人', minPoints: 100 },
      { name: '资深达人', minPoints: 300 },
    ],
  });
  expect(res.statusCode, res.body).toBe(201);
  panel = ZPanel.parse(res.json());
});

async function apply(body: Record<string, unknown>) {
  return pub('POST', `panels/${join()}/apply`, { consent: true, ...body });
}

async function activeMember(name: string, phone: string) {
  const res = await apply({ name, phone, answers: { visits: 'weekly' } });
  expect(res.statusCode, res.body).toBe(201);
  return { token: tokenOf(res.json().portalUrl as string) };
}

describe('recruitment', () => {
  it('shows the panel and its screener on the link; a forged link is 404', async () => {
    const page = ZPublicPanel.parse((await pub('GET', `panels/${join()}`)).json());
    expect(page).toMatchObject({ name: '体验达人计划', open: true });
    expect(page.questions[0]).toMatchObject({ name: 'visits', type: 'single', required: true });
    expect(page.questions[0].title.zh).toBe('您多久来一次门店？');
    const forged = `${join().slice(0, -2)}AA`;
    expect((await pub('GET', `panels/${forged}`)).statusCode).toBe(404);
    // Another tenant's id inside a genuine signature is no panel of that tenant.
    expect(
      (await pub('GET', `panels/${signJoinToken(s.t.ctx.config.secret, s.b.tenantId, panel.id)}`)).statusCode,
    ).toBe(404);
    expect((await s.inject({ method: 'GET', url: `/join/${forged}` })).statusCode).toBe(404);
  });

  it('passes, rejects and dedupes by identity; the customer is tagged', async () => {
    const ok = await apply({ name: '小王', phone: '138 0013 8001', answers: { visits: 'monthly', about: '爱喝咖啡' } });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().status).toBe('active');
    expect(ok.json().portalUrl).toMatch(/\/m\//);
    const again = await apply({ name: '小王', phone: '+86 13800138001', answers: { visits: 'weekly' } });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ status: 'active', portalUrl: null });
    const no = await apply({ name: '小李', email: 'li@example.com', answers: { visits: 'rarely' } });
    expect(no.json()).toEqual({ status: 'rejected', portalUrl: null });
    const tagged = await rows<{ tag: string }>(
      s.t.ctx.db,
      sql`SELECT t.tag FROM customer_tags t JOIN panel_members m ON m.tenant_id = t.tenant_id AND m.customer_id = t.customer_id
          WHERE m.tenant_id = ${s.a.tenantId} AND m.display_name = '小王'`,
    );
    expect(tagged.map((t) => t.tag)).toEqual(['体验达人']);
    const members = await api('GET', 'owner', `/panels/${panel.id}/members?status=active`);
    expect(members.json().items.map((m: { displayName: string }) => m.displayName)).toContain('小王');
  });

  it('answers hostile or malformed applications with 4xx', async () => {
    const cases: Array<[Record<string, unknown>, number]> = [
      [{ name: 'x', phone: '13800138002', answers: { visits: 'never' } }, 422],
      [{ name: 'x', phone: '13800138002', answers: { nope: 'a' } }, 422],
      [{ name: 'x', phone: '13800138002', answers: {} }, 422],
      [{ name: 'x', phone: 'not-a-phone', answers: { visits: 'weekly' } }, 422],
      [{ name: 'x', answers: { visits: 'weekly' } }, 422],
      [{ name: 'x'.repeat(500), phone: '13800138002', answers: { visits: 'weekly' } }, 422],
      [{ name: 'x', phone: '13800138002', answers: { visits: 'weekly' }, consent: false }, 422],
      [{ name: 'x', phone: '13800138002', answers: { visits: 'weekly' }, admin: true }, 422],
    ];
    for (const [body, status] of cases) expect((await apply(body)).statusCode, JSON.stringify(body)).toBe(status);
    const bad = await pub('POST', `panels/${join()}/apply`, 'not json');
    expect(bad.statusCode).toBeGreaterThanOrEqual(400);
    expect(bad.statusCode).toBeLessThan(500);
  });
});

describe('tasks, portal and review', () => {
  let member: { token: string };
  let assignmentId: string;

  beforeAll(async () => {
    member = await activeMember('小张', '13900139001');
  });

  it('refuses a forged, rotated or cross-purpose portal link with 404', async () => {
    expect((await pub('GET', `panel-members/${member.token}`)).statusCode).toBe(200);
    expect((await pub('GET', `panel-members/${member.token.slice(0, -3)}abc`)).statusCode).toBe(404);
    expect((await pub('GET', `panel-members/${join()}`)).statusCode).toBe(404);
    const c = verifyMemberToken(s.t.ctx.config.secret, member.token)!;
    expect(
      (await pub('GET', `panel-members/${signMemberToken(s.t.ctx.config.secret, c.tenantId, c.memberId, 2)}`))
        .statusCode,
    ).toBe(404);
    expect(
      (await pub('GET', `panel-members/${signMemberToken(s.t.ctx.config.secret, s.b.tenantId, c.memberId, 1)}`))
        .statusCode,
    ).toBe(404);
  });

  it('creates a store-visit task assigned to the tier; only managers at the root may', async () => {
    const body = {
      title: '门店体验 · 南京西路店',
      kind: 'offline',
      instructions: '到店点一杯咖啡，观察服务',
      orgUnitId: s.a.units.S1.id,
      checkInRequired: true,
      radiusM: 300,
      minPhotos: 1,
      fields: FIELDS,
      points: 120,
      dueAt: due(),
      assignTo: { kind: 'tiers', tiers: ['新手'] },
    };
    expect((await api('POST', 'storeManager', `/panels/${panel.id}/tasks`, body)).statusCode).toBe(403);
    expect(
      (await api('POST', 'owner', `/panels/${panel.id}/tasks`, { ...body, orgUnitId: undefined })).statusCode,
    ).toBe(422);
    expect(
      (await api('POST', 'owner', `/panels/${panel.id}/tasks`, { ...body, assignTo: { kind: 'tiers', tiers: ['x'] } }))
        .statusCode,
    ).toBe(422);
    expect((await api('POST', 'owner', `/panels/${panel.id}/tasks`, body, s.b)).statusCode).toBe(404);
    const res = await api('POST', 'owner', `/panels/${panel.id}/tasks`, body);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().assigned).toBeGreaterThanOrEqual(2);
    const portal = ZPortal.parse((await pub('GET', `panel-members/${member.token}`)).json());
    expect(portal.assignments.map((a) => a.title)).toEqual(['门店体验 · 南京西路店']);
    expect(portal).toMatchObject({ points: 0, tier: '新手', nextTier: { name: '达人', minPoints: 100 } });
    assignmentId = portal.assignments[0].id;
  });

  it('validates check-in, photos and the report before accepting a submission', async () => {
    const base = `panel-members/${member.token}/assignments/${assignmentId}`;
    const answers = { service: '店员很热情，推荐了新品', score: 5, clean: true };
    expect(problem(await pub('POST', `${base}/submit`, { answers })).invalidParams?.[0]?.name).toBe('checkIn');
    const far = await pub('POST', `${base}/check-in`, { lat: 31.3, lng: 121.5 });
    expect(far.statusCode).toBe(422);
    expect(far.json().detail).toMatch(/m from the store/);
    expect((await pub('POST', `${base}/check-in`, { lat: 91, lng: 0 })).statusCode).toBe(422);
    const near = await pub('POST', `${base}/check-in`, { lat: 31.2306, lng: 121.4739 });
    expect(near.statusCode, near.body).toBe(200);
    expect(near.json().assignments[0]).toMatchObject({ checkedIn: true });
    expect(near.json().assignments[0].checkInDistanceM).toBeLessThan(50);
    expect(problem(await pub('POST', `${base}/submit`, { answers })).invalidParams?.[0]?.name).toBe('photos');
    const html = multipart(Buffer.from('<html>'), 'image/png');
    expect((await s.inject({ method: 'POST', url: `/api/v1/public/${base}/photos`, ...html })).statusCode).toBe(422);
    const ok = await s.inject({ method: 'POST', url: `/api/v1/public/${base}/photos`, ...multipart(PNG, 'image/png') });
    expect(ok.statusCode, ok.body).toBe(201);
    const img = await s.inject({ method: 'GET', url: ok.json().url });
    expect(img.headers['content-type']).toBe('image/png');
    expect((await pub('POST', `${base}/submit`, { answers: { ...answers, score: 9 } })).statusCode).toBe(422);
    expect((await pub('POST', `${base}/submit`, { answers: { ...answers, other: 'x' } })).statusCode).toBe(422);
    expect((await pub('POST', `${base}/submit`, { answers: { score: 4 } })).statusCode).toBe(422);
    const sent = await pub('POST', `${base}/submit`, { answers });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json().assignments[0].status).toBe('submitted');
    expect((await pub('POST', `${base}/submit`, { answers })).statusCode).toBe(409);
    // The reviewers at the root (owner, admin) are told.
    const told = await rows<{ recipient: string }>(
      s.t.ctx.db,
      sql`SELECT recipient FROM notifications WHERE tenant_id = ${s.a.tenantId} AND channel = 'in_app' AND data->>'submissionId' IS NOT NULL`,
    );
    expect(told.length).toBeGreaterThanOrEqual(2);
  });

  it('approves: points through the ledger, a new tier, a feedback item with the unit and customer', async () => {
    const queue = ZPanelSubmissionList.parse(
      (await api('GET', 'owner', `/panel-submissions?panelId=${panel.id}`)).json(),
    );
    const sub = queue.items.find((x) => x.assignmentId === assignmentId)!;
    expect(sub).toMatchObject({ memberName: '小张', status: 'submitted' });
    expect(sub.photos).toHaveLength(1);
    expect((await s.inject({ method: 'GET', url: sub.photos[0].url, headers: s.a.as('owner') })).statusCode).toBe(200);
    expect((await s.inject({ method: 'GET', url: sub.photos[0].url, headers: s.b.as('owner') })).statusCode).toBe(404);
    expect((await api('POST', 'owner', `/panel-submissions/${sub.id}/review`, { decision: 'reject' })).statusCode).toBe(
      422,
    );
    expect(
      (await api('POST', 'viewer', `/panel-submissions/${sub.id}/review`, { decision: 'approve' })).statusCode,
    ).toBe(403);
    expect(
      (await api('POST', 'owner', `/panel-submissions/${sub.id}/review`, { decision: 'approve' }, s.b)).statusCode,
    ).toBe(404);
    const res = await api('POST', 'owner', `/panel-submissions/${sub.id}/review`, { decision: 'approve' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'approved', pointsAwarded: 120 });
    expect(
      (await api('POST', 'owner', `/panel-submissions/${sub.id}/review`, { decision: 'approve' })).statusCode,
    ).toBe(409);
    const portal = ZPortal.parse((await pub('GET', `panel-members/${member.token}`)).json());
    expect(portal).toMatchObject({ points: 120, tier: '达人' });
    const detail = ZPanelMemberDetail.parse((await api('GET', 'owner', `/panel-members/${sub.memberId}`)).json());
    expect(detail.ledger).toMatchObject([{ delta: 120, reason: 'task_approved', referenceId: sub.id }]);
    const fb = await one<{ source: string; org_unit_id: string; customer_id: string; text: string }>(
      s.t.ctx.db,
      sql`SELECT source, org_unit_id, customer_id, text FROM feedback_items WHERE tenant_id = ${s.a.tenantId} AND id = ${res.json().feedbackItemId}`,
    );
    expect(fb).toMatchObject({ source: 'panel', org_unit_id: s.a.units.S1.id, customer_id: detail.member.customerId });
    expect(fb?.text).toContain('店员很热情');
    // The item is analysed like any other feedback (its text job is queued with it).
    const jobs = await rows(
      s.t.ctx.db,
      sql`SELECT 1 FROM jobs WHERE tenant_id = ${s.a.tenantId} AND kind = 'text.analyze' AND payload::text LIKE ${`%${res.json().feedbackItemId}%`}`,
    );
    expect(jobs.length).toBe(1);
  });

  it('scopes the review queue by unit: a store manager of another store sees none of it', async () => {
    const mine = await api('GET', 'storeManager', '/panel-submissions?state=all');
    expect(mine.statusCode).toBe(200);
    expect(mine.json().items.length).toBeGreaterThan(0);
    const other = await api('GET', 'owner', '/panel-submissions?state=all', undefined, s.b);
    expect(other.json().items).toEqual([]);
  });

  it('a member who leaves loses the link; rotating stops the old link', async () => {
    const m = await activeMember('小赵', '13900139009');
    const c = verifyMemberToken(s.t.ctx.config.secret, m.token)!;
    const rot = await api('PATCH', 'owner', `/panel-members/${c.memberId}`, { rotateLink: true });
    expect(rot.statusCode, rot.body).toBe(200);
    expect((await pub('GET', `panel-members/${m.token}`)).statusCode).toBe(404);
    const fresh = tokenOf(rot.json().portalUrl);
    expect((await pub('GET', `panel-members/${fresh}`)).statusCode).toBe(200);
    await api('PATCH', 'owner', `/panel-members/${c.memberId}`, { status: 'left' });
    expect((await pub('GET', `panel-members/${fresh}`)).statusCode).toBe(404);
  });

  it('marks assignments past due as overdue, once', async () => {
    const clock = s.t.ctx.clock as FakeClock;
    const start = clock.now();
    clock.advance(8 * DAY);
    try {
      expect(await markOverdue(s.t.ctx)).toBeGreaterThan(0);
      expect(await markOverdue(s.t.ctx)).toBe(0);
    } finally {
      clock.set(start);
    }
  });
});
