import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSession, DEMO_PASSWORD, dropdown, login, openDrawer, startStack } from './support.ts';

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
    // A reload (a phone that dropped the tab) keeps what was entered: the draft is in the browser's storage.
    await page.reload();
    await expect.poll(async () => f1.getByTestId('item-note').inputValue()).toBe('冷柜内两盒牛奶已过期');
    expect(await f1.getByTestId('item-photo').count()).toBe(1);
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
    // HQ audits three Shenzhen stores with a checklist of their own (the page filters by it): SZ-03 fails the fatal
    // item twice out of two, SZ-02 once out of two, SZ-01 never; SZ-04 has no audit. SZ-03 also rates itself kindly.
    const owner = await apiSession(stack.baseUrl, 'owner@savor.example');
    const units: Array<{ id: string; code: string; name: string }> = (await owner.json('org-units')).items;
    const unit = (code: string) => units.find((u) => u.code === code)!;
    const checklist = await (
      await owner.request('checklists', {
        body: {
          name: '深圳门店排名 E2E',
          items: [
            { code: 'F1', text: '生熟混放', severity: 'fatal', weight: 4 },
            { code: 'G1', text: '地面清洁', severity: 'general', weight: 1 },
          ],
        },
      })
    ).json();
    const cookie = await sessionCookie('owner@savor.example');
    const audit = async (code: string, kind: string, f1: 'pass' | 'fail', note?: string, photo = false) => {
      const a = await (
        await owner.request('audits', { body: { checklistId: checklist.id, orgUnitId: unit(code).id, kind } })
      ).json();
      const photoIds = [];
      if (photo) {
        const form = new FormData();
        form.append('itemCode', 'F1');
        form.append('file', new Blob([PNG], { type: 'image/png' }), 'f1.png');
        const res = await fetch(`${stack.baseUrl}/api/v1/audits/${a.id}/photos`, {
          method: 'POST',
          headers: { cookie, origin: stack.baseUrl },
          body: form,
        });
        expect(res.status).toBe(201);
        photoIds.push((await res.json()).id);
      }
      const res = await owner.request(`audits/${a.id}/submit`, {
        body: {
          results: [
            { code: 'F1', result: f1, ...(note ? { note } : {}), ...(photoIds.length ? { photoIds } : {}) },
            { code: 'G1', result: 'pass' },
          ],
        },
      });
      expect(res.status).toBe(200);
    };
    await audit('SZ-03', 'mystery_shop', 'fail', '生肉与熟食同柜存放', true);
    await audit('SZ-03', 'sampling', 'fail', '砧板未分色');
    await audit('SZ-02', 'mystery_shop', 'fail', '冷库生熟未分区');
    await audit('SZ-02', 'mystery_shop', 'pass');
    await audit('SZ-01', 'mystery_shop', 'pass');
    await audit('SZ-03', 'self_inspection', 'pass');

    const page = await stack.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await login(page, stack.baseUrl, 'analyst@savor.example');
    // The engine's answer the page ranks from: its fatal-error-rate query of SZ's stores.
    const answer = page.waitForResponse(
      (r) =>
        r.url().endsWith('/api/v1/metrics/query') && r.request().postDataJSON()?.metric === 'audit.fatal_error_rate',
    );
    const gapAnswer = page.waitForResponse((r) => r.url().includes('/api/v1/audits/self-gap'));
    await page.goto(
      `${stack.baseUrl}/quality/indicators?unit=${unit('SZ').id}&metric=audit.fatal_error_rate&checklist=${checklist.id}`,
    );
    const engine: { rows: Array<{ key: string; label: string; value: number | null }> } = await (await answer).json();
    expect(engine.rows.map((r) => [r.key, r.value])).toEqual(
      expect.arrayContaining([
        [unit('SZ-03').id, 100],
        [unit('SZ-02').id, 50],
        [unit('SZ-01').id, 0],
      ]),
    );
    const rows = page.getByTestId('ind-row');
    await expect.poll(async () => rows.count()).toBe(engine.rows.length);
    const shown = [];
    for (const row of await rows.all()) shown.push((await row.locator('td').allInnerTexts()).slice(1, 3));
    // Highest fatal error rate first, each the engine's value; the store without audits last, without a value.
    expect(shown.slice(0, 3)).toEqual([
      [unit('SZ-03').name, '100.0%'],
      [unit('SZ-02').name, '50.0%'],
      [unit('SZ-01').name, '0.0%'],
    ]);
    expect(shown.find((r) => r[0] === unit('SZ-04').name)?.[1]).toBe('—');

    // The self-inspection gap of the same stores (every checklist): SZ-03 as the engine answers it.
    const gap: { rows: Array<{ orgUnitId: string; gap: number | null }> } = await (await gapAnswer).json();
    const sz03Gap = gap.rows.find((r) => r.orgUnitId === unit('SZ-03').id)!.gap!;
    expect(sz03Gap).toBeGreaterThan(0);
    const gapRow = page.getByTestId('self-gap').locator('tr', { hasText: unit('SZ-03').name });
    expect(await gapRow.innerText()).toContain(`+${sz03Gap.toFixed(1)}`);
    await page.screenshot({ path: '/tmp/e2e-qa-indicators.png', fullPage: true });

    // SZ-03 → its items, worst first → the failing audits of the fatal item, with the note and the photo.
    await rows.first().click();
    await expect.poll(async () => page.getByText('检查项差错').count()).toBe(1);
    await expect.poll(async () => rows.count()).toBe(2);
    expect((await rows.first().locator('td').allInnerTexts()).slice(1, 3)).toEqual(['生熟混放', '100.0%']);
    await rows.first().click();
    const failing = page.getByTestId('failing-audit');
    await expect.poll(async () => failing.count()).toBe(2);
    expect(await page.getByTestId('failing-audits').innerText()).toContain('生肉与熟食同柜存放');
    expect(await page.getByTestId('failing-audits').innerText()).toContain('砧板未分色');
    await expect.poll(async () => page.getByTestId('evidence-photo').count()).toBe(1);
    await page.close();
  });
  it('desktop: HQ writes a checklist with a fatal item in the drawer and assigns an audit of it to a store', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await login(page, stack.baseUrl, 'owner@savor.example');
    await page.goto(`${stack.baseUrl}/quality/checklists`);
    await page.getByRole('button', { name: '新建检查表' }).click();
    let drawer = await openDrawer(page);
    await drawer.getByLabel('名称').fill('后厨卫生巡检');
    const first = drawer.getByTestId('checklist-item').nth(0);
    await first.getByLabel('环节').fill('后厨');
    await first.getByLabel('严重程度').click();
    await (await dropdown(page)).locator('.ant-select-item-option', { hasText: '致命' }).click();
    await first.getByLabel('佐证要求').click();
    await (await dropdown(page)).locator('.ant-select-item-option', { hasText: '不合格须拍照' }).click();
    await first.getByLabel('检查内容（中文）').fill('冷藏温度超过 8°C');
    await first.getByLabel('检查内容（英文）').fill('Fridge above 8°C');
    await drawer.getByRole('button', { name: /添加检查项/ }).click();
    const second = drawer.getByTestId('checklist-item').nth(1);
    await second.getByLabel('检查内容（中文）').fill('操作台整洁');
    await drawer.getByTestId('checklist-save').click();
    const row = page.locator('tr', { hasText: '后厨卫生巡检' });
    await expect.poll(async () => row.count()).toBe(1);
    expect(await row.innerText()).toContain('2 项');
    expect(await row.getByText('致命 1', { exact: true }).count()).toBe(1);
    const saved = (await (await apiSession(stack.baseUrl, 'owner@savor.example')).json('checklists')).items.find(
      (c: { name: string }) => c.name === '后厨卫生巡检',
    );
    expect(saved.items).toEqual([
      expect.objectContaining({
        code: 'Q1',
        severity: 'fatal',
        evidence: 'photo',
        section: '后厨',
        textEn: 'Fridge above 8°C',
      }),
      expect.objectContaining({ code: 'Q2', severity: 'general', evidence: 'none', section: null, weight: 1 }),
    ]);

    // Assign a sampling check of SH-02 with that checklist; the new audit opens, waiting for its inspector.
    await page.getByTestId('quality-tabs').getByText('质检任务').click();
    await page.getByTestId('new-audit').click();
    drawer = await openDrawer(page);
    await drawer.getByLabel('检查表').click();
    await (await dropdown(page)).locator('.ant-select-item-option', { hasText: '后厨卫生巡检' }).click();
    await drawer.getByLabel('单位').click();
    await page.keyboard.type('徐家汇');
    await (await dropdown(page)).locator('.ant-select-tree-node-content-wrapper', { hasText: '上海徐家汇店' }).click();
    await drawer.getByLabel('类型').click();
    await (await dropdown(page)).locator('.ant-select-item-option', { hasText: '抽检' }).click();
    await drawer.getByTestId('audit-create').click();
    await page.waitForURL(/\/quality\/audits\/[0-9a-f-]{36}$/);
    await expect.poll(async () => page.getByTestId('audit-status').innerText()).toBe('待执行');
    expect(await page.getByRole('heading', { name: '上海徐家汇店' }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: '后厨' }).count()).toBe(1);
    expect(await page.getByTestId('item-Q1').innerText()).toContain('冷藏温度超过 8°C');
    await page.close();
  });
});

/** A demo user's session cookie, for the multipart photo upload apiSession's JSON requests cannot send. */
async function sessionCookie(email: string) {
  const res = await fetch(`${stack.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  return String(res.headers.get('set-cookie')).split(';')[0]!;
}
