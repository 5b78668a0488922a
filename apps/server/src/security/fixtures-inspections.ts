import { expect } from 'vitest';
import type { TestApp } from '../testing/harness.ts';
import type { Api, Ids } from './fixtures.ts';

/** A 1×1 PNG. */
export const PNG_1X1 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/**
 * Service QA objects for one tenant (see `createObjects`): a checklist, an audit of the unit against it with one
 * photo (multipart, as a phone sends it), and a monthly audit plan of the unit. Registered in `ids` by the route path up to their parameter.
 */
export async function inspectionFixtures(
  t: TestApp,
  api: Api,
  owner: Record<string, string>,
  unit: { id: string },
  tag: string,
  ids: Ids,
): Promise<void> {
  const checklist = (
    await api('POST', '/api/v1/checklists', {
      name: `qa ${tag}`,
      items: [{ code: 'F1', text: '食材过期', severity: 'fatal', evidence: 'photo' }],
    })
  ).json().id as string;
  ids['/api/v1/checklists/{id}'] = checklist;
  const auditId = (
    await api('POST', '/api/v1/audits', { checklistId: checklist, orgUnitId: unit.id, kind: 'mystery_shop' })
  ).json().id as string;
  ids['/api/v1/audits/{id}'] = auditId;
  ids['/api/v1/audit-plans/{id}'] = (
    await api('POST', '/api/v1/audit-plans', {
      name: `plan ${tag}`,
      kind: 'sampling',
      checklistId: checklist,
      rootUnitId: unit.id,
      unitKind: 'store',
      schedule: { every: 'monthly', day: 1 },
      sample: { mode: 'sample', size: 1, stratify: 'region' },
      assignee: { type: 'external', name: 'Shopper' },
    })
  ).json().id as string;
  const boundary = `----fixture${tag}`;
  const photo = await t.app.inject({
    method: 'POST',
    url: `/api/v1/audits/${auditId}/photos`,
    headers: { ...owner, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.png"\r\nContent-Type: image/png\r\n\r\n`,
      ),
      Buffer.from(PNG_1X1, 'base64'),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  });
  expect(photo.statusCode, photo.body).toBe(201);
  ids['/api/v1/audits/{id}/photos/{photoId}'] = photo.json().id;
  await blueprintFixtures(api, ids);
}

/** A process blueprint of the fixtures' journey (start → serve → end in the fixtures' team's lane), 2 versions. */
async function blueprintFixtures(api: Api, ids: Ids): Promise<void> {
  const lane = ids['/api/v1/teams/{id}'];
  const node = (id: string, kind: string) => ({ id, kind, label: id, stage: 'front', lane });
  const blueprint = await api('POST', '/api/v1/blueprints', {
    journeyId: ids['/api/v1/journeys/{id}'],
    name: 'process',
    lanes: [lane],
    nodes: [node('start', 'start'), node('serve', 'step'), node('end', 'end')],
    edges: [
      { from: 'start', to: 'serve' },
      { from: 'serve', to: 'end' },
    ],
  });
  expect(blueprint.statusCode, JSON.stringify(blueprint.json())).toBe(201);
  ids['/api/v1/blueprints/{id}'] = blueprint.json().id;
  ids['/api/v1/blueprints/{id}/versions/{version}'] = '1';
}
