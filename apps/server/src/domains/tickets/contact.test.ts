import { ZTicketContactPhoneResponse } from '@loopcx/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { one, rows, sql } from '../../platform/db.ts';
import { problem, setupTestSuite } from '../../testing/harness.ts';

// A respondent who agrees to be contacted leaves a phone number (a `tel` question shown after a consent question):
// the ticket the low score opens shows it masked, those who work the ticket can open it to call back, and the
// customer profile holds it as a hashed identity. The number is never stored in clear.
const env = setupTestSuite();
let storeToken: string;

const def = {
  elements: [
    { type: 'rating', name: 'nps', rateMin: 0, rateMax: 10, isRequired: true },
    { type: 'comment', name: 'why' },
    { type: 'boolean', name: 'may_contact', title: '我们可以联系您吗？' },
    { type: 'text', inputType: 'tel', name: 'phone', visibleIf: '{may_contact} = true', isRequired: true },
  ],
};

beforeAll(async () => {
  const surveyId = (
    await env.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: env.a.as('admin'),
      payload: { name: 'NPS', definition: def, bindings: { nps: 'nps' } },
    })
  ).json().id;
  await env.inject({ method: 'POST', url: `/api/v1/surveys/${surveyId}/publish`, headers: env.a.as('admin') });
  storeToken = (
    await env.inject({ method: 'GET', url: `/api/v1/surveys/${surveyId}/unit-links`, headers: env.a.as('admin') })
  )
    .json()
    .items.find((x: { orgUnit: { id: string } }) => x.orgUnit.id === env.a.units.S1.id).token;
  const created = await env.inject({
    method: 'POST',
    url: '/api/v1/alert-rules',
    headers: env.a.as('admin'),
    payload: {
      kind: 'response',
      name: '低分预警',
      condition: { expression: '{nps} <= 6' },
      actions: { ticket: { priority: 'high', assign: 'unit_manager' } },
    },
  });
  expect(created.statusCode).toBe(201);
});

let n = 0;
const submit = (answers: Record<string, unknown>) =>
  env.inject({
    method: 'POST',
    url: '/api/v1/responses',
    payload: { token: storeToken, answers, idempotencyKey: `contact-${n++}-${Date.now()}` },
  });

async function ticketOf(responseId: string) {
  await env.runJobs();
  const list = await env.inject({
    method: 'GET',
    url: `/api/v1/tickets?responseId=${responseId}`,
    headers: env.a.as('storeManager'),
  });
  expect(list.statusCode).toBe(200);
  return list.json().items[0];
}

describe('call-back phone on the survey page', () => {
  it('refuses a number that is neither a mainland mobile nor E.164, naming the question', async () => {
    for (const phone of ['12345', '021-62345678', 'call me']) {
      const res = await submit({ nps: 2, may_contact: true, phone });
      expect(res.statusCode).toBe(422);
      expect(problem(res).invalidParams?.map((p) => p.name)).toEqual(['answers.phone']);
    }
  });

  it('without consent the number is not kept and the ticket has none', async () => {
    const res = await submit({ nps: 3, may_contact: false, phone: '13900139000' });
    expect(res.statusCode).toBe(201);
    const ticket = await ticketOf(res.json().id);
    expect(ticket.contactPhone).toBeNull();
    const stored = await one<{ text: string }>(
      env.t.ctx.db,
      sql`SELECT r::text AS text FROM responses r WHERE tenant_id = ${env.a.tenantId} AND id = ${res.json().id}`,
    );
    expect(stored?.text).not.toContain('13900139000');
  });

  it('with consent: masked on the ticket and the response, opened for a call-back, a hashed customer identity', async () => {
    const res = await submit({ nps: 2, why: '等了四十分钟', may_contact: true, phone: '+86 138 0013 8000' });
    expect(res.statusCode).toBe(201);
    const responseId = res.json().id;
    const ticket = await ticketOf(responseId);
    expect(ticket.contactPhone).toBe('138****8000');
    expect(ticket.scores).toEqual({ nps: 2 });
    expect(ticket.orgUnit.id).toBe(env.a.units.S1.id);

    // Nowhere in clear: not in the response row, not in the ticket row.
    const clear = await rows<{ n: number }>(
      env.t.ctx.db,
      sql`SELECT (SELECT count(*) FROM responses r WHERE r.tenant_id = ${env.a.tenantId} AND r::text LIKE '%13800138000%')::int
               + (SELECT count(*) FROM tickets t WHERE t.tenant_id = ${env.a.tenantId} AND t::text LIKE '%13800138000%')::int AS n`,
    );
    expect(clear[0].n).toBe(0);
    const answers = await one<{ phone: string }>(
      env.t.ctx.db,
      sql`SELECT answers->>'phone' AS phone FROM responses WHERE tenant_id = ${env.a.tenantId} AND id = ${responseId}`,
    );
    expect(answers?.phone).toBe('138****8000');

    // Those who work the ticket open it; readers do not; another tenant cannot see the ticket at all.
    const url = `/api/v1/tickets/${ticket.id}/contact-phone`;
    const opened = await env.inject({ method: 'POST', url, headers: env.a.as('storeManager') });
    expect(opened.statusCode).toBe(200);
    expect(ZTicketContactPhoneResponse.parse(opened.json()).phone).toBe('13800138000');
    expect((await env.inject({ method: 'POST', url })).statusCode).toBe(401);
    expect((await env.inject({ method: 'POST', url, headers: env.a.as('analyst') })).statusCode).toBe(403);
    expect((await env.inject({ method: 'POST', url, headers: env.a.as('viewer') })).statusCode).toBe(403);
    expect((await env.inject({ method: 'POST', url, headers: env.b.as('owner') })).statusCode).toBe(404);
    const bad = await env.inject({
      method: 'POST',
      url: '/api/v1/tickets/not-a-uuid/contact-phone',
      headers: env.a.as('admin'),
    });
    expect(bad.statusCode).toBe(422);
    const detail = (
      await env.inject({ method: 'GET', url: `/api/v1/tickets/${ticket.id}`, headers: env.a.as('storeManager') })
    ).json();
    expect(detail.events.map((e: { kind: string }) => e.kind)).toContain('phone_revealed');
    const audited = await one<{ n: number }>(
      env.t.ctx.db,
      sql`SELECT count(*)::int AS n FROM audit_log WHERE tenant_id = ${env.a.tenantId} AND action = 'ticket.contact_phone.reveal' AND target_id = ${ticket.id}`,
    );
    expect(audited?.n).toBe(1);

    // A ticket without a phone has nothing to open.
    const other = await submit({ nps: 1, may_contact: false });
    const plain = await ticketOf(other.json().id);
    expect(
      (
        await env.inject({
          method: 'POST',
          url: `/api/v1/tickets/${plain.id}/contact-phone`,
          headers: env.a.as('admin'),
        })
      ).statusCode,
    ).toBe(404);

    // The customer profile: found by the phone in any format, showing only the masked form.
    const found = await env.inject({
      method: 'GET',
      url: `/api/v1/customers?q=${encodeURIComponent('138-0013-8000')}`,
      headers: env.a.as('admin'),
    });
    expect(found.statusCode).toBe(200);
    const items = found.json().items;
    expect(items).toHaveLength(1);
    expect(JSON.stringify(items[0])).not.toContain('13800138000');
    const linked = await one<{ customer_id: string | null }>(
      env.t.ctx.db,
      sql`SELECT customer_id FROM responses WHERE tenant_id = ${env.a.tenantId} AND id = ${responseId}`,
    );
    expect(linked?.customer_id).toBe(items[0].id);
  });

  it('a context given by an integrator cannot pose as a respondent’s phone', async () => {
    const { prepareWith } = await import('../responses/prepare.ts');
    const { compileSurvey } = await import('../surveys/compile.ts');
    const out = prepareWith(env.t.ctx, compileSurvey(def), () => '2026-12-05', {
      tenantId: env.a.tenantId,
      surveyId: env.a.tenantId,
      version: { id: env.a.tenantId, bindings: { nps: 'nps' } },
      answers: { nps: 3 },
      context: { contact: { phone: { display: '138****0000', sealed: 'v1.x.y.z' } }, table: 7 },
      orgUnitId: null,
      orgPath: null,
      touchpointId: null,
      customerRef: null,
      channel: 'api',
      invitationId: null,
      locale: null,
      idempotencyKey: 'k',
      submittedAt: new Date(),
      hashOf: {},
    });
    expect(out.item?.context).toEqual({ table: 7 });
  });
});
