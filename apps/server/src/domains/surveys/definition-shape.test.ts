import { describe, expect, it } from 'vitest';
import { problem, setupTestSuite } from '../../testing/harness.ts';

const env = setupTestSuite();

// Security finding 2: survey-core trusts pages' and elements' `name` and `type` to be strings; these were 500s.
const BAD: Array<[Record<string, unknown>, string]> = [
  [{ elements: [{ type: 'rating', name: 5 }] }, 'definition.elements.0.name'],
  [{ elements: [{ type: 5, name: 'q' }] }, 'definition.elements.0.type'],
  [{ elements: [{ type: ['text'], name: 'q' }] }, 'definition.elements.0.type'],
  [{ pages: [{ name: {}, elements: [{ type: 'text', name: 'q' }] }] }, 'definition.pages.0.name'],
  [{ pages: [null] }, 'definition.pages.0'],
  [{ pages: {} }, 'definition.pages'],
  [
    { elements: [{ type: 'panel', name: 'p', elements: [{ type: 'text', name: { toString: 1 } }] }] },
    'definition.elements.0.elements.0.name',
  ],
  [
    { elements: [{ type: 'paneldynamic', name: 'p', templateElements: [{ type: true, name: 'x' }] }] },
    'definition.elements.0.templateElements.0.type',
  ],
];

describe('survey definitions whose pages or elements are not objects with string names and types', () => {
  it('are 422s naming the field on create, update and import, never 500s', async () => {
    const admin = env.a.as('admin');
    const ok = (
      await env.inject({
        method: 'POST',
        url: '/api/v1/surveys',
        headers: admin,
        payload: { name: 'ok', definition: { elements: [{ type: 'text', name: 'q' }] } },
      })
    ).json();
    for (const [definition, field] of BAD) {
      const label = JSON.stringify(definition);
      const create = await env.inject({
        method: 'POST',
        url: '/api/v1/surveys',
        headers: admin,
        payload: { name: 'x', definition },
      });
      expect(create.statusCode, label).toBe(422);
      expect(problem(create).invalidParams?.map((p) => p.name)).toContain(field);
      const update = await env.inject({
        method: 'PATCH',
        url: `/api/v1/surveys/${ok.id}`,
        headers: admin,
        payload: { definition },
      });
      expect(update.statusCode, label).toBe(422);
      expect(problem(update).invalidParams?.map((p) => p.name)).toContain(field);
      const imported = await env.inject({
        method: 'POST',
        url: '/api/v1/surveys/import',
        headers: admin,
        payload: { format: 'surveyjs', content: JSON.stringify(definition) },
      });
      expect(imported.statusCode, label).toBe(422);
      // A file whose `pages` is not a list is "not a SurveyJS survey" (the field is the whole content).
      const name =
        Array.isArray(definition.pages) || !definition.pages ? field.replace(/^definition/, 'content') : 'content';
      expect(problem(imported).invalidParams?.map((p) => p.name)).toContain(name);
    }
    const list = await env.inject({ method: 'GET', url: '/api/v1/surveys', headers: admin });
    expect(list.json().items.map((s: { name: string }) => s.name)).toEqual(['ok']);
  });

  it('imports of JSON nested thousands of levels deep are 422s', async () => {
    for (const format of ['surveyjs', 'qsf']) {
      const res = await env.inject({
        method: 'POST',
        url: '/api/v1/surveys/import',
        headers: env.a.as('admin'),
        payload: { format, content: `{"elements":${'['.repeat(5000)}${']'.repeat(5000)}}` },
      });
      expect(res.statusCode, format).toBe(422);
      expect(problem(res).invalidParams?.[0].name).toBe('content');
    }
  });
});
