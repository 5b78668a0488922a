import { expect } from 'vitest';
import { awardPoints } from '../domains/panel/commands/review.ts';
import type { TestApp } from '../testing/harness.ts';
import type { Api, Ids } from './fixtures.ts';
import { PNG_1X1 } from './fixtures-inspections.ts';

/**
 * Experience-panel objects for one tenant (see `createObjects`): a panel, a member who applied through its link,
 * a store-visit task at the unit assigned to them, a photo and a submission of it (unit-owned: the task's unit),
 * made through the public routes as a member's phone makes them; a reward and the member's redemption of it. Registered in `ids` by the route path up to
 * their parameter.
 */
export async function panelFixtures(t: TestApp, api: Api, unit: { id: string }, tag: string, ids: Ids, tenant: string) {
  const panel = await api('POST', '/api/v1/panels', { name: `panel ${tag}`, tiers: [{ name: 'T0', minPoints: 0 }] });
  ids['/api/v1/panels/{id}'] = panel.json().id;
  const join = (panel.json().joinUrl as string).split('/').pop();
  const phone = `139${String(Number.parseInt(tag.replace(/\W/g, '').slice(-6), 36) % 1e8).padStart(8, '0')}`;
  const applied = await t.app.inject({
    method: 'POST',
    url: `/api/v1/public/panels/${join}/apply`,
    payload: { name: `Member ${tag}`, phone, consent: true },
  });
  expect(applied.statusCode, applied.body).toBe(201);
  const token = (applied.json().portalUrl as string).split('/').pop();
  const task = await api('POST', `/api/v1/panels/${panel.json().id}/tasks`, {
    title: `visit ${tag}`,
    kind: 'offline',
    orgUnitId: unit.id,
    fields: [{ code: 'note', label: 'Note', type: 'text' }],
    points: 10,
    dueAt: new Date(Date.now() + 30 * 86400_000).toISOString(),
    assignTo: { kind: 'all' },
  });
  expect(task.statusCode).toBe(201);
  const portal = await t.app.inject({ method: 'GET', url: `/api/v1/public/panel-members/${token}` });
  const assignmentId = portal.json().assignments[0].id as string;
  const boundary = `----panel${tag}`;
  const photo = await t.app.inject({
    method: 'POST',
    url: `/api/v1/public/panel-members/${token}/assignments/${assignmentId}/photos`,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.png"\r\nContent-Type: image/png\r\n\r\n`,
      ),
      Buffer.from(PNG_1X1, 'base64'),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  });
  expect(photo.statusCode, photo.body).toBe(201);
  const sent = await t.app.inject({
    method: 'POST',
    url: `/api/v1/public/panel-members/${token}/assignments/${assignmentId}/submit`,
    payload: { answers: { note: 'ok' } },
  });
  expect(sent.statusCode, sent.body).toBe(200);
  const queue = await api('GET', `/api/v1/panel-submissions?panelId=${panel.json().id}`);
  const sub = queue.json().items[0] as { id: string; memberId: string; photos: Array<{ id: string }> };
  ids['/api/v1/panel-members/{id}'] = sub.memberId;
  ids['/api/v1/panel-submissions/{id}'] = sub.id;
  ids['/api/v1/panel-submissions/{id}/photos/{photoId}'] = sub.photos[0].id;
  // A reward, and the member's redemption of it (an adjustment gives the points it costs; the submission stays
  // pending for the review routes).
  await t.ctx.db.transaction((tx) =>
    awardPoints(
      tx,
      { tenantId: tenant, memberId: sub.memberId, delta: 5, reason: 'adjustment', referenceId: null, by: null },
      t.ctx.clock.now(),
    ),
  );
  const reward = await api('POST', `/api/v1/panels/${panel.json().id}/rewards`, { name: `gift ${tag}`, pointsCost: 5 });
  ids['/api/v1/panel-rewards/{id}'] = reward.json().id;
  const redeemed = await t.app.inject({
    method: 'POST',
    url: `/api/v1/public/panel-members/${token}/redemptions`,
    payload: { rewardId: reward.json().id },
  });
  expect(redeemed.statusCode, redeemed.body).toBe(201);
  const redemptions = await api('GET', `/api/v1/panel-redemptions?panelId=${panel.json().id}`);
  ids['/api/v1/panel-redemptions/{id}'] = redemptions.json().items[0].id;
}
