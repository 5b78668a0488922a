import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Clock, FakeClock } from '../apps/server/src/platform/clock.ts';
import { apiSession, dropdown, login, startStack } from './support.ts';

let stack: Awaited<ReturnType<typeof startStack>>;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.stop());

const DAY = 86400_000;
const TITLE = '午市出餐超时 Lunch orders served late';

/** The server's clock: the tests move it forward to make a task late, as the API tests do with FakeClock. */
const serverClock = () => stack.ctx as { clock: Clock };

describe('Problems and department tasks in a real browser', () => {
  it('desktop: a problem decomposed into two department tasks, one on time and one late, shows a 50 % on-time rate', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await login(page, stack.baseUrl, 'analyst@savor.example');
    await page.goto(`${stack.baseUrl}/problems`);
    // The demo's history: a closed problem and one with an overdue task.
    await expect.poll(async () => page.getByText('外卖汤品洒漏投诉上升').count()).toBe(1);
    expect(await page.locator('tr', { hasText: '外卖汤品洒漏投诉上升' }).getByText('1 项逾期').count()).toBe(1);

    // A new problem with a task for 客服部 and one for 运营部, both due at the end of tomorrow.
    const tomorrow = new Date(Date.now() + DAY);
    const due = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}`;
    await page.getByRole('button', { name: /新建问题/ }).click();
    const dialog = page.getByRole('dialog', { name: '新建问题' });
    await dialog.getByLabel('问题').fill(TITLE);
    await dialog.getByLabel('描述').fill('午市高峰出餐超过 25 分钟的投诉集中出现');
    const pick = async (row: number, owner: string, title: string) => {
      const r = dialog.getByTestId('task-row').nth(row);
      await r.locator('.ant-select').click();
      await (await dropdown(page)).locator('.ant-select-item-option', { hasText: owner }).first().click();
      await r.getByPlaceholder('任务内容').fill(title);
      await r.getByPlaceholder('截止时间').click();
      await r.getByPlaceholder('截止时间').fill(due);
      await r.getByPlaceholder('截止时间').press('Enter');
    };
    await pick(0, '客服部', '超时订单致歉与补偿口径');
    await dialog.getByRole('button', { name: /添加任务/ }).click();
    await pick(1, '运营部', '高峰期增配传菜员');
    await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
    await page.waitForURL(/\/problems\/[0-9a-f-]{36}$/);
    const problemUrl = page.url();
    const problemId = problemUrl.split('/').pop()!;
    await expect.poll(async () => page.getByTestId('task-1').count()).toBe(1);
    expect(await page.getByTestId('task-2').getByText('高峰期增配传菜员').count()).toBe(1);
    expect(await page.getByTestId('problem-on-time').innerText()).toContain('—');

    // 客服部's agent finds the task under "my tasks" and submits it from the problem page, on time.
    const agent = await stack.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await login(agent, stack.baseUrl, 'agent@savor.example');
    await agent.goto(`${stack.baseUrl}/problems/tasks`);
    await agent.getByTestId('my-todo').getByText('超时订单致歉与补偿口径').click();
    await agent.waitForURL(problemUrl);
    await agent.getByTestId('task-1').getByPlaceholder('说明').fill('话术已下发至全部门店');
    await agent
      .getByTestId('task-1')
      .getByRole('button', { name: /提\s*交/ })
      .click();
    await expect.poll(async () => agent.getByTestId('task-1').getByTestId('task-status').innerText()).toBe('已提交');
    await agent.close();

    // The analyst accepts it: on time.
    await page.reload();
    await page
      .getByTestId('task-1')
      .getByRole('button', { name: /验收通过/ })
      .click();
    await expect.poll(async () => page.getByTestId('task-1').getByTestId('task-status').innerText()).toBe('已验收');
    expect(await page.getByTestId('task-1').getByText('按时').count()).toBe(1);
    await expect.poll(async () => page.getByTestId('problem-on-time').innerText()).toContain('100%');

    // Three days later 运营部's task is late; the East manager (a member) submits it, the analyst accepts it.
    const real = serverClock().clock;
    serverClock().clock = new FakeClock(new Date(Date.now() + 3 * DAY));
    try {
      const east = await apiSession(stack.baseUrl, 'east.manager@savor.example');
      const detail = await east.json(`problems/${problemId}`);
      const late = detail.tasks.find((t: { seq: number }) => t.seq === 2);
      expect(late).toMatchObject({ overdue: true, onTime: false, canWork: true });
      const submitted = await east.request(`problems/${problemId}/tasks/${late.id}/submit`, { body: {} });
      expect(submitted.status).toBe(200);
      await page.reload();
      await expect.poll(async () => page.getByTestId('task-2').getByText('逾期').count()).toBeGreaterThan(0);
      await page
        .getByTestId('task-2')
        .getByRole('button', { name: /验收通过/ })
        .click();
      await expect.poll(async () => page.getByTestId('task-2').getByTestId('task-status').innerText()).toBe('已验收');
      await expect.poll(async () => page.getByTestId('problem-on-time').innerText()).toContain('50%');
      expect(await page.getByText('1/2 按时').count()).toBe(1);
      await page.screenshot({ path: '/tmp/e2e-problem-on-time.png', fullPage: true });
    } finally {
      serverClock().clock = real;
    }

    // The dashboard ranks units by the on-time rate of their department tasks too: one row per region, each a
    // percentage or "too few" (the demo's unit tasks are due outside the default range).
    await page.goto(`${stack.baseUrl}/dashboards`);
    await page.getByTestId('ranking-metric').click();
    await (await dropdown(page)).locator('.ant-select-item-option', { hasText: '任务按时完成率' }).click();
    const ranking = page.locator('.ant-card', { hasText: '下级单位排名' });
    await expect.poll(async () => ranking.locator('th', { hasText: '任务按时完成率' }).count()).toBe(1);
    const rows = ranking.locator('tbody tr');
    await expect.poll(async () => rows.count()).toBe(3);
    for (const row of await rows.all())
      expect(await row.locator('td').nth(1).innerText()).toMatch(/^(\d{1,3}%|样本不足)$/);
    await page.close();
  });

  it('phone (390 px): the list as cards and the problem page without sideways scrolling', async () => {
    const context = await stack.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const page = await context.newPage();
    await login(page, stack.baseUrl, 'analyst@savor.example');
    await page.goto(`${stack.baseUrl}/problems`);
    await expect.poll(async () => page.getByTestId('problem-card').count()).toBeGreaterThan(0);
    await page.getByTestId('problem-card').filter({ hasText: '外卖汤品洒漏投诉上升' }).click();
    await page.waitForURL(/\/problems\/[0-9a-f-]{36}$/);
    await expect.poll(async () => page.getByTestId('task-1').count()).toBe(1);
    await expect.poll(async () => page.getByTestId('task-1').getByText('逾期').count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: '/tmp/e2e-problem-phone.png', fullPage: true });
    // The store manager's "my tasks" on the phone: the packing-counter task to do.
    const store = await context.newPage();
    await login(store, stack.baseUrl, 'sh01.manager@savor.example');
    await store.goto(`${stack.baseUrl}/problems/tasks`);
    await expect.poll(async () => store.getByTestId('my-todo').getByText('打包台增加封口检查').count()).toBe(1);
    expect(await store.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await context.close();
  });
});
