import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, dropdown, login, startStack } from './support.ts';

let stack: Awaited<ReturnType<typeof startStack>>;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.stop());

describe('single sign-on settings, the SSO login button and the audit log in a real browser', () => {
  it('an owner turns the demo SSO on in settings; the change shows in the audit log with its before/after', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 1280, height: 860 } });
    await login(page, stack.baseUrl, 'owner@savor.example');
    await page.goto(`${stack.baseUrl}/sso`);
    await expect.poll(() => page.getByTestId('sso-redirect-uri').textContent()).toContain('/api/v1/auth/sso/callback');
    await expect.poll(() => page.getByLabel(/按钮显示名称|Button label/).inputValue()).toBe('Savor Keycloak');
    await page.getByRole('switch').first().click(); // enabled: off → on
    await page.getByTestId('sso-save').click();
    await page.getByText(/^(已保存|Saved)$/).waitFor();

    await page.goto(`${stack.baseUrl}/audit`);
    const row = page.getByTestId('audit-table').locator('tr', { hasText: 'sso.update' }).first();
    await row.waitFor();
    await row.click();
    const diff = page.getByTestId('audit-diff').first();
    await diff.waitFor();
    expect(await diff.textContent()).toContain('enabled');
    // Demo history: failed logins from an unknown address are there, filterable by outcome.
    await page.getByTestId('audit-filters').locator('#outcome').click();
    await (await dropdown(page)).locator('.ant-select-item-option', { hasText: /失败|Failure/ }).click();
    await page.getByRole('button', { name: /搜\s*索|Search/ }).click();
    await expect.poll(() => page.getByTestId('audit-table').textContent()).toContain('auth.login_failed');
    expect(await page.getByTestId('audit-table').textContent()).toContain('185.220.101.34');
    await page.close();
  });

  it('the login page offers "Sign in with <provider>" for the organisation in the address, at phone width', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await page.goto(`${stack.baseUrl}/login?tenant=savor&next=/tickets`);
    const button = page.getByTestId('sso-button');
    await button.waitFor();
    expect(await button.textContent()).toMatch(/Savor Keycloak/);
    expect(await button.getAttribute('href')).toBe('/api/v1/auth/sso/savor/start?returnTo=%2Ftickets');
    // A refused sign-in comes back with its reason, in the page's language.
    await page.goto(`${stack.baseUrl}/login?ssoError=user_disabled`);
    await expect.poll(() => page.getByTestId('sso-error').textContent()).toMatch(/停用|disabled/);
    // The password form stays for owners.
    await page.getByLabel(/邮箱|Email/).fill('owner@savor.example');
    await page.getByLabel(/密码|Password/).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: /登\s*录|Log in/ }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.close();
  });

  it('the audit log and the SSO settings read at phone width', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await page.addInitScript(() => localStorage.setItem('loopcx.locale', 'en'));
    await login(page, stack.baseUrl, 'owner@savor.example');
    await page.goto(`${stack.baseUrl}/audit`);
    await page
      .getByText(/^(审计日志|Audit log)$/)
      .first()
      .waitFor();
    await expect.poll(() => page.getByTestId('audit-table').textContent()).toContain('api_key.revoke');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(400);
    // The SSO settings page fits a phone too.
    await page.goto(`${stack.baseUrl}/sso`);
    await page.getByTestId('sso-redirect-uri').waitFor();
    await page.getByTestId('sso-save').scrollIntoViewIfNeeded();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(400);
    await page.close();
  });
});

describe('sites allowed to embed surveys (CSP frame-ancestors of the survey page)', () => {
  it('an owner adds a mini-program site at phone width: a bad entry is refused with its reason, a good one is saved and audited', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await login(page, stack.baseUrl, 'owner@savor.example');
    await page.goto(`${stack.baseUrl}/settings`);
    const card = page.getByTestId('embed-settings');
    await card.waitFor();
    const input = card.getByRole('combobox');
    await input.fill('http://shop.example.com');
    await input.press('Enter');
    await card.getByRole('button', { name: /保\s*存|Save/ }).click();
    await expect.poll(() => card.textContent()).toMatch(/无效|Not valid/);
    // Remove the bad tag (its close icon) and add a valid origin.
    await card
      .locator('.ant-select-selection-item', { hasText: 'http://shop.example.com' })
      .locator('.anticon-close')
      .click();
    await input.fill('https://mini.savor.example');
    await input.press('Enter');
    await card.getByRole('button', { name: /保\s*存|Save/ }).click();
    await page.getByText(/^(已保存|Saved)$/).waitFor();
    const saved = await page.request.get(`${stack.baseUrl}/api/v1/settings/security`);
    expect((await saved.json()).frameAncestors).toContain('https://mini.savor.example');
    expect((await saved.json()).frameAncestors).not.toContain('http://shop.example.com');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(400);
    await page.goto(`${stack.baseUrl}/audit`);
    await expect.poll(() => page.getByTestId('audit-table').textContent()).toContain('security.frame_ancestors');
    await page.close();
  });
});

describe('the WeChat official account for the survey page', () => {
  it('an owner sets the account at phone width: a bad AppID is refused, the secret is required once and never shown again', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await login(page, stack.baseUrl, 'owner@savor.example');
    await page.goto(`${stack.baseUrl}/settings`);
    const card = page.getByTestId('wechat-settings');
    await card.waitFor();
    await card.getByLabel('AppID').fill('wx123');
    await card.getByRole('button', { name: /保\s*存|Save/ }).click();
    await expect.poll(() => card.textContent()).toMatch(/16 位字母或数字|16 letters or digits/);
    await expect.poll(() => card.textContent()).toMatch(/首次设置须填写 AppSecret|Enter the AppSecret the first time/);
    await card.getByLabel('AppID').fill('wx0a1b2c3d4e5f6a7b');
    await card.getByLabel('AppSecret').fill('official-account-secret-0123456789');
    await card.getByRole('button', { name: /保\s*存|Save/ }).click();
    await page.getByText(/^(已保存|Saved)$/).waitFor();
    const saved = await page.request.get(`${stack.baseUrl}/api/v1/wechat-account`);
    expect(await saved.json()).toMatchObject({ appId: 'wx0a1b2c3d4e5f6a7b', hasSecret: true, oauthEnabled: true });
    expect(await saved.text()).not.toContain('official-account-secret');
    // Reloaded, the form keeps the AppID, never the secret, and says a blank secret keeps the saved one.
    await page.reload();
    await expect.poll(() => card.getByLabel('AppID').inputValue()).toBe('wx0a1b2c3d4e5f6a7b');
    expect(await card.getByLabel('AppSecret').inputValue()).toBe('');
    await expect.poll(() => card.textContent()).toMatch(/留空则保留|leave blank to keep/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(400);
    await page.close();
  });
});
