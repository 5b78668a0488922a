import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropdown, login, startStack } from './support.ts';

let stack: Awaited<ReturnType<typeof startStack>>;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.stop());

const NODE_ID_LABEL = '节点编号';
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

  it('desktop: an edit publishes the next version; the picker shows version 1’s drawing (its own nodes), then the latest again', async () => {
    const context = await stack.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await login(page, stack.baseUrl, 'analyst@savor.example');
    await page.goto(`${stack.baseUrl}/quality/blueprints`);
    await page.getByTestId('bp-card').filter({ hasText: '堂食服务蓝图' }).click();
    await expect.poll(async () => page.getByTestId('bp-diagram').count()).toBe(1);
    const drawn = () => page.getByTestId('bp-node').evaluateAll((els) => els.map((e) => e.getAttribute('data-node')));
    // The demo's version 2 added the queue care; HQ now renames the end node "guest leaves" (version 3).
    const latest = NODES.map((n) => (n === 'left' ? 'gone' : n));
    await page.locator('[data-node="left"]').click();
    await page.getByTestId('bp-edit-node').click();
    const form = page.locator('.ant-drawer-open');
    await form.getByLabel(NODE_ID_LABEL).fill('gone');
    await form.getByTestId('bp-node-save').click();
    await expect.poll(drawn).toEqual(latest);
    await expect.poll(() => page.getByTestId('bp-version').innerText()).toContain('v3');
    // Back to version 1: drawn without the queue care, with "left" (only version 1 has both), read-only.
    await page.getByTestId('bp-version').click();
    await (await dropdown(page)).locator('.ant-select-item-option', { hasText: /^v1\b/ }).click();
    await expect.poll(drawn).toEqual(NODES.filter((n) => n !== 'queue'));
    expect(await page.getByTestId('bp-add-node').count()).toBe(0);
    // And the latest again.
    await page.getByTestId('bp-version').click();
    await (await dropdown(page)).locator('.ant-select-item-option', { hasText: /^v3\b/ }).click();
    await expect.poll(drawn).toEqual(latest);
    expect(await page.getByTestId('bp-add-node').count()).toBe(1);
    await context.close();
  });

  it('phone (375 px): the checklist drawer shows its blueprint and each item’s node; another blueprint clears the nodes', async () => {
    const context = await stack.browser.newContext({ viewport: { width: 375, height: 812 } });
    const page = await context.newPage();
    await login(page, stack.baseUrl, 'analyst@savor.example');
    await page.goto(`${stack.baseUrl}/quality/checklists`);
    await page.getByTestId('checklist-card').first().waitFor();
    // The QA pages fit a phone: their seven-way switch is a select there, not a segmented control wider than 375 px.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page
      .getByTestId('checklist-card')
      .first()
      .getByRole('button', { name: /编\s*辑/ })
      .click();
    const drawer = page.locator('.ant-drawer-open');
    const blueprint = drawer.getByTestId('checklist-blueprint');
    await expect.poll(() => blueprint.innerText()).toContain('堂食服务蓝图');
    const nodes = drawer.getByTestId('checklist-item-node');
    // GRT-1 checks the greeting, in the user's language.
    await expect.poll(() => nodes.first().innerText()).toContain('迎宾问候');
    // The drawer fits the phone: no sideways scrolling.
    const body = drawer.locator('.ant-drawer-body');
    expect(await body.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    expect((await blueprint.boundingBox())!.width).toBeLessThanOrEqual(375);
    // No blueprint: the node selects go; choosing it again leaves every item without a node.
    // (The select's input lies over its clear button: the button gets the events directly.)
    await blueprint.hover();
    await blueprint.locator('.ant-select-clear').dispatchEvent('mousedown');
    await blueprint.locator('.ant-select-clear').dispatchEvent('click');
    await expect.poll(() => nodes.count()).toBe(0);
    await blueprint.click();
    await (await dropdown(page)).locator('.ant-select-item-option', { hasText: '堂食服务蓝图' }).click();
    await expect.poll(() => nodes.count()).toBeGreaterThan(0);
    expect((await nodes.allInnerTexts()).every((x) => !x.includes('迎宾问候'))).toBe(true);
    // Pick the greeting for the first item again and save: it is stored.
    // (Typed into the select's search: at the foot of a phone screen its box is overlapped during the drawer's scroll.)
    await nodes.first().locator('input').focus();
    await page.keyboard.type('迎宾问候');
    await expect
      .poll(async () => (await dropdown(page)).locator('.ant-select-item-option-active').innerText())
      .toBe('迎宾问候');
    await page.keyboard.press('Enter');
    await expect.poll(() => nodes.first().innerText()).toContain('迎宾问候');
    await drawer.getByTestId('checklist-save').click();
    await expect.poll(() => page.locator('.ant-drawer-open').count()).toBe(0);
    await page
      .getByTestId('checklist-card')
      .first()
      .getByRole('button', { name: /编\s*辑/ })
      .click();
    await expect.poll(() => nodes.first().innerText()).toContain('迎宾问候');
    await context.close();
  });
});
