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
const PHONE = { width: 375, height: 812 };
/** SH-01's stored position in the demo (inspections/demo-locations.ts), and a point ~40 m from it. */
const NEAR_SH01 = { latitude: 31.2339, longitude: 121.4739, accuracy: 15 };

/** The owner's review queue of a panel on a phone, with the card of `name`'s submission once it is listed. */
async function openReview(panelId: string, name: string) {
  const desk = await stack.browser.newContext({ viewport: PHONE, isMobile: true, locale: 'zh-CN' });
  const review = await desk.newPage();
  await login(review, stack.baseUrl, 'owner@savor.example');
  await review.goto(`${stack.baseUrl}/panel?panel=${panelId}&tab=review`);
  const card = review.getByTestId('submission').filter({ hasText: name });
  await expect.poll(async () => card.count(), { timeout: 20_000 }).toBe(1);
  return { desk, review, card };
}

describe('The experience panel at phone size', () => {
  it('recruitment → screener pass → task → check-in, photo, report → approval in the console → points and tier on the portal → a reward redeemed, fulfilled in the console', async () => {
    const owner = await apiSession(stack.baseUrl, 'owner@savor.example');
    const panel = (await owner.json('panels')).items.find((p: { name: string }) => p.name === '体验达人计划');
    expect(panel).toBeTruthy();
    const joinPath = new URL(panel.joinUrl).pathname;

    // 1. The applicant opens the shared recruitment link on a phone and passes the screener.
    const phone = await stack.browser.newContext({
      viewport: PHONE,
      isMobile: true,
      locale: 'zh-CN',
      geolocation: NEAR_SH01,
      permissions: ['geolocation'],
    });
    const page = await phone.newPage();
    await page.goto(`${stack.baseUrl}${joinPath}`);
    await expect.poll(async () => page.getByTestId('apply').count()).toBe(1);
    expect(await page.locator('.title').first().innerText()).toBe('体验达人计划');
    await page.getByTestId('apply').click();
    expect(await page.locator('.errmsg').count()).toBeGreaterThan(0);
    const name = `E2E 达人 ${Date.now() % 100000}`;
    await page.locator('input[name=name]').fill(name);
    await page.locator('input[name=phone]').fill(`137${String(Date.now()).slice(-8)}`);
    await page.locator('[data-question="visits"] input[value="weekly"]').check();
    await page.locator('input[name=consent]').check();
    await page.getByTestId('apply').click();
    await expect.poll(async () => page.locator('[data-state="active"]').count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    const portalLink = await page.getByTestId('open-portal').getAttribute('href');
    expect(portalLink).toMatch(/\/m\/[A-Za-z0-9_-]{40,}$/);
    const portalHref = new URL(portalLink!).pathname;

    // 2. HQ assigns a store visit at SH-01 to the new member (API: the console's task drawer posts the same body).
    const members = await owner.json(`panels/${panel.id}/members?q=${encodeURIComponent(name)}`);
    expect(members.items).toHaveLength(1);
    expect(members.items[0]).toMatchObject({ status: 'active', points: 0, tier: '新手' });
    const units: Array<{ id: string; code: string }> = (await owner.json('org-units')).items;
    const created = await owner.request(`panels/${panel.id}/tasks`, {
      body: {
        title: 'E2E 到店体验 · 南京西路店',
        kind: 'offline',
        orgUnitId: units.find((u) => u.code === 'SH-01')!.id,
        checkInRequired: true,
        radiusM: 500,
        minPhotos: 1,
        fields: [
          { code: 'service', label: '服务体验', type: 'text', required: true },
          { code: 'food', label: '菜品口味', type: 'rating', required: true },
        ],
        points: 120,
        dueAt: new Date(Date.now() + 7 * 86400_000).toISOString(),
        assignTo: { kind: 'members', memberIds: [members.items[0].id] },
      },
    });
    expect(created.status).toBe(201);

    // 3. The member opens the portal link on the phone: check in, photo, report, submit.
    await page.goto(`${stack.baseUrl}${portalHref}`);
    await expect.poll(async () => page.getByTestId('points').count()).toBe(1);
    expect(await page.getByTestId('points').innerText()).toBe('0');
    await page.getByTestId('task-row').first().click();
    await page.getByTestId('check-in').click();
    await expect.poll(async () => page.locator('[data-state="checked-in"]').count()).toBe(1);
    expect(await page.locator('[data-state="checked-in"]').innerText()).toMatch(/距门店 \d+ 米/);
    await page.getByTestId('photo-input').setInputFiles({ name: 'store.png', mimeType: 'image/png', buffer: PNG });
    await expect.poll(async () => page.locator('img.thumb').count()).toBe(1);
    await page.locator('[data-field="service"] textarea').fill('迎宾热情，上菜快，推荐了新品');
    await page.locator('[data-field="food"]').getByRole('button', { name: '5' }).click();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.getByTestId('submit-task').click();
    await expect.poll(async () => page.getByTestId('task').getAttribute('data-status')).toBe('submitted');
    await page.screenshot({ path: '/tmp/e2e-panel-portal-submitted.png', fullPage: true });

    // 4. The reviewer approves it in the console, on a phone too.
    const { desk, review, card } = await openReview(panel.id, name);
    expect(await card.getByTestId('submission-distance').innerText()).toMatch(/签到距离 \d+ 米/);
    expect(await card.locator('img').count()).toBe(1);
    await card.getByTestId('approve').click();
    await expect.poll(async () => review.getByTestId('submission').filter({ hasText: name }).count()).toBe(0);
    expect(await review.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await desk.close();

    // 5. The member sees the points and the new tier.
    await page.goto(`${stack.baseUrl}${portalHref}`);
    await expect.poll(async () => page.getByTestId('points').innerText()).toBe('120');
    expect(await page.getByTestId('tier').innerText()).toBe('达人');
    await page.getByTestId('task-row').first().click();
    expect(await page.getByTestId('task-status').innerText()).toContain('已通过');

    // 6. The member redeems a reward on the portal: the balance drops, the tier (points earned) stays.
    await page.goto(`${stack.baseUrl}${portalHref}`);
    const reward = page.getByTestId('reward').filter({ hasText: '新品试吃券' });
    await expect.poll(async () => reward.count()).toBe(1);
    // The dearer rewards are out of the member's reach: their buttons are disabled.
    expect(
      await page.getByTestId('reward').filter({ hasText: '限量周边帆布袋' }).getByTestId('redeem').isDisabled(),
    ).toBe(true);
    page.once('dialog', (d) => void d.accept());
    await reward.getByTestId('redeem').click();
    await expect.poll(async () => page.getByTestId('points').innerText()).toBe('20');
    expect(await page.getByTestId('tier').innerText()).toBe('达人');
    expect(await page.getByTestId('my-redemption').first().getAttribute('data-status')).toBe('pending');
    expect(await page.getByTestId('redeem-notice').innerText()).toContain('新品试吃券');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: '/tmp/e2e-panel-portal-redeemed.png', fullPage: true });

    // 7. Staff fulfil it in the console's rewards tab (phone size); the member sees it sent.
    const desk2 = await stack.browser.newContext({ viewport: PHONE, isMobile: true, locale: 'zh-CN' });
    const staff = await desk2.newPage();
    await login(staff, stack.baseUrl, 'owner@savor.example');
    await staff.goto(`${stack.baseUrl}/panel?panel=${panel.id}&tab=rewards`);
    const pending = staff.getByTestId('redemption').filter({ hasText: name });
    await expect.poll(async () => pending.count(), { timeout: 20_000 }).toBe(1);
    expect(await staff.getByTestId('reward-list').innerText()).toContain('新品试吃券');
    expect(await staff.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await staff.screenshot({ path: '/tmp/e2e-panel-console-rewards.png', fullPage: true });
    await pending.getByTestId('fulfil').click();
    await expect.poll(async () => staff.getByTestId('redemption').filter({ hasText: name }).count()).toBe(0);
    await desk2.close();
    await page.goto(`${stack.baseUrl}${portalHref}`);
    await expect
      .poll(async () => page.getByTestId('my-redemption').first().getAttribute('data-status'))
      .toBe('fulfilled');
    expect(await page.getByTestId('points').innerText()).toBe('20');
    await phone.close();
  });

  it('a diary task: the member answers the diary survey on the portal and submits; staff read the answers in the review and approve', async () => {
    const owner = await apiSession(stack.baseUrl, 'owner@savor.example');
    const panel = (await owner.json('panels')).items.find((p: { name: string }) => p.name === '体验达人计划');
    const survey = (await owner.json('surveys')).items.find((x: { name: string }) => x.name === '新品体验日记');
    expect(survey).toMatchObject({ status: 'live' });
    // A new member (through the recruitment API, as the join page posts it) and a once diary assigned to them.
    const name = `E2E 日记 ${Date.now() % 100000}`;
    const applied = await fetch(
      `${stack.baseUrl}/api/v1/public/panels/${new URL(panel.joinUrl).pathname.split('/').pop()}/apply`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          name,
          phone: `136${String(Date.now()).slice(-8)}`,
          consent: true,
          answers: { visits: 'weekly' },
        }),
      },
    );
    expect(applied.status).toBe(201);
    const portalHref = new URL((await applied.json()).portalUrl).pathname;
    const members = await owner.json(`panels/${panel.id}/members?q=${encodeURIComponent(name)}`);
    const created = await owner.request(`panels/${panel.id}/tasks`, {
      body: {
        title: 'E2E 新品日记',
        kind: 'online',
        surveyId: survey.id,
        entries: 'once',
        points: 30,
        dueAt: new Date(Date.now() + 7 * 86400_000).toISOString(),
        assignTo: { kind: 'members', memberIds: [members.items[0].id] },
      },
    });
    expect(created.status, await created.clone().text()).toBe(201);

    // The member writes the entry on a phone: the diary survey renders in the portal (SurveyJS), then submits.
    const phone = await stack.browser.newContext({ viewport: PHONE, isMobile: true, locale: 'zh-CN' });
    const page = await phone.newPage();
    await page.goto(`${stack.baseUrl}${portalHref}`);
    await page.getByTestId('task-row').filter({ hasText: 'E2E 新品日记' }).click();
    expect(await page.getByTestId('submit-task').isDisabled()).toBe(true);
    await page.getByTestId('diary-write').click();
    const notes = page.locator('[data-name="notes"] textarea');
    await notes.waitFor({ timeout: 20_000 });
    await page.locator('[data-name="taste"] .sd-rating__item').nth(3).click();
    await notes.fill('酸汤鱼很开胃，鱼片嫩，等位二十分钟');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    const posted = page.waitForResponse((r) => r.url().includes('/entries'), { timeout: 20_000 });
    await page.locator('.sd-navigation__complete-btn').click();
    const entry = await posted;
    expect(entry.status(), await entry.text()).toBe(201);
    await expect.poll(async () => page.getByTestId('diary-count').innerText()).toContain('已写 1 篇');
    expect(await page.getByTestId('diary-write').count()).toBe(0);
    await page.getByTestId('submit-task').click();
    await expect.poll(async () => page.getByTestId('task').getAttribute('data-status')).toBe('submitted');
    await page.screenshot({ path: '/tmp/e2e-panel-diary-portal.png', fullPage: true });

    // Staff read the entry's answers by question in the review (phone size) and approve.
    const { desk, review, card } = await openReview(panel.id, name);
    const entries = card.getByTestId('diary-entries');
    expect(await entries.innerText()).toContain('记录一下今天的体验');
    expect(await entries.innerText()).toContain('酸汤鱼很开胃，鱼片嫩，等位二十分钟');
    expect(await review.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await review.screenshot({ path: '/tmp/e2e-panel-diary-review.png', fullPage: true });
    await card.getByTestId('approve').click();
    await expect.poll(async () => review.getByTestId('submission').filter({ hasText: name }).count()).toBe(0);
    await desk.close();
    await page.goto(`${stack.baseUrl}${portalHref}`);
    await expect.poll(async () => page.getByTestId('points').innerText()).toBe('30');
    await phone.close();
  });
});
