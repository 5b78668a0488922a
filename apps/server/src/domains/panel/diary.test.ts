import { ZPanel, ZPanelSubmissionList, ZPortal, ZPortalDiarySurvey } from '@loopcx/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FakeClock } from '../../platform/clock.ts';
import { one, rows, sql } from '../../platform/db.ts';
import { problem, setupTestSuite, type TestTenant } from '../../testing/harness.ts';
import { signMemberToken, verifyMemberToken } from './tokens.ts';

const s = setupTestSuite();
const DAY = 86400_000;

const api = (method: string, user: string, url: string, payload?: unknown, t: TestTenant = s.a) =>
  s.inject({ method: method as 'GET', url: `/api/v1${url}`, headers: t.as(user), payload: payload as object });
const pub = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
  s.inject({ method, url: `/api/v1/public/${url}`, payload: payload as object });
const tokenOf = (url: string) => url.split('/').pop() as string;
const clock = () => s.t.ctx.clock as FakeClock;

const DIARY = {
  elements: [
    { type: 'rating', name: 'taste', title: '今天的口味打几分？', isRequired: true, rateMin: 1, rateMax: 5 },
    { type: 'comment', name: 'notes', title: '记录今天的体验', isRequired: true },
    {
      type: 'radiogroup',
      name: 'again',
      title: '还会再来吗？',
      choices: [
        { value: 'yes', text: '会再来' },
        { value: 'no', text: '不会' },
      ],
    },
  ],
};

async function survey(name: string, publish: boolean, t: TestTenant = s.a) {
  const res = await api('POST', 'owner', '/surveys', { name, definition: DIARY }, t);
  expect(res.statusCode, res.body).toBe(201);
  if (publish)
    expect((await api('POST', 'owner', `/surveys/${res.json().id}/publish`, undefined, t)).statusCode).toBe(200);
  return res.json().id as string;
}

let panelId: string;
let liveSurvey: string;
const members: Array<{ token: string; memberId: string }> = [];

beforeAll(async () => {
  const res = await api('POST', 'owner', '/panels', { name: '日记小组', passRule: { kind: 'all' } });
  expect(res.statusCode, res.body).toBe(201);
  const panel = ZPanel.parse(res.json());
  panelId = panel.id;
  for (const [name, phone] of [
    ['日记甲', '13700137001'],
    ['日记乙', '13700137002'],
  ]) {
    const a = await pub('POST', `panels/${tokenOf(panel.joinUrl)}/apply`, { name, phone, consent: true });
    expect(a.statusCode, a.body).toBe(201);
    const token = tokenOf(a.json().portalUrl);
    members.push({ token, memberId: verifyMemberToken(s.t.ctx.config.secret, token)!.memberId });
  }
  liveSurvey = await survey('新品体验日记', true);
});

const due = (days: number) => new Date(clock().now().getTime() + days * DAY).toISOString();
const task = (over: Record<string, unknown>) => ({
  title: '新品日记',
  kind: 'online',
  surveyId: liveSurvey,
  entries: 'daily',
  minEntries: 2,
  orgUnitId: s.a.units.S1.id,
  points: 80,
  dueAt: due(7),
  assignTo: { kind: 'all' },
  ...over,
});
const entry = (answers: Record<string, unknown>, key: string) => ({ answers, idempotencyKey: key });

describe('diary tasks', () => {
  let daily: string;
  let once: string;

  it('creates a diary task on a live survey of the tenant; anything else is a 422 on its field', async () => {
    const draft = await survey('草稿日记', false);
    const archived = await survey('归档日记', true);
    expect((await api('POST', 'owner', `/surveys/${archived}/archive`)).statusCode).toBe(200);
    const foreign = await survey('别家日记', true, s.b);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ surveyId: draft }, 'surveyId'],
      [{ surveyId: archived }, 'surveyId'],
      [{ surveyId: foreign }, 'surveyId'],
      [{ surveyId: 'not-a-uuid' }, 'surveyId'],
      [{ kind: 'offline' }, 'surveyId'],
      [{ fields: [{ code: 'a', label: 'A', type: 'text' }] }, 'fields'],
      [{ entries: 'once', minEntries: 3 }, 'minEntries'],
      [{ entries: 'weekly' }, 'entries'],
      [{ minEntries: 0 }, 'minEntries'],
      [{ surveyId: undefined }, 'fields'],
    ];
    for (const [over, name] of cases) {
      const res = await api('POST', 'owner', `/panels/${panelId}/tasks`, task(over));
      expect(res.statusCode, JSON.stringify(over)).toBe(422);
      expect(
        problem(res).invalidParams?.map((p) => p.name),
        JSON.stringify(over),
      ).toContain(name);
    }
    const made = await api('POST', 'owner', `/panels/${panelId}/tasks`, task({}));
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json().task).toMatchObject({ survey: { id: liveSurvey, name: '新品体验日记' }, entries: 'daily' });
    const one1 = await api(
      'POST',
      'owner',
      `/panels/${panelId}/tasks`,
      task({ title: '一次日记', entries: 'once', minEntries: 1 }),
    );
    expect(one1.statusCode, one1.body).toBe(201);
    const portal = ZPortal.parse((await pub('GET', `panel-members/${members[0].token}`)).json());
    daily = portal.assignments.find((a) => a.title === '新品日记')!.id;
    once = portal.assignments.find((a) => a.title === '一次日记')!.id;
    expect(portal.assignments.find((a) => a.id === daily)?.diary).toMatchObject({
      surveyName: '新品体验日记',
      entries: 'daily',
      minEntries: 2,
      days: [],
      canAdd: true,
    });
  });

  it('serves the survey to the member; another member, tenant or a forged link gets 404', async () => {
    const res = await pub('GET', `panel-members/${members[0].token}/assignments/${daily}/survey`);
    expect(res.statusCode, res.body).toBe(200);
    expect(ZPortalDiarySurvey.parse(res.json()).definition).toMatchObject({ elements: [{ name: 'taste' }, {}, {}] });
    expect((await pub('GET', `panel-members/${members[1].token}/assignments/${daily}/survey`)).statusCode).toBe(404);
    const c = verifyMemberToken(s.t.ctx.config.secret, members[0].token)!;
    const foreign = signMemberToken(s.t.ctx.config.secret, s.b.tenantId, c.memberId, 1);
    expect((await pub('GET', `panel-members/${foreign}/assignments/${daily}/survey`)).statusCode).toBe(404);
    expect((await pub('GET', `panel-members/${members[0].token}x/assignments/${daily}/survey`)).statusCode).toBe(404);
  });

  it('writes an entry as a real response with the customer and unit; one a day; once takes one', async () => {
    const base = `panel-members/${members[0].token}/assignments`;
    const bad: Array<[unknown, number]> = [
      [entry({ taste: 9, notes: 'x' }, 'diary-key-0001'), 422],
      [entry({ notes: 'x' }, 'diary-key-0001'), 422],
      [entry({ taste: 4, notes: 'x', nope: 1 }, 'diary-key-0001'), 422],
      [{ answers: 'x', idempotencyKey: 'diary-key-0001' }, 422],
      [entry({ taste: 4, notes: 'x' }, 'short'), 422],
      [{ ...entry({ taste: 4, notes: 'x' }, 'diary-key-0001'), admin: true }, 422],
    ];
    for (const [body, status] of bad)
      expect((await pub('POST', `${base}/${daily}/entries`, body)).statusCode, JSON.stringify(body)).toBe(status);
    // A submit before the minimum of entries is refused.
    expect(problem(await pub('POST', `${base}/${daily}/submit`, { answers: {} })).invalidParams?.[0]?.name).toBe(
      'entries',
    );
    const first = await pub(
      'POST',
      `${base}/${daily}/entries`,
      entry({ taste: 4, notes: '椒麻鸡偏咸，服务很好', again: 'yes' }, 'diary-key-0001'),
    );
    expect(first.statusCode, first.body).toBe(201);
    expect(ZPortal.parse(first.json()).assignments.find((a) => a.id === daily)?.diary).toMatchObject({
      canAdd: false,
    });
    // The same key again is the same entry; another entry the same day is refused.
    const again = await pub(
      'POST',
      `${base}/${daily}/entries`,
      entry({ taste: 4, notes: '椒麻鸡偏咸，服务很好', again: 'yes' }, 'diary-key-0001'),
    );
    expect(again.statusCode).toBe(200);
    expect(
      (await pub('POST', `${base}/${daily}/entries`, entry({ taste: 3, notes: '再写一篇' }, 'diary-key-0002')))
        .statusCode,
    ).toBe(409);
    // Another member cannot write to this member's assignment.
    expect(
      (
        await pub(
          'POST',
          `panel-members/${members[1].token}/assignments/${daily}/entries`,
          entry({ taste: 3, notes: 'x' }, 'diary-key-0003'),
        )
      ).statusCode,
    ).toBe(404);
    const responses = await rows<{ customer_ref: string; org_unit_id: string; channel: string; survey_id: string }>(
      s.t.ctx.db,
      sql`SELECT r.customer_ref, r.org_unit_id, r.channel, r.survey_id FROM responses r
          JOIN panel_diary_entries e ON e.tenant_id = r.tenant_id AND e.response_id = r.id
          WHERE r.tenant_id = ${s.a.tenantId}`,
    );
    expect(responses).toEqual([
      {
        customer_ref: `panel:${members[0].memberId}`,
        org_unit_id: s.a.units.S1.id,
        channel: 'panel',
        survey_id: liveSurvey,
      },
    ]);
    // Customer resolution links it to the member's own customer (their timeline), creating no new profile.
    // responses.committed → customers.resolve: run jobs until none is due.
    for (let i = 0; i < 5 && (await s.runJobs()) > 0; i++);
    const linked = await one<{ ok: boolean }>(
      s.t.ctx.db,
      sql`SELECT r.customer_id = m.customer_id AS ok FROM responses r, panel_members m
          WHERE r.tenant_id = ${s.a.tenantId} AND r.customer_ref = ${`panel:${members[0].memberId}`}
          AND m.tenant_id = r.tenant_id AND m.id = ${members[0].memberId}`,
    );
    expect(linked?.ok).toBe(true);
    // Tomorrow a second entry is welcome (the clock goes back after: staff sessions expire).
    const start = clock().now();
    clock().advance(DAY);
    try {
      await laterDays(base);
    } finally {
      clock().set(start);
    }
  });

  async function laterDays(base: string) {
    const second = await pub(
      'POST',
      `${base}/${daily}/entries`,
      entry({ taste: 5, notes: '出餐很快，分量足' }, 'diary-key-0004'),
    );
    expect(second.statusCode, second.body).toBe(201);
    expect(ZPortal.parse(second.json()).assignments.find((a) => a.id === daily)?.diary?.days).toHaveLength(2);
    // A once diary takes one entry, whatever the day.
    expect(
      (await pub('POST', `${base}/${once}/entries`, entry({ taste: 2, notes: '一次' }, 'diary-key-0005'))).statusCode,
    ).toBe(201);
    clock().advance(DAY);
    expect(
      (await pub('POST', `${base}/${once}/entries`, entry({ taste: 2, notes: '两次' }, 'diary-key-0006'))).statusCode,
    ).toBe(409);
    // A diary's submission carries no report fields.
    expect((await pub('POST', `${base}/${daily}/submit`, { answers: { notes: 'x' } })).statusCode).toBe(422);
    const sent = await pub('POST', `${base}/${daily}/submit`, { answers: {} });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(
      (await pub('POST', `${base}/${daily}/entries`, entry({ taste: 5, notes: '提交后' }, 'diary-key-0007')))
        .statusCode,
    ).toBe(409);
  }

  it('shows the reviewer the entries’ answers; approval awards the points through the ledger', async () => {
    const got = await api('GET', 'owner', `/panel-submissions?panelId=${panelId}`);
    expect(got.statusCode, got.body).toBe(200);
    const list = ZPanelSubmissionList.parse(got.json());
    const sub = list.items.find((x) => x.taskTitle === '新品日记')!;
    expect(sub.entries).toHaveLength(2);
    expect(sub.entries[0].answers).toEqual([
      { name: 'taste', title: '今天的口味打几分？', value: '4' },
      { name: 'notes', title: '记录今天的体验', value: '椒麻鸡偏咸，服务很好' },
      // A choice reads as its label, as the survey showed it, not its stored value.
      { name: 'again', title: '还会再来吗？', value: '会再来' },
    ]);
    expect((await api('GET', 'owner', `/panel-submissions?panelId=${panelId}`, undefined, s.b)).json().items).toEqual(
      [],
    );
    const res = await api('POST', 'owner', `/panel-submissions/${sub.id}/review`, { decision: 'approve' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'approved', pointsAwarded: 80, feedbackItemId: null });
    expect(res.json().entries).toHaveLength(2);
    const ledger = await rows<{ delta: number; reason: string }>(
      s.t.ctx.db,
      sql`SELECT delta, reason FROM panel_point_ledger WHERE tenant_id = ${s.a.tenantId} AND member_id = ${members[0].memberId}`,
    );
    expect(ledger).toEqual([{ delta: 80, reason: 'task_approved' }]);
    expect(ZPortal.parse((await pub('GET', `panel-members/${members[0].token}`)).json()).points).toBe(80);
  });

  it('a member who left gets what the portal answers them (no diary, no entry)', async () => {
    const before = ZPortal.parse((await pub('GET', `panel-members/${members[1].token}`)).json());
    const mine = before.assignments.find((a) => a.title === '新品日记')!.id;
    const left = await api('PATCH', 'owner', `/panel-members/${members[1].memberId}`, { status: 'left' });
    expect(left.statusCode, left.body).toBe(200);
    const portal = (await pub('GET', `panel-members/${members[1].token}`)).statusCode;
    expect([404, 410]).toContain(portal);
    const base = `panel-members/${members[1].token}/assignments/${mine}`;
    expect((await pub('GET', `${base}/survey`)).statusCode).toBe(portal);
    expect(
      (await pub('POST', `${base}/entries`, entry({ taste: 3, notes: '离开后' }, 'diary-key-0008'))).statusCode,
    ).toBe(portal);
  });
});
