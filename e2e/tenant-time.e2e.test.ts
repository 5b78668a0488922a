import { dayIn, startOfDay } from '@loopcx/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSession, dropdown, login, startStack } from './support.ts';

let stack: Awaited<ReturnType<typeof startStack>>;
let api: Awaited<ReturnType<typeof apiSession>>['json'];
let request: Awaited<ReturnType<typeof apiSession>>['request'];

beforeAll(async () => {
  stack = await startStack();
  ({ json: api, request } = await apiSession(stack.baseUrl, 'owner@savor.example'));
});
afterAll(async () => stack?.stop());

describe('the live dashboard counts the tenant’s today', () => {
  it('at 02:00 in Shanghai a response submitted now moves the responses tile', async () => {
    expect((await api('tenant')).timezone).toBe('Asia/Shanghai');
    const survey = await api('surveys', {
      name: '深夜 NPS',
      definition: { elements: [{ type: 'rating', name: 'nps', rateMin: 0, rateMax: 10 }] },
      bindings: { nps: 'nps' },
    });
    await api(`surveys/${survey.id}/publish`, {});
    const store = (await api('org-units?q=SH-01')).items[0];
    const link = (await api(`surveys/${survey.id}/unit-links`)).items.find(
      (i: { orgUnit: { id: string } }) => i.orgUnit.id === store.id,
    );
    const token = decodeURIComponent(new URL(link.url).pathname.split('/')[2]);

    // 02:00 Beijing time on the server's (real) Shanghai day: 18:00 UTC of the previous UTC day, the hours in which
    // a UTC "today" ended the dashboard's range the day before.
    const pinned = new Date(startOfDay('Asia/Shanghai', dayIn('Asia/Shanghai', Date.now())).getTime() + 2 * 3_600_000);
    const context = await stack.browser.newContext({ timezoneId: 'Asia/Shanghai', locale: 'zh-CN' });
    const page = await context.newPage();
    await page.clock.setFixedTime(pinned);
    expect(await page.evaluate(() => new Date().getHours())).toBe(2);
    await login(page, stack.baseUrl, 'owner@savor.example');
    await page.goto(`${stack.baseUrl}/dashboards`);
    const tile = page.getByTestId('tile-responses').locator('.ant-statistic-content-value');
    await tile.waitFor();
    const value = async () => Number((await tile.innerText()).replace(/\D/g, ''));
    await expect.poll(value).toBeGreaterThan(0);
    const before = await value();
    // The page is listening (the live badge) before the response is sent.
    await page.locator('.ant-badge-status-processing').waitFor();

    const res = await fetch(`${stack.baseUrl}/api/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, answers: { nps: 10 }, idempotencyKey: `e2e-tz-${Date.now()}` }),
    });
    expect(res.status).toBe(201);
    await expect.poll(value).toBe(before + 1);
    await context.close();
  });

  it('a slow phone reads the dashboard’s first numbers before the console’s code has run; the tiles then take over', async () => {
    const context = await stack.browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
    });
    const page = await context.newPage();
    await login(page, stack.baseUrl, 'owner@savor.example');
    // The console's code arrives 3 s late, as on a slow line: the server's numbers are on screen meanwhile.
    let release!: () => void;
    const released = new Promise<void>((r) => {
      release = r;
    });
    await context.route('**/assets/*.js', async (route) => {
      await released;
      await route.continue();
    });
    const navigation = page.goto(`${stack.baseUrl}/dashboards`);
    const first = page.getByTestId('first-paint-nps').locator('.fp-value');
    await first.waitFor({ state: 'visible' });
    const shown = (await first.innerText()).trim();
    expect(shown).toMatch(/^-?\d+\.\d$/);
    expect(await page.getByTestId('first-paint').innerText()).toContain('回收量');
    expect(await page.getByTestId('tile-nps').count()).toBe(0);
    await page.screenshot({ path: '/tmp/e2e-first-paint-phone.png' });
    release();
    await navigation;
    const tile = page.getByTestId('tile-nps').locator('.ant-statistic-content-value').filter({ hasText: /\d/ });
    await tile.waitFor();
    expect((await tile.innerText()).trim()).toBe(shown);
    await expect.poll(() => page.getByTestId('first-paint').count()).toBe(0);
    await context.close();
  });

  it('an owner sets the zone in the settings page; the API refuses what is not a zone', async () => {
    const context = await stack.browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await login(page, stack.baseUrl, 'owner@savor.example');
    await page.goto(`${stack.baseUrl}/settings`);
    const select = page.getByTestId('tenant-timezone');
    await expect.poll(async () => (await select.innerText()).trim()).toBe('Asia/Shanghai');
    await select.click();
    await page.keyboard.type('Europe/Berl');
    await (await dropdown(page)).locator('.ant-select-item-option[title="Europe/Berlin"]').click();
    await page.getByTestId('tenant-save').click();
    await expect.poll(async () => (await api('tenant')).timezone).toBe('Europe/Berlin');
    const bad = await request('tenant', { method: 'PATCH', body: { timezone: 'Beijing' } });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toMatch(/problem\+json/);
    await context.close();
  });
});
