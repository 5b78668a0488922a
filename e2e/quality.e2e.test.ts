import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSession, login, startStack } from './support.ts';

let stack: Awaited<ReturnType<typeof startStack>>;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.stop());

/** A 1×1 PNG: the photo route checks the type by its magic bytes, so the evidence must be a real image. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const CHECKLIST = '门店服务检查 E2E';
const FATAL_TEXT = '食品过期仍在售卖';

describe('Service QA in a real browser', () => {
  it('phone (390 px): the store manager checks in, fails a fatal item with a note and a photo, submits, and the fatal failure is a ticket', async () => {
    // HQ writes the checklist and assigns an audit of SH-01 to its store manager.
    const owner = await apiSession(stack.baseUrl, 'owner@savor.example');
    const units: Array<{ id: string; code: string }> = (await owner.json('org-units')).items;
    const store = units.find((u) => u.code === 'SH-01')!;
    const users: Array<{ id: string; email: string }> = (await owner.json('users')).items;
    const manager = users.find((u) => u.email === 'sh01.manager@savor.example')!;
    const created = await owner.request('checklists', {
      body: {
        name: CHECKLIST,
        unitKinds: ['store'],
        items: [
          { code: 'G1', text: '迎宾问候', severity: 'general', weight: 2, section: '迎宾' },
          { code: 'F1', text: FATAL_TEXT, severity: 'fatal', weight: 5, evidence: 'photo', section: '出品' },
          { code: 'G2', text: '餐桌整洁', severity: 'general', weight: 1, evidence: 'note', section: '出品' },
        ],
      },
    });
    expect(created.status).toBe(201);
    const checklist = await created.json();
    const assigned = await owner.request('audits', {
      body: { checklistId: checklist.id, orgUnitId: store.id, kind: 'mystery_shop', inspectorId: manager.id },
    });
    expect(assigned.status).toBe(201);
    const audit = await assigned.json();

    const context = await stack.browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      geolocation: { latitude: 31.2304, longitude: 121.4737, accuracy: 20 },
      permissions: ['geolocation'],
    });
    const page = await context.newPage();
    await login(page, stack.baseUrl, 'sh01.manager@savor.example');
    await page.goto(`${stack.baseUrl}/quality/audits`);
    const card = page.getByTestId('audit-card').filter({ hasText: CHECKLIST });
    await expect.poll(async () => card.count()).toBe(1);
    expect(await card.getByTestId('audit-status').innerText()).toBe('待执行');
    await card.click();
    await page.waitForURL(`${stack.baseUrl}/quality/audits/${audit.id}`);

    // Check in: the position the phone gives is recorded.
    await page.getByTestId('check-in').click();
    await expect.poll(async () => page.getByTestId('checked-in').count()).toBe(1);

    // Items come grouped by their step; F1 fails with a note but no photo yet, the rest pass.
    expect(await page.getByRole('heading', { name: '迎宾' }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: '出品' }).count()).toBe(1);
    const f1 = page.getByTestId('item-F1');
    await f1.getByTestId('result-fail').click();
    await f1.getByTestId('item-note').fill('冷柜内两盒牛奶已过期');
    await page.getByTestId('item-G1').getByTestId('result-pass').click();
    await page.getByTestId('item-G2').getByTestId('result-pass').click();

    // The photo the item requires is enforced before anything is sent.
    await page.getByTestId('submit-audit').click();
    const blocked = page.getByTestId('submit-blocked');
    await expect.poll(async () => blocked.count()).toBe(1);
    expect(await blocked.innerText()).toContain(`「${FATAL_TEXT}」不合格，须上传照片`);
    expect((await owner.json(`audits/${audit.id}`)).status).toBe('assigned');

    await page.getByTestId('photo-input-F1').setInputFiles({ name: 'expired.png', mimeType: 'image/png', buffer: PNG });
    await expect.poll(async () => f1.getByTestId('item-photo').count()).toBe(1);
    await expect.poll(async () => blocked.count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: '/tmp/e2e-audit-phone.png', fullPage: true });

    await page.getByTestId('submit-audit').click();
    await expect.poll(async () => page.getByTestId('audit-result').count()).toBe(1);
    expect(await page.getByTestId('result-fatal').innerText()).toContain('1');
    // Score: G1 (2) and G2 (1) passed of 8 applicable weight → 37.5.
    expect(await page.getByTestId('result-score').innerText()).toContain('37.5');
    expect(await page.getByTestId('result-item-F1').innerText()).toContain('冷柜内两盒牛奶已过期');
    expect(await page.getByTestId('result-item-F1').locator('img').count()).toBe(1);
    // The ticket the fatal failure opened shows up on the result within seconds (a job opens it after the submit).
    await expect.poll(async () => page.getByTestId('audit-ticket').count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: '/tmp/e2e-audit-result-phone.png', fullPage: true });

    // The server kept the check-in position and one submission.
    const stored = await owner.json(`audits/${audit.id}`);
    expect(stored).toMatchObject({ status: 'submitted', fatalFailures: 1 });
    expect(stored.checkIn.lat).toBeCloseTo(31.2304, 3);
    expect(stored.ticketIds).toHaveLength(1);

    // The store manager's tickets list has it, routed to the store, naming the item.
    await page.goto(`${stack.baseUrl}/tickets`);
    const ticket = page.getByTestId('ticket-card').filter({ hasText: FATAL_TEXT });
    await expect.poll(async () => ticket.count()).toBe(1);
    const fromApi = await owner.json(`tickets/${stored.ticketIds[0]}`);
    expect(fromApi).toMatchObject({ source: 'audit', auditId: audit.id });
    expect(fromApi.description).toContain('冷柜内两盒牛奶已过期');
    await context.close();
  });

  it('desktop: the QA indicators rank stores by fatal error rate as the metrics engine does, and drill to an item’s evidence', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await login(page, stack.baseUrl, 'analyst@savor.example');
    const analyst = await apiSession(stack.baseUrl, 'analyst@savor.example');
    const units: Array<{ id: string; code: string; parentId: string | null }> = (await analyst.json('org-units')).items;
    const sz = units.find((u) => u.code === 'SZ')!;
    // The engine's answer the page ranks from: its fatal-error-rate query of SZ's children.
    const answer = page.waitForResponse(
      (r) =>
        r.url().endsWith('/api/v1/metrics/query') && r.request().postDataJSON()?.metric === 'audit.fatal_error_rate',
    );
    await page.goto(`${stack.baseUrl}/quality/indicators?unit=${sz.id}&metric=audit.fatal_error_rate`);
    const engine: { rows: Array<{ key: string; label: string; value: number | null }> } = await (await answer).json();
    const rows = page.getByTestId('ind-row');
    await expect.poll(async () => rows.count()).toBe(engine.rows.length);

    // Highest fatal error rate first, each value the engine's; SZ-03 (the demo's store with fatal failures) leads.
    const expected = engine.rows
      .filter((r) => r.value !== null)
      .sort((a, b) => b.value! - a.value!)
      .map((r) => `${r.label} ${r.value!.toFixed(1)}%`);
    expect(expected.length).toBeGreaterThan(1);
    const shown = [];
    for (const row of await rows.all()) {
      const cells = await row.locator('td').allInnerTexts();
      if (cells[2] !== '—') shown.push(`${cells[1]} ${cells[2]}`);
    }
    expect(shown).toEqual(expected);
    const sz03 = units.find((u) => u.code === 'SZ-03')!;
    expect(engine.rows.find((r) => r.value === Math.max(...engine.rows.map((x) => x.value ?? -1)))?.key).toBe(sz03.id);
    await page.screenshot({ path: '/tmp/e2e-qa-indicators.png', fullPage: true });

    // SZ-03 → its items (worst first) → the failing audits of the first item, with their photos.
    await rows.first().click();
    await expect.poll(async () => page.getByText('检查项差错').count()).toBe(1);
    await expect.poll(async () => rows.count()).toBeGreaterThan(0);
    await rows.first().click();
    await expect.poll(async () => page.getByTestId('failing-audit').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('self-gap').count()).toBe(0);

    // The self-inspection gap of the stores under SZ is on the unit's page.
    await page.goto(`${stack.baseUrl}/quality/indicators?unit=${sz.id}`);
    await expect
      .poll(async () => page.getByTestId('self-gap').locator('tbody tr.ant-table-row').count())
      .toBeGreaterThan(0);
    await page.close();
  });
});
