import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Model } from 'survey-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  createTestTenant,
  injector,
  problem,
  type TestApp,
  type TestTenant,
} from '../../../testing/harness.ts';
import { sharedDir } from '../../../testing/shared-data.ts';

// Real files written outside this project. The full set is ../shared/fixtures beside the repository (CI has it and
// requires it with LOOPCX_REQUIRE_SHARED=1); a clean clone runs on the subset committed in ./fixtures (MIT/BSD
// files only; sources and licences in fixtures/README.md).
const fixtures =
  sharedDir('fixtures', 'import.test.ts runs on the subset committed in domains/surveys/import/fixtures') ??
  join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const files = (dir: string, ext: string) =>
  readdirSync(join(fixtures, dir))
    .filter((f) => f.endsWith(ext))
    .map((f) => ({ file: f, content: readFileSync(join(fixtures, dir, f), 'utf8') }));

let t: TestApp;
let a: TestTenant;
let inject: ReturnType<typeof injector>;

beforeAll(async () => {
  t = await createTestApp();
  a = await createTestTenant(t.ctx);
  inject = injector(t);
});
afterAll(async () => t.close());

const importFile = (format: string, content: string, dryRun = true) =>
  inject({
    method: 'POST',
    url: `/api/v1/surveys/import?dryRun=${dryRun}`,
    headers: a.as('admin'),
    payload: { format, content },
  });

describe('POST /api/v1/surveys/import', () => {
  const cases = [
    ...files('qsf', '.qsf').map((f) => ({ ...f, format: 'qsf' })),
    ...files('limesurvey', '.lss').map((f) => ({ ...f, format: 'lss' })),
    ...files('surveyjs', '.json')
      .filter((f) => !f.file.includes('schema'))
      .map((f) => ({ ...f, format: 'surveyjs' })),
  ];

  it('has fixtures to test', () => {
    expect(cases.filter((c) => c.format === 'qsf').length).toBeGreaterThanOrEqual(5);
    expect(cases.filter((c) => c.format === 'lss').length).toBeGreaterThanOrEqual(5);
    expect(cases.filter((c) => c.format === 'surveyjs').length).toBeGreaterThanOrEqual(5);
  });

  it('the subset committed in ./fixtures has what this file needs, so a clean clone runs every test', () => {
    // CI reads ../shared/fixtures, so this is what notices a committed copy going missing.
    const committed = (dir: string, ext: string) =>
      readdirSync(join(dirname(fileURLToPath(import.meta.url)), 'fixtures', dir)).filter((f) => f.endsWith(ext));
    const qsf = committed('qsf', '.qsf');
    const lss = committed('limesurvey', '.lss');
    expect(qsf.length).toBeGreaterThanOrEqual(5);
    expect(lss.length).toBeGreaterThanOrEqual(5);
    expect(committed('surveyjs', '.json').filter((f) => !f.includes('schema')).length).toBeGreaterThanOrEqual(5);
    expect(qsf.some((f) => f.includes('nps'))).toBe(true);
    expect(qsf.some((f) => f.includes('Many_Question'))).toBe(true);
    expect(lss.some((f) => f.includes('two-languages'))).toBe(true);
  });

  for (const c of cases) {
    it(`imports ${c.file}: the report adds up and the definition loads in survey-core`, async () => {
      const res = await importFile(c.format, c.content);
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      const { definition, report } = res.json();
      expect(report.questions).toBe(report.mapped + report.unmapped.length);
      expect(report.mapped).toBeGreaterThan(0);
      for (const u of report.unmapped) expect(u).toEqual({ source: expect.any(String), reason: expect.any(String) });
      const model = new Model(definition);
      // SurveyJS ignores unknown properties (custom attributes); nothing else may be wrong.
      expect(
        (model.jsonErrors ?? [])
          .map((e: { message: string }) => e.message)
          .filter((m: string) => !m.startsWith('Unknown property')),
      ).toEqual([]);
      expect(model.getAllQuestions(false, false, true).length).toBeGreaterThanOrEqual(report.mapped);
    });
  }

  it('maps Qualtrics types: NPS → rating 0–10, Likert matrix → matrix, side-by-side → dropdown matrix', async () => {
    const nps = files('qsf', '.qsf').find((f) => f.file.includes('nps'))!;
    const res = (await importFile('qsf', nps.content)).json();
    const all = new Model(res.definition).getAllQuestions() as unknown as Array<{
      getType(): string;
      rateMin: number;
      rateMax: number;
    }>;
    expect(all.some((q) => q.getType() === 'rating' && q.rateMin === 0 && q.rateMax === 10)).toBe(true);
    const many = (
      await importFile('qsf', files('qsf', '.qsf').find((f) => f.file.includes('Many_Question'))!.content)
    ).json();
    expect(
      new Model(many.definition).getAllQuestions().some((q: { getType(): string }) => q.getType() === 'matrixdropdown'),
    ).toBe(true);
    expect(
      new Model(many.definition).getAllQuestions().some((q: { getType(): string }) => q.getType() === 'matrix'),
    ).toBe(true);
  });

  it('keeps both languages of a bilingual LimeSurvey question', async () => {
    const two = files('limesurvey', '.lss').find((f) => f.file.includes('two-languages'))!;
    const res = (await importFile('lss', two.content)).json();
    const first = res.definition.pages[0].elements[0];
    expect(typeof first.title).toBe('object');
    expect(Object.keys(first.title).length).toBeGreaterThanOrEqual(2);
  });

  it('creates a draft survey when not a dry run', async () => {
    const res = await importFile('qsf', files('qsf', '.qsf')[0].content, false);
    expect(res.statusCode).toBe(201);
    const s = (
      await inject({ method: 'GET', url: `/api/v1/surveys/${res.json().surveyId}`, headers: a.as('admin') })
    ).json();
    expect(s.status).toBe('draft');
  });

  it('a file that is not of the format is 422 saying why; viewers may not import', async () => {
    for (const [format, content] of [
      ['qsf', '<document/>'],
      ['qsf', '{"a":1}'],
      ['lss', '{"SurveyEntry":{}}'],
      ['lss', '<html></html>'],
      ['surveyjs', 'not json'],
      ['surveyjs', '{"questions":[]}'],
    ]) {
      const res = await importFile(format, content);
      expect(res.statusCode, `${format}: ${content}`).toBe(422);
      expect(problem(res).detail).toMatch(/not (a|SurveyJS)/);
    }
    expect(
      (
        await inject({
          method: 'POST',
          url: '/api/v1/surveys/import',
          headers: a.as('viewer'),
          payload: { format: 'surveyjs', content: '{"elements":[{"type":"text","name":"a"}]}' },
        })
      ).statusCode,
    ).toBe(403);
  });
});
