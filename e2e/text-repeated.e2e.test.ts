import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { one, sql } from '../apps/server/src/platform/db.ts';
import { login, openDrawer, startStack } from './support.ts';

let stack: Awaited<ReturnType<typeof startStack>>;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.stop());

describe('text page: repeated needs and why a topic was assigned', () => {
  for (const [name, viewport] of [
    ['desktop', { width: 1280, height: 900 }],
    ['phone', { width: 390, height: 844 }],
  ] as const) {
    it(`${name}: a repeated complaint opens its comments; a topic tag says which phrase, clause and words decided`, async () => {
      const page = await stack.browser.newPage({ viewport, hasTouch: name === 'phone' });
      await login(page, stack.baseUrl, 'owner@savor.example');
      await page.goto(`${stack.baseUrl}/text`);
      const panel = page.getByTestId('repeated-needs');
      await expect.poll(async () => panel.getByTestId('cluster').count(), { timeout: 20_000 }).toBeGreaterThan(3);
      await panel.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `/tmp/e2e-repeated-${name}.png` });
      const first = panel.getByTestId('cluster').first();
      const count = Number((await first.locator('.ant-tag').first().innerText()).replace(/\D/g, ''));
      expect(count).toBeGreaterThan(1);
      if (name === 'phone') await first.tap();
      else await first.click();
      const drawer = await openDrawer(page);
      await expect.poll(async () => drawer.getByTestId('verbatim').count(), { timeout: 20_000 }).toBeGreaterThan(0);
      // Every comment listed is the same complaint, and says how often it was said.
      await expect
        .poll(async () => drawer.getByTestId('cluster-size').first().innerText())
        .toMatch(new RegExp(`${count}`));
      const tag = drawer.getByTestId('topic-tag').first();
      if (name === 'phone') await tag.tap();
      else await tag.hover();
      const why = page.getByTestId('topic-explanation').first();
      await expect.poll(async () => why.isVisible(), { timeout: 10_000 }).toBe(true);
      expect(await why.innerText()).toMatch(/所在分句「.+」.*→/);
      await page.screenshot({ path: `/tmp/e2e-explain-${name}.png` });
      await page.close();
    });
  }

  it('desktop: the triage strip narrows the page to complaints, and a person re-files one as a suggestion', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await login(page, stack.baseUrl, 'owner@savor.example');
    await page.goto(`${stack.baseUrl}/text`);
    const strip = page.getByTestId('triage-strip');
    await strip.waitFor();
    // The demo's comments carry complaints, suggestions and praise, each with its count.
    for (const c of ['complaint', 'suggestion', 'praise'])
      await expect
        .poll(async () => Number((await strip.getByTestId(`triage-chip-${c}`).innerText()).replace(/\D/g, '')))
        .toBeGreaterThan(0);
    await strip.getByTestId('triage-chip-complaint').click();
    // The negative-share card opens the negative comments under the page's filters.
    await page
      .locator('.ant-card-hoverable')
      .filter({ has: page.getByText('负面占比', { exact: true }) })
      .click();
    const drawer = await openDrawer(page);
    const items = drawer.getByTestId('verbatim');
    await expect.poll(() => items.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    // Only complaints are listed.
    const tags = await drawer.getByTestId('verbatim-triage').allInnerTexts();
    expect(tags.length).toBe(await items.count());
    expect(new Set(tags)).toEqual(new Set(['投诉']));
    await page.screenshot({ path: '/tmp/e2e-triage-desktop.png' });

    const first = items.first();
    const text = (await first.locator('.ant-typography').first().innerText()).trim();
    await first.getByRole('button', { name: /纠\s*正/ }).click();
    const modal = page.locator('.ant-modal').filter({ has: page.getByTestId('correct-triage') });
    await modal.getByTestId('correct-triage').getByText('建议', { exact: true }).click();
    await modal.getByRole('button', { name: /保\s*存/ }).click();
    await expect
      .poll(async () =>
        one<{ triage: string; by: boolean }>(
          stack.ctx.db,
          sql`SELECT triage, triage_corrected AS by FROM text_analyses WHERE text = ${text} AND triage_corrected ORDER BY analysed_at DESC LIMIT 1`,
        ),
      )
      .toEqual({ triage: 'suggestion', by: true });
    await page.close();
  });

  it('phone (390 px): the triage strip fits the screen', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await login(page, stack.baseUrl, 'owner@savor.example');
    await page.goto(`${stack.baseUrl}/text`);
    await page.getByTestId('triage-chip-complaint').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: '/tmp/e2e-triage-phone.png' });
    await page.close();
  });
});
