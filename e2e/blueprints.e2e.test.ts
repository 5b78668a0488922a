import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startStack } from './support.ts';

let stack: Awaited<ReturnType<typeof startStack>>;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.stop());

const NODES = ['arrive', 'greet', 'wait', 'queue', 'seat', 'order', 'cook', 'serve', 'pay', 'farewell', 'left'];

describe('Process blueprints in a real browser', () => {
  it('desktop (1280 px): the demo dining blueprint is drawn as swimlanes; clicking the kitchen node shows its RACI and checks', async () => {
    const context = await stack.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await login(page, stack.baseUrl, 'analyst@savor.example');
    await page.goto(`${stack.baseUrl}/quality/blueprints`);
    await page.getByTestId('bp-card').filter({ hasText: '堂食服务蓝图' }).click();
    await expect.poll(async () => page.getByTestId('bp-diagram').count()).toBe(1);
    const nodes = page.getByTestId('bp-node');
    expect(await nodes.evaluateAll((els) => els.map((e) => e.getAttribute('data-node')))).toEqual(NODES);
    expect(await page.getByTestId('bp-visibility').count()).toBe(1);
    // Linked checklist items are drawn under their nodes (the kitchen holds the two food-safety items).
    expect(await page.locator('[data-node="cook"] [data-testid="bp-check"]').count()).toBe(2);
    await page.locator('[data-node="cook"]').click();
    const details = page.getByTestId('bp-node-details');
    await expect.poll(async () => details.count()).toBe(1);
    const text = await details.innerText();
    expect(text).toContain('后厨备餐与食安');
    expect(text).toContain('后台');
    expect(text).toContain('品控部');
    expect(text).toContain('FS-1');
    expect(await page.getByTestId('bp-node-check').count()).toBe(2);
    await context.close();
  });

  it('phone (390 px): a store manager gets the steps as a list and taps payment for its details', async () => {
    const context = await stack.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const page = await context.newPage();
    await login(page, stack.baseUrl, 'sh01.manager@savor.example');
    await page.goto(`${stack.baseUrl}/quality/blueprints`);
    await page.getByTestId('bp-card').filter({ hasText: '堂食服务蓝图' }).click();
    await expect.poll(async () => page.getByTestId('bp-steps').count()).toBe(1);
    expect(await page.getByTestId('bp-diagram').count()).toBe(0);
    expect(await page.getByTestId('bp-node').count()).toBe(NODES.length);
    await page.locator('[data-node="pay"]').click();
    const details = page.getByTestId('bp-node-details');
    await expect.poll(async () => details.count()).toBe(1);
    const text = await details.innerText();
    expect(text).toContain('结账');
    expect(text).toContain('收银');
    expect(text).toContain('PAY-1');
    // A store manager reads but does not edit.
    expect(await page.getByTestId('bp-edit-node').count()).toBe(0);
    await context.close();
  });
});
