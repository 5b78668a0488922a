import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
