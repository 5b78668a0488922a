import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSession, dropdown, login, startStack } from './support.ts';

let stack: Awaited<ReturnType<typeof startStack>>;
let api: Awaited<ReturnType<typeof apiSession>>['json'];

beforeAll(async () => {
  stack = await startStack();
  ({ json: api } = await apiSession(stack.baseUrl, 'owner@savor.example'));
});
afterAll(async () => stack?.stop());

describe('survey builder in Chinese', () => {
  it('builds a Chinese NPS + comment survey without typing a key, previews real rating buttons, publishes, and the link answers', async () => {
    const context = await stack.browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    await login(page, stack.baseUrl, 'owner@savor.example');
    await page.goto(`${stack.baseUrl}/surveys`);
    await page.getByTestId('new-survey').click();
    const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/surveys') && r.request().method() === 'POST');
    await page.getByTestId('template-blank').click();
    const answer = await created;
    expect(answer.status(), await answer.text()).toBe(201);
    await page.waitForURL(/\/surveys\/[0-9a-f-]{36}$/);
    const surveyId = new URL(page.url()).pathname.split('/')[2];

    // The first field of a question is its title; Chinese goes in as typed.
    const nps = page.getByTestId('builder-q1');
    await nps.getByTestId('question-title-zh').fill('您有多大可能向朋友推荐我们的门店？');
    await page.getByTestId('add-question-0').hover();
    await (await dropdown(page, 'menu')).getByRole('menuitem', { name: '多行文本' }).click();
    const comment = page.getByTestId('builder-q2');
    await comment.getByTestId('question-title-zh').fill('还有什么想告诉我们的？');

    // The key was generated and sits under 高级设置; a Chinese key is refused in Chinese and changes nothing.
    await comment.getByText('高级设置').click();
    const key = comment.getByTestId('question-key');
    expect(await key.inputValue()).toBe('q2');
    await key.fill('评论');
    await comment.getByText('题目编号只能用英文字母开头', { exact: false }).waitFor();
    expect(await page.getByTestId('builder-q2').count()).toBe(1);
    await key.fill('q2');

    // The phone preview is the respondent page: eleven rating buttons, no dropdown.
    const phone = page.frameLocator('[data-testid=phone-preview]');
    await phone.getByText('您有多大可能向朋友推荐我们的门店？').waitFor();
    await expect.poll(() => phone.locator('[data-q=q1] .rate button').count()).toBe(11);
    expect(await phone.locator('select').count()).toBe(0);
    await phone.locator('[data-q=q2] textarea').waitFor();

    // The NPS question bound itself when it was added: the picker names it by its title, not its key.
    const npsPicker = page.getByTestId('binding-nps');
    expect(await npsPicker.innerText()).toContain('您有多大可能向朋友推荐我们的门店？');
    // A wrong binding typed in the advanced JSON is explained in Chinese; picked by title, the survey publishes.
    await page.getByText('高级：JSON').click();
    const bindings = page.getByTestId('bindings');
    await bindings.fill('{"nps":"q9"}');
    await page.getByRole('button', { name: /发\s*布/ }).click();
    await page.getByText('指标绑定 nps 指向的题目 q9 不存在').waitFor();
    await npsPicker.click();
    await (await dropdown(page))
      .locator('.ant-select-item-option', { hasText: '您有多大可能向朋友推荐我们的门店？' })
      .click();
    expect(JSON.parse(await bindings.inputValue())).toEqual({ nps: 'q1' });
    await page.getByRole('button', { name: /发\s*布/ }).click();
    await page.getByText('已发布为第 1 版').waitFor();

    // The survey's link answers on a phone, and the answers arrive under the generated keys.
    const link = await api(`surveys/${surveyId}/link`);
    const phonePage = await context.newPage();
    await phonePage.setViewportSize({ width: 390, height: 844 });
    await phonePage.goto(link.url.replace(/^https?:\/\/[^/]+/, stack.baseUrl));
    await phonePage.locator('[data-q=q1] button', { hasText: '9' }).click();
    await phonePage.locator('[data-q=q2] textarea').fill('服务很好');
    await phonePage.getByRole('button', { name: '提交' }).click();
    await phonePage.getByText('感谢您的反馈！').waitFor();
    await expect
      .poll(async () => (await api(`responses?surveyId=${surveyId}`)).items?.[0]?.answers)
      .toEqual({ q1: 9, q2: '服务很好' });
    await context.close();
  });
});
