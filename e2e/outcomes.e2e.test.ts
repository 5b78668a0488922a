import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropdown, login, startStack } from './support.ts';

let stack: Awaited<ReturnType<typeof startStack>>;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.stop());

describe('X → O validation in a real browser', () => {
  it('phone (375 px): the analyst asks whether NPS and a rating question predict repurchase, and the demo dashboard shows the tile', async () => {
    const context = await stack.browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true });
    const page = await context.newPage();
    await login(page, stack.baseUrl, 'analyst@savor.example');
    await page.goto(`${stack.baseUrl}/outcomes`);
    await page.getByTestId('outcome-form').getByRole('spinbutton').fill('14');
    await page.getByTestId('outcome-run').click();
    const result = page.getByTestId('outcome-result');
    await result.waitFor();
    for (const g of ['detractors', 'passives', 'promoters']) await result.getByTestId(`outcome-group-${g}`).waitFor();
    expect(await result.getByTestId('outcome-verdict').innerText()).toContain('能预测');
    // Nothing wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

    // A survey's bound rating question is a metric too: the checkout survey's fresh-food rating, grouped by score.
    await page.getByTestId('outcome-survey').click();
    const loaded = page.waitForResponse((r) => /\/surveys\/[0-9a-f-]{36}$/.test(r.url()));
    await (await dropdown(page)).locator('.ant-select-item-option', { hasText: '购后品类回访' }).click();
    await loaded;
    await expect.poll(() => page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').count()).toBe(0);
    await page.getByTestId('outcome-metric').click();
    await (await dropdown(page)).locator('.ant-select-item-option', { hasText: '鲜食的新鲜程度' }).click();
    await page.getByTestId('outcome-form').getByRole('spinbutton').fill('1');
    const asked = page.waitForResponse((r) => r.url().endsWith('/metrics/outcomes'));
    await page.getByTestId('outcome-run').click();
    const exchange = await asked;
    expect((await exchange.json()).metric).toBe('rating:fresh');
    const { surveyId } = exchange.request().postDataJSON();
    expect(surveyId).toMatch(/^[0-9a-f-]{36}$/);
    // The rating's groups are its scores (分 N), no longer the NPS groups.
    await expect.poll(() => result.innerText()).not.toContain('推荐者');
    await result.getByTestId('outcome-verdict').waitFor();
    // …and is kept as a tile of one of the analyst's dashboards.
    await page.getByTestId('outcome-dashboard').click();
    await (await dropdown(page)).locator('.ant-select-item-option', { hasText: '我的季度总览' }).click();
    const patched = page.waitForResponse((r) => r.request().method() === 'PATCH' && /\/dashboards\//.test(r.url()));
    await page.getByTestId('outcome-add').click();
    const saved = await (await patched).json();
    expect(saved.config.outcomes).toEqual([
      expect.objectContaining({ metric: 'rating:fresh', withinDays: 1, surveyId }),
    ]);

    await page.goto(`${stack.baseUrl}/dashboards`);
    await page.getByTestId('saved-dashboards').click();
    (await dropdown(page)).locator('.ant-select-item-option', { hasText: '体验能否预测复购' }).click();
    const tile = page.getByTestId('outcome-tile');
    await tile.waitFor();
    await tile.getByTestId('outcome-verdict').waitFor();
    expect(await tile.innerText()).toContain('推荐者');

    await page.getByTestId('saved-dashboards').click();
    (await dropdown(page)).locator('.ant-select-item-option', { hasText: '我的季度总览' }).click();
    await expect.poll(() => tile.innerText()).toContain('fresh');
    await context.close();
  });
});
