import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSession, login, startStack } from './support.ts';

let stack: Awaited<ReturnType<typeof startStack>>;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.stop());

/** A 1×1 PNG: the photo route checks the type by its magic bytes. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const FATAL_TEXT = '后厨使用过期食材';

describe('An external inspector on the respondent runtime', () => {
  it('phone (390 px): opens the signed link, checks in, fails a fatal item with note and photo, submits offline → waiting, online → sent, and the ticket exists', async () => {
    const owner = await apiSession(stack.baseUrl, 'owner@savor.example');
    const units: Array<{ id: string; code: string }> = (await owner.json('org-units')).items;
    const store = units.find((u) => u.code === 'SH-01')!;
    const checklist = await (
      await owner.request('checklists', {
        body: {
          name: '暗访·外部 E2E',
          unitKinds: ['store'],
          items: [
            { code: 'G1', text: '迎宾问候', severity: 'general', section: '迎宾' },
            { code: 'F1', text: FATAL_TEXT, severity: 'fatal', weight: 5, evidence: 'photo', section: '出品' },
          ],
        },
      })
    ).json();
    const created = await owner.request('audits', {
      body: {
        checklistId: checklist.id,
        orgUnitId: store.id,
        kind: 'mystery_shop',
        external: { name: '暗访员 · 明察调研' },
      },
    });
    expect(created.status).toBe(201);
    const audit = await created.json();
    expect(audit.url).toMatch(/\/a\/[A-Za-z0-9_-]{40,}$/);
    const link = `${stack.baseUrl}${new URL(audit.url).pathname}`;

    const context = await stack.browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      locale: 'zh-CN',
      geolocation: { latitude: 31.2304, longitude: 121.4737, accuracy: 20 },
      permissions: ['geolocation'],
    });
    const page = await context.newPage();
    await page.goto(link);
    await page.getByTestId('check-in').click();
    await expect.poll(async () => page.locator('[data-state="checked-in"]').count()).toBe(1);
    expect(await page.getByRole('heading', { name: '出品' }).count()).toBe(1);

    const f1 = page.locator('[data-item="F1"]');
    await f1.getByRole('button', { name: '不合格' }).click();
    await f1.locator('textarea').fill('冷柜内两盒牛肉已过期 2 天');
    // The required photo is enforced on the page before anything is sent.
    await page.locator('[data-item="G1"]').getByRole('button', { name: '合格', exact: true }).click();
    await page.getByTestId('submit-audit').click();
    expect(await f1.innerText()).toContain('不合格须附照片');
    await f1.locator('input[type=file]').setInputFiles({ name: 'expired.png', mimeType: 'image/png', buffer: PNG });
    await expect.poll(async () => f1.innerText()).toContain('照片已上传');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // No network at the moment of submit: the audit waits in the outbox.
    await context.setOffline(true);
    await page.getByTestId('submit-audit').click();
    await expect.poll(async () => page.locator('[data-state="waiting"]').count()).toBe(1);
    expect(await page.locator('[data-state="waiting"]').innerText()).toContain('等待网络');
    expect((await owner.json(`audits/${audit.id}`)).status).toBe('assigned');
    await page.screenshot({ path: '/tmp/e2e-audit-external-waiting.png', fullPage: true });

    // Back online: the same submit goes out by itself.
    await context.setOffline(false);
    await expect.poll(async () => page.locator('[data-state="submitted"]').count(), { timeout: 30_000 }).toBe(1);
    expect(await page.locator('[data-state="submitted"]').innerText()).toContain('已提交');

    const stored = await owner.json(`audits/${audit.id}`);
    expect(stored).toMatchObject({ status: 'submitted', fatalFailures: 1, inspectorName: '暗访员 · 明察调研' });
    expect(stored.checkIn.lat).toBeCloseTo(31.2304, 3);
    await expect.poll(async () => (await owner.json(`audits/${audit.id}`)).ticketIds.length).toBe(1);
    const ticketId = (await owner.json(`audits/${audit.id}`)).ticketIds[0];
    expect(await owner.json(`tickets/${ticketId}`)).toMatchObject({ source: 'audit', auditId: audit.id });
    // The link still opens, read-only, after the submit.
    await page.reload();
    await expect.poll(async () => page.locator('[data-state="submitted"]').count()).toBe(1);
    await context.close();

    // HQ's console shows the link with its QR code on the audit page.
    const desk = await stack.browser.newPage();
    await login(desk, stack.baseUrl, 'owner@savor.example');
    await desk.goto(`${stack.baseUrl}/quality/audits/${audit.id}`);
    const card = desk.getByTestId('audit-external-link');
    await expect.poll(async () => card.count()).toBe(1);
    expect(await card.innerText()).toContain(new URL(audit.url).pathname);
    await expect
      .poll(async () => card.locator('img').evaluate((img) => (img as HTMLImageElement).naturalWidth))
      .toBeGreaterThan(0);
    await desk.close();
  });
});
