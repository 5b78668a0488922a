import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSession, login, openDrawer, startStack } from './support.ts';

let stack: Awaited<ReturnType<typeof startStack>>;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.stop());

const QUIZ = '冷链与保质期 E2E';
const STAFF = 'sz03.waiter@savor.example';

describe('Training in a real browser', () => {
  it('phone (375 px): a staff member takes a quiz, fails, retakes and passes; the QA manager sees it passed', async () => {
    // HQ writes a two-question quiz and assigns it to one waiter of SZ-03.
    const owner = await apiSession(stack.baseUrl, 'owner@savor.example');
    const units: Array<{ id: string; code: string }> = (await owner.json('org-units')).items;
    const store = units.find((u) => u.code === 'SZ-03')!;
    const users: Array<{ id: string; email: string }> = (await owner.json('users')).items;
    const waiter = users.find((u) => u.email === STAFF)!;
    const quiz = await owner.request('training/quizzes', {
      body: {
        name: QUIZ,
        passMark: 100,
        maxAttempts: 3,
        questions: [
          {
            code: 'Q1',
            type: 'single',
            text: '冷藏温度应为？',
            choices: [
              { value: 'a', text: '0–4℃' },
              { value: 'b', text: '8–10℃' },
            ],
            correct: ['a'],
          },
          { code: 'Q2', type: 'true_false', text: '过期一天的食材可以使用', correct: ['false'] },
        ],
      },
    });
    expect(quiz.status).toBe(201);
    const quizId = (await quiz.json()).id as string;
    const assigned = await owner.request('training/assignments', {
      body: { quizId, orgUnitId: store.id, userIds: [waiter.id] },
    });
    expect(assigned.status).toBe(201);
    const assignmentId = (await assigned.json()).items[0].id as string;
    // The taker's copy of the quiz carries no answers.
    const asWaiter = await apiSession(stack.baseUrl, STAFF);
    const seen = await asWaiter.json(`training/assignments/${assignmentId}`);
    expect(JSON.stringify(seen.quiz)).not.toContain('correct');
    expect(seen.correct).toBeNull();

    const context = await stack.browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true });
    const page = await context.newPage();
    await login(page, stack.baseUrl, STAFF);
    await page.goto(`${stack.baseUrl}/training`);
    const card = page.getByTestId('my-assignment').filter({ hasText: QUIZ });
    await expect.poll(async () => card.count()).toBe(1);
    expect(await card.getByTestId('training-status').innerText()).toBe('进行中');
    await card.getByTestId('my-start').click();
    await page.waitForURL(`${stack.baseUrl}/training/${assignmentId}`);

    // First try: Q1 wrong (8–10℃), Q2 right → 50 %, below the pass mark; the wrong question is marked.
    await page.getByTestId('question-Q1').getByText('8–10℃').click();
    await page.getByTestId('question-Q2').getByText('错').click();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: '/tmp/e2e-training-quiz-phone.png', fullPage: true });
    await page.getByTestId('submit-attempt').click();
    await expect.poll(async () => page.getByTestId('attempt-score').count()).toBe(1);
    expect(await page.getByTestId('attempt-score').innerText()).toContain('50%');
    expect(await page.getByTestId('question-Q1').innerText()).toContain('答错');
    expect(await page.getByTestId('correct-answer').count()).toBe(0);

    // Retake: both right → 100 %, passed; now the correct answers are shown.
    await page.getByTestId('retake').click();
    await page.getByTestId('question-Q1').getByText('0–4℃').click();
    await page.getByTestId('question-Q2').getByText('错').click();
    await page.getByTestId('submit-attempt').click();
    await expect.poll(async () => page.getByTestId('attempt-score').innerText()).toContain('100%');
    expect(await page.getByTestId('correct-answer').count()).toBe(2);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: '/tmp/e2e-training-passed-phone.png', fullPage: true });
    await page.goto(`${stack.baseUrl}/training`);
    await expect.poll(async () => card.getByTestId('training-status').innerText()).toBe('已通过');
    await context.close();

    // The server kept two attempts, the best 100.
    const stored = await owner.json(`training/assignments/${assignmentId}`);
    expect(stored.assignment).toMatchObject({ status: 'passed', attempts: 2, bestScore: 100 });

    // HQ's Training tab lists the assignment as passed.
    const desk = await stack.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const hq = await desk.newPage();
    await login(hq, stack.baseUrl, 'owner@savor.example');
    await hq.goto(`${stack.baseUrl}/quality/training?quiz=${quizId}`);
    const row = hq.getByTestId('assignment-table').locator('tbody tr').filter({ hasText: '吴服务员' });
    await expect.poll(async () => row.count()).toBe(1);
    expect(await row.getByTestId('training-status').innerText()).toBe('已通过');
    expect(await row.innerText()).toContain('2/3');
    await expect.poll(async () => hq.getByTestId('quiz-list').innerText()).toContain(QUIZ);
    await expect.poll(async () => hq.getByTestId('training-rates').innerText()).toContain('%');
    await hq.screenshot({ path: '/tmp/e2e-training-tab.png', fullPage: true });

    // The editor drawer: a one-question quiz, its second choice ticked correct (the first is ticked by default).
    await hq.getByTestId('quiz-new').click();
    const drawer = await openDrawer(hq);
    await drawer.getByTestId('quiz-name').fill('洗手规范 E2E');
    await drawer.getByLabel('题干', { exact: true }).fill('洗手至少多少秒？');
    await drawer.getByTestId('choice-text').nth(0).fill('5 秒');
    await drawer.getByTestId('choice-text').nth(1).fill('20 秒');
    await drawer.getByTestId('choice-correct').nth(0).click();
    await drawer.getByTestId('choice-correct').nth(1).click();
    await hq.screenshot({ path: '/tmp/e2e-training-drawer.png' });
    await drawer.getByTestId('quiz-save').click();
    await expect.poll(async () => hq.getByTestId('quiz-list').innerText()).toContain('洗手规范 E2E');
    const made = ((await owner.json('training/quizzes')).items as Array<{ name: string; questions: unknown[] }>).find(
      (q) => q.name === '洗手规范 E2E',
    );
    expect(made?.questions).toMatchObject([
      {
        code: 'Q1',
        type: 'single',
        text: '洗手至少多少秒？',
        correct: ['b'],
        choices: [{ text: '5 秒' }, { text: '20 秒' }],
      },
    ]);

    // An audit's failed item that a quiz trains offers "Assign training" to the store's staff: SZ-03's latest
    // mystery shop found expired food (FS-1), which the demo's food-safety quiz trains.
    const shops = (await owner.json(`audits?orgUnitId=${store.id}&kind=mystery_shop&status=submitted`)).items as Array<{
      id: string;
      fatalFailures: number;
    }>;
    let failed = shops[0];
    let results: Array<{ code: string; result: string }> = [];
    for (const a of shops.filter((x) => x.fatalFailures > 0)) {
      results = (await owner.json(`audits/${a.id}`)).items;
      failed = a;
      if (results.some((r) => r.code === 'FS-1' && r.result === 'fail')) break;
    }
    const passed = results.find((r) => r.result === 'pass')!;
    const fsAssignments = async () =>
      ((await owner.json(`training/assignments?auditId=${failed.id}`)).items as Array<{ itemCode: string }>).filter(
        (a) => a.itemCode === 'FS-1',
      ).length;
    const before = await fsAssignments();
    await hq.goto(`${stack.baseUrl}/quality/audits/${failed.id}`);
    const item = hq.getByTestId('result-item-FS-1');
    await expect.poll(async () => item.getByTestId('assign-training').count()).toBe(1);
    expect(await hq.getByTestId(`result-item-${passed.code}`).getByTestId('assign-training').count()).toBe(0);
    await item.getByTestId('assign-training').click();
    await hq.getByTestId('assign-training-ok').click();
    await expect.poll(async () => hq.locator('.ant-message').innerText()).toMatch(/已指派 \d+ 人/);
    expect(await fsAssignments()).toBeGreaterThan(before);
    await desk.close();
  });
});
