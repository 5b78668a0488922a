import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSession, dropdown, login, startStack } from './support.ts';

// The SMS / WeChat gateway of the chain, on loopback: it records what Reach sends it and accepts everything.
// Loopback is refused to outbound calls unless the operator allows it, as this test does.
process.env.LOOPCX_OUTBOUND_ALLOW = '127.0.0.1';
const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
const gateway = createServer((req, res) => {
  let body = '';
  req.on('data', (d) => {
    body += d;
  });
  req.on('end', () => {
    received.push({ headers: req.headers, body });
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ id: `gw-${received.length}` }));
  });
});

let stack: Awaited<ReturnType<typeof startStack>>;
let api: Awaited<ReturnType<typeof apiSession>>;
let gatewayUrl: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/invitations`;
  stack = await startStack();
  api = await apiSession(stack.baseUrl, 'owner@savor.example');
});
afterAll(async () => {
  await stack?.stop();
  await new Promise((resolve) => gateway.close(resolve));
  delete process.env.LOOPCX_OUTBOUND_ALLOW;
});

const CHANNEL = 'E2E 本地网关';
const TRIGGER = '订单完成后品类回访 After-order category survey';
const CUSTOMER = 'M-REACH-E2E';
const FRESH = '鲜食的新鲜程度';
const BAKERY = '烘焙产品的口感';

/** Nothing on the page is wider than the screen. */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

const order = (key: string) => ({
  type: 'order.completed',
  orgUnitCode: 'SH-01',
  customer: CUSTOMER,
  properties: { categories: ['fresh'], amount: 66 },
  value: 66,
  idempotencyKey: key,
});

/** The gateway's invitation messages (not the channel test's sample). */
const invitationsSent = () =>
  received
    .map((r) => ({ ...r, json: JSON.parse(r.body) }))
    .filter(
      (r) =>
        r.json.type === 'invitation.send' &&
        r.json.data.invitationId &&
        !r.headers['webhook-id']?.toString().startsWith('test_'),
    );

describe('Distribution → Reach in a real browser', () => {
  let secret = '';

  it('desktop: a webhook channel (secret once, test send), the demo trigger moved onto it in the builder', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await login(page, stack.baseUrl, 'owner@savor.example');
    // The nav has the Distribution group with the four pages.
    for (const label of ['触发规则', '邀请', '接触频率', '发送渠道'])
      await expect.poll(async () => page.locator('.ant-menu').getByText(label, { exact: true }).count()).toBe(1);
    expect(await page.locator('.ant-menu').getByText('分发', { exact: true }).count()).toBe(1);

    await page.goto(`${stack.baseUrl}/reach/channels`);
    await expect.poll(async () => page.getByText('短信/公众号网关 SMS & WeChat gateway').count()).toBe(1);
    await page.getByRole('button', { name: '新建渠道' }).click();
    const dialog = page.getByRole('dialog', { name: '新建渠道' });
    await dialog.getByLabel('名称').fill(CHANNEL);
    await dialog.getByLabel('网关地址').fill(gatewayUrl);
    await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect.poll(async () => page.getByTestId('channel-secret').count()).toBe(1);
    secret = (await page.getByTestId('channel-secret').innerText()).trim();
    expect(secret).toMatch(/^whsec_/);
    await page
      .getByRole('dialog', { name: '签名密钥' })
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    const row = page.locator('tr', { hasText: CHANNEL });
    await expect.poll(async () => row.count()).toBe(1);

    // Test send: the gateway gets a signed sample and the page says what it answered.
    await row.getByTestId('channel-test').click();
    await expect.poll(async () => page.getByTestId('channel-test-result').innerText()).toMatch(/发送成功/);
    expect(await page.getByTestId('channel-test-result').innerText()).toContain('gw-1');
    expect(received).toHaveLength(1);
    const wh = new Webhook(secret);
    expect(() => wh.verify(received[0].body, received[0].headers as Record<string, string>)).not.toThrow();
    await page
      .getByRole('dialog', { name: /测试发送/ })
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();

    // The demo trigger: its condition reads back into a builder row; it now sends through the new channel.
    await page.goto(`${stack.baseUrl}/reach/triggers`);
    const trigger = page.locator('tr', { hasText: TRIGGER });
    await expect.poll(async () => trigger.count()).toBe(1);
    await trigger.getByRole('button', { name: /编\s*辑/ }).click();
    const builder = page.getByRole('dialog', { name: /编辑“/ });
    await expect.poll(async () => builder.getByTestId('condition-row').count()).toBe(1);
    expect(await builder.getByTestId('condition-preview').innerText()).toBe('{categories} notempty');
    // A malformed mapping is refused by the server on its own row.
    await builder.getByRole('button', { name: '添加映射' }).click();
    await builder.getByLabel('上下文键').nth(1).fill('store');
    await builder.getByLabel('事件属性路径').nth(1).fill('bad path!');
    await builder.getByLabel('发送渠道').click();
    await (await dropdown(page)).locator('.ant-select-item-option', { hasText: CHANNEL }).click();
    await builder.getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect
      .poll(async () => builder.locator('.ant-form-item-explain-error').allInnerTexts())
      .toContainEqual(expect.stringContaining('event property path'));
    await builder
      .getByRole('button', { name: /删\s*除/ })
      .last()
      .click();
    await builder.getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect.poll(async () => page.getByRole('dialog', { name: /编辑“/ }).count()).toBe(0);
    await expect.poll(async () => trigger.innerText()).toContain(`经由“${CHANNEL}”`);
    await page.screenshot({ path: '/tmp/e2e-reach-triggers.png' });
    await page.close();
  });

  it('an order with categories ["fresh"] is sent through the gateway; the same day’s second is suppressed; dry-run and funnel show them', async () => {
    for (const key of ['reach-e2e-1', 'reach-e2e-2']) {
      const res = await api.request('events/batch', { body: { events: [order(key)] } });
      expect(res.status).toBe(200);
      // One at a time, so the second is decided after the first was counted.
      await expect
        .poll(async () => (await api.json(`invitations?customer=${CUSTOMER}`)).items.length)
        .toBeGreaterThan(key.endsWith('1') ? 0 : 1);
    }
    await expect.poll(() => invitationsSent().length, { timeout: 30_000 }).toBe(1);
    const [sent] = invitationsSent();
    expect(() => new Webhook(secret).verify(sent.body, sent.headers as Record<string, string>)).not.toThrow();
    expect(sent.json.data.customer).toMatchObject({
      identities: expect.arrayContaining([{ kind: 'member', value: CUSTOMER }]),
    });

    const page = await stack.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await login(page, stack.baseUrl, 'owner@savor.example');
    await page.goto(`${stack.baseUrl}/reach/invitations?customer=${CUSTOMER}`);
    await expect.poll(async () => page.getByTestId('invitation-row').count()).toBe(2);
    await expect.poll(async () => page.getByTestId('invitation-status').allInnerTexts()).toEqual(['已抑制', '已发送']);
    expect(await page.getByTestId('invitation-reason').allInnerTexts()).toEqual(['超过接触频率上限']);
    expect(await page.getByTestId('customer-link').first().getAttribute('href')).toMatch(
      /^\/customers\/[0-9a-f-]{36}$/,
    );
    // The funnel by channel: the new channel sent one, none completed yet.
    await page.getByTestId('funnel').getByText('按渠道').click();
    const funnelRow = page.getByTestId('funnel-row').filter({ hasText: CHANNEL });
    await expect.poll(async () => funnelRow.getByTestId('funnel-sent').innerText()).toBe('1');
    expect(await funnelRow.getByTestId('funnel-completed').innerText()).toBe('0');
    await page.screenshot({ path: '/tmp/e2e-reach-invitations.png' });

    // Dry-run: the customer's order matches, would now be suppressed, and sees only the fresh question.
    await page.goto(`${stack.baseUrl}/reach/triggers`);
    await page.locator('tr', { hasText: TRIGGER }).getByTestId('open-dry-run').click();
    const item = page.getByTestId('dry-run-item').filter({ hasText: CUSTOMER }).first();
    await expect.poll(async () => item.count()).toBe(1);
    expect(await item.getByTestId('dry-run-outcome').innerText()).toBe('抑制');
    expect(await item.getByTestId('shown-question').allInnerTexts()).toContain(FRESH);
    expect(await item.getByTestId('shown-question').allInnerTexts()).not.toContain(BAKERY);
    await page.screenshot({ path: '/tmp/e2e-reach-dry-run.png' });
    await page.close();
  });

  it('phone (390 px): the invitation link opens with only the fresh question; answering completes it in the funnel', async () => {
    const [sent] = invitationsSent();
    const phone = await stack.browser.newPage({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
    });
    await phone.goto(String(sent.json.data.url).replace(/^https?:\/\/[^/]+/, stack.baseUrl));
    await expect.poll(async () => phone.locator('[data-q=nps]').count()).toBe(1);
    expect(await phone.locator('[data-q=fresh]').count()).toBe(1);
    expect(await phone.locator('[data-q=bakery]').count()).toBe(0);
    expect(await phone.locator('[data-q=drinks]').count()).toBe(0);
    expect(await overflow(phone)).toBeLessThanOrEqual(0);
    await phone.locator('[data-q=nps] button', { hasText: '9' }).tap();
    await phone.locator('[data-q=fresh] button', { hasText: '5' }).tap();
    await phone.screenshot({ path: '/tmp/e2e-reach-survey-phone.png' });
    await phone.getByRole('button', { name: '提交' }).tap();
    await expect.poll(async () => phone.locator('.done').count()).toBe(1);

    // The console on the phone: the invitation reads completed, the funnel counts it.
    await login(phone, stack.baseUrl, 'owner@savor.example');
    await phone.goto(`${stack.baseUrl}/reach/invitations?customer=${CUSTOMER}`);
    await expect.poll(async () => phone.getByTestId('invitation-card').count()).toBe(2);
    await expect.poll(async () => phone.getByTestId('invitation-status').allInnerTexts()).toEqual(['已抑制', '已完成']);
    await phone.getByTestId('funnel').getByText('按渠道').click();
    const funnelRow = phone.getByTestId('funnel-row').filter({ hasText: CHANNEL });
    await expect.poll(async () => funnelRow.getByTestId('funnel-completed').innerText()).toBe('1');
    expect(await overflow(phone)).toBeLessThanOrEqual(0);
    await phone.screenshot({ path: '/tmp/e2e-reach-invitations-phone.png' });
    await phone.close();
  });

  it('contact policy saved; an email channel’s settings and a test send to an address whose server is down; every Reach page fits a phone, in English', async () => {
    const page = await stack.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await login(page, stack.baseUrl, 'owner@savor.example');
    await page.goto(`${stack.baseUrl}/reach/contact-policy`);
    await expect.poll(async () => page.getByLabel('最多邀请次数').inputValue()).toBe('1');
    expect(await page.getByLabel('滚动时间窗').inputValue()).toBe('7');
    await page.getByLabel('两次邀请至少间隔').fill('30');
    await page
      .getByRole('button', { name: /保\s*存/ })
      .first()
      .click();
    await expect.poll(async () => (await api.json('contact-policy')).minDaysBetween).toBe(30);
    expect(await api.json('contact-policy')).toMatchObject({
      maxInvitations: { count: 1, days: 7 },
      suppressWhileTicketOpen: true,
    });
    // The demo trigger's reminder (3 days) is listed beside the policy.
    await expect.poll(async () => page.getByTestId('reminder-row').filter({ hasText: TRIGGER }).count()).toBe(1);

    // An email channel: its SMTP settings form; a test send to a server that is not there says why.
    await page.goto(`${stack.baseUrl}/reach/channels`);
    await page.getByRole('button', { name: '新建渠道' }).click();
    const dialog = page.getByRole('dialog', { name: '新建渠道' });
    await dialog.getByLabel('类型').click();
    await (await dropdown(page)).locator('.ant-select-item-option', { hasText: '邮件' }).click();
    await dialog.getByLabel('名称').fill('E2E 邮件');
    await dialog.getByLabel('SMTP 服务器').fill('127.0.0.1');
    await dialog.getByLabel('端口').fill('1');
    await dialog.getByLabel('发件人').fill('味道餐厅 <survey@savor.example>');
    await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
    const mail = page.locator('tr', { hasText: 'E2E 邮件' });
    await expect.poll(async () => mail.count()).toBe(1);
    expect(await page.getByTestId('channel-secret').count()).toBe(0);
    const stored = (await api.json('channels')).items.find((c: { name: string }) => c.name === 'E2E 邮件');
    expect(stored).toMatchObject({ kind: 'email', config: { host: '127.0.0.1', port: 1, secure: false } });
    // The sample needs an address to go to; the SMTP server is not there, and the result says so.
    await mail.getByTestId('channel-test').click();
    const to = page.getByRole('dialog', { name: '测试发送：E2E 邮件' });
    await to.getByLabel('测试收件邮箱').fill('qa@savor.example');
    await to.getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect.poll(async () => page.getByTestId('channel-test-result').innerText()).toMatch(/发送失败/);
    expect(await page.getByTestId('channel-test-result').innerText()).toContain('127.0.0.1:1');
    await page.screenshot({ path: '/tmp/e2e-reach-channel-test.png' });
    await page.close();

    // In English at phone width.
    const phone = await stack.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await phone.addInitScript(() => localStorage.setItem('loopcx.locale', 'en'));
    await login(phone, stack.baseUrl, 'owner@savor.example');
    for (const [path, testId, title] of [
      ['/reach/triggers', 'trigger-card', 'Triggers'],
      ['/reach/channels', 'channel-card', 'Channels'],
      ['/reach/invitations', 'invitation-card', 'Invitations'],
      ['/reach/contact-policy', 'reminder-row', 'Contact policy'],
    ] as const) {
      await phone.goto(`${stack.baseUrl}${path}`);
      await expect.poll(async () => phone.getByTestId(testId).count(), { message: path }).toBeGreaterThan(0);
      expect(await phone.getByRole('heading', { name: title, exact: true }).count(), path).toBe(1);
      expect(await overflow(phone), path).toBeLessThanOrEqual(0);
      await phone.screenshot({ path: `/tmp/e2e-reach-phone-${path.split('/').pop()}.png` });
    }
    // The trigger builder fits the phone too.
    await phone.goto(`${stack.baseUrl}/reach/triggers`);
    await phone.getByTestId('trigger-card').first().getByRole('button', { name: 'Edit' }).click();
    await expect.poll(async () => phone.getByTestId('condition-builder').count()).toBe(1);
    expect(await overflow(phone)).toBeLessThanOrEqual(0);
    await phone.screenshot({ path: '/tmp/e2e-reach-phone-builder.png' });
    await phone.close();
  });
});
