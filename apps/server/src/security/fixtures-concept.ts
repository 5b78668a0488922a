import { expect } from 'vitest';
import type { Api, Ids } from './fixtures.ts';

/**
 * Concept test objects for one tenant (see `createObjects`): a launch test on the fixtures' survey (its NPS rating
 * as the approval question, promoters approve) with one recorded decision. Tenant-wide like the survey, so not
 * unit-owned. Registered in `ids` by the route path up to their parameter.
 */
export async function conceptFixtures(api: Api, tag: string, ids: Ids): Promise<void> {
  const test = await api('POST', '/api/v1/concept-tests', {
    name: `concept ${tag}`,
    surveyId: ids['/api/v1/surveys/{id}'],
    approvalQuestion: 'nps',
    minN: 1,
  });
  expect(test.statusCode, JSON.stringify(test.json())).toBe(201);
  ids['/api/v1/concept-tests/{id}'] = test.json().id;
  const rec = await api('POST', `/api/v1/concept-tests/${test.json().id}/decisions`);
  expect(rec.statusCode, JSON.stringify(rec.json())).toBe(201);
}
