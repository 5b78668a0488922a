import { expect } from 'vitest';
import type { Api, Ids } from './fixtures.ts';

/**
 * Training objects for one tenant (see `createObjects`, after `inspectionFixtures`): a frontline staff member of
 * the unit, a quiz training the fixtures' checklist item F1, and the staff member's assignment of it (unit-owned:
 * it belongs to the unit the staff member works in). Registered in `ids` by the route path up to their parameter.
 */
export async function trainingFixtures(api: Api, unit: { id: string }, tag: string, ids: Ids): Promise<void> {
  const staff = await api('POST', '/api/v1/users', {
    email: `staff-${tag.toLowerCase()}-${unit.id.slice(0, 8)}@fixtures.test`,
    name: `Staff ${tag}`,
    role: 'agent',
    orgUnitId: unit.id,
  });
  expect(staff.statusCode, JSON.stringify(staff.json())).toBe(201);
  const quiz = await api('POST', '/api/v1/training/quizzes', {
    name: `quiz ${tag}`,
    passMark: 60,
    questions: [{ code: 'Q1', type: 'true_false', text: '过期食材可以使用', correct: ['false'] }],
    checklistId: ids['/api/v1/checklists/{id}'],
    itemCodes: ['F1'],
  });
  expect(quiz.statusCode, JSON.stringify(quiz.json())).toBe(201);
  ids['/api/v1/training/quizzes/{id}'] = quiz.json().id;
  const assigned = await api('POST', '/api/v1/training/assignments', {
    quizId: quiz.json().id,
    orgUnitId: unit.id,
    userIds: [staff.json().id],
  });
  expect(assigned.statusCode, JSON.stringify(assigned.json())).toBe(201);
  ids['/api/v1/training/assignments/{id}'] = assigned.json().items[0].id;
}
