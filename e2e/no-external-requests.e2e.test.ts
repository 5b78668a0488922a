import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSession, login, startStack } from './support.ts';

let stack: Awaited<ReturnType<typeof startStack>>;
let api: Awaited<ReturnType<typeof apiSession>>['json'];

beforeAll(async () => {
  stack = await startStack();
  ({ json: api } = await apiSession(stack.baseUrl, 'owner@savor.example'));
});
afterAll(async () => stack?.stop());

/** Every request a page makes, frames included, whether it succeeds or not (blocked hosts fail, but are asked). */
function record(page: import('playwright-core').Page) {
  const urls: string[] = [];
  page.on('request', (r) => urls.push(r.url()));
  return urls;
}
const outside = (urls: string[]) =>
  urls.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== stack.baseUrl);

describe('nothing loads from outside the server (Google Fonts and CDNs are blocked in mainland China)', () => {
  it('the console: login, dashboard, surveys with the phone preview, journeys, text, tickets', async () => {
    const context = await stack.browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    const urls = record(page);
    await login(page, stack.baseUrl, 'owner@savor.example');
    const survey = (await api('surveys')).items[0];
    for (const path of [
      '/dashboards',
      '/surveys',
      `/surveys/${survey.id}`,
      '/journeys',
      '/text',
      '/tickets',
      '/settings',
    ]) {
      await page.goto(`${stack.baseUrl}${path}`);
      await page.waitForLoadState('networkidle');
      // The survey editor's phone preview (the respondent page in a frame) has rendered the draft.
      if (path === `/surveys/${survey.id}`)
        await page.frameLocator('[data-testid=phone-preview]').locator('.card').first().waitFor();
    }
    expect(urls.length).toBeGreaterThan(10);
    expect(outside(urls)).toEqual([]);
    await context.close();
  });

  it('the survey page, with the lean runtime and with the full SurveyJS renderer', async () => {
    const lean = await api('surveys', { templateId: 'relational-nps' });
    await api(`surveys/${lean.id}/publish`, {});
    // A question type outside the lean subset loads survey-core and its stylesheet (which once pulled Open Sans).
    const full = await api('surveys', {
      name: 'full renderer',
      definition: {
        elements: [
          { type: 'rating', name: 'nps', rateMin: 0, rateMax: 10 },
          { type: 'multipletext', name: 'contact', items: [{ name: 'phone' }, { name: 'email' }] },
        ],
      },
    });
    await api(`surveys/${full.id}/publish`, {});
    const context = await stack.browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const urls = record(page);
    for (const s of [lean, full]) {
      const link = await api(`surveys/${s.id}/link`);
      await page.goto(link.url.replace(/^https?:\/\/[^/]+/, stack.baseUrl));
      await page.waitForLoadState('networkidle');
    }
    // The full renderer is on screen (its stylesheet and fonts are what would have been fetched).
    await page.locator('.sd-root-modern, .sv-root-modern, .sd-body').first().waitFor();
    expect(outside(urls)).toEqual([]);
    await context.close();
  });
});
