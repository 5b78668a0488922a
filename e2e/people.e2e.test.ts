import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { one, sql } from '../apps/server/src/platform/db.ts';
import { dropdown, login, startStack } from './support.ts';

let stack: Awaited<ReturnType<typeof startStack>>;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.stop());

describe('teams and users: the create-or-edit dialogs in a real browser (zh-CN)', () => {
  it('a new team with a member; editing it opens with its values; a user opens with theirs, the email locked', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 1280, height: 860 } });
    await login(page, stack.baseUrl, 'owner@savor.example');
    await page.goto(`${stack.baseUrl}/teams`);
    await page.getByRole('button', { name: /新\s*建/ }).click();
    let dialog = page.getByRole('dialog', { name: '新建团队' });
    await dialog.getByLabel('名称', { exact: true }).fill('会员运营组');
    await dialog.getByLabel('英文名称').fill('Loyalty');
    await dialog.getByLabel('成员').click();
    await page.keyboard.type('赵客服');
    await (await dropdown(page)).locator('.ant-select-item-option', { hasText: '赵客服' }).click();
    await page.keyboard.press('Escape');
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    const row = page.locator('tr', { hasText: '会员运营组' });
    await row.waitFor();
    expect(await row.textContent()).toContain('赵客服');

    // Editing shows the saved values; a new team afterwards starts empty again.
    await row.getByRole('button', { name: /编\s*辑/ }).click();
    dialog = page.getByRole('dialog', { name: '编辑' });
    await expect.poll(() => dialog.getByLabel('英文名称').inputValue()).toBe('Loyalty');
    await dialog.getByLabel('英文名称').fill('Loyalty ops');
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    await expect.poll(async () => page.locator('tr', { hasText: 'Loyalty ops' }).count()).toBe(1);
    await page.getByRole('button', { name: /新\s*建/ }).click();
    dialog = page.getByRole('dialog', { name: '新建团队' });
    expect(await dialog.getByLabel('英文名称').inputValue()).toBe('');
    await page.keyboard.press('Escape');
    const team = await one<{ name_en: string }>(stack.ctx.db, sql`SELECT name_en FROM teams WHERE name = '会员运营组'`);
    expect(team?.name_en).toBe('Loyalty ops');

    await page.goto(`${stack.baseUrl}/users`);
    const user = page.locator('tr', { hasText: 'agent@savor.example' });
    await user.getByRole('button', { name: /编\s*辑/ }).click();
    dialog = page.getByRole('dialog', { name: '编辑' });
    await expect.poll(() => dialog.getByLabel('邮箱').inputValue()).toBe('agent@savor.example');
    expect(await dialog.getByLabel('邮箱').isDisabled()).toBe(true);
    expect(await dialog.getByLabel('重置密码（留空不修改）').count()).toBe(1);
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: '新建用户' }).click();
    dialog = page.getByRole('dialog', { name: '新建用户' });
    expect(await dialog.getByLabel('邮箱').isDisabled()).toBe(false);
    expect(await dialog.getByLabel('邮箱').inputValue()).toBe('');
    expect(await dialog.getByLabel('初始密码（留空则自动生成）').count()).toBe(1);
    await page.close();
  });
});
