import { expect, Locator, Page, test } from '@playwright/test';
import { newPerson, registerViaApi, signInWithPassword } from './helpers';

// The answering page as a candidate sees it (issue 16): controls found by their role and name, and
// after every action what the screen shows. The mock exam's paper: Q1–5 single choice (four options),
// Q6–8 multiple choice, Q9–10 fill in the blank.

const MOCK = '模拟练习（不限次数）';

async function openMockExam(page: Page, request: Parameters<typeof registerViaApi>[0]): Promise<void> {
  const person = newPerson();
  await registerViaApi(request, person);
  await signInWithPassword(page, person.username, person.password);
  await expect(page).toHaveURL(/\/account$/);
  await page.getByRole('link', { name: '我的考试' }).click();
  await page.getByRole('article', { name: MOCK }).getByRole('link', { name: '开始练习' }).click();
  await page.getByLabel('我已阅读考试须知，并同意《用户信息授权使用协议》').check();
  await page.getByRole('button', { name: '下一步' }).click();
  await page.getByRole('button', { name: '开始考试' }).click();
  await expect(page).toHaveURL(/\/attempts\/\d+$/);
}

const question = (page: Page, n: number): Locator => page.getByRole('region', { name: `第${n}题` });
const option = (page: Page, n: number, letter: string): Locator =>
  question(page, n).getByRole(n <= 5 ? 'radio' : 'checkbox', { name: new RegExp(`^${letter}\\. `) });

/** Exactly the options in `letters` are shown chosen on question `n`. */
async function expectChosen(page: Page, n: number, letters: string[]): Promise<void> {
  await expect(question(page, n)).toBeVisible();
  for (const letter of ['A', 'B', 'C', 'D']) {
    if (letters.includes(letter)) await expect(option(page, n, letter)).toBeChecked();
    else await expect(option(page, n, letter)).not.toBeChecked();
  }
}

test('answering: 下一题 works, chosen answers stay shown after moving and reloading, fill-in text is saved while typing, moves made offline reach the server', async ({ page, context, request }) => {
  test.setTimeout(150_000);
  await openMockExam(page, request);
  const next = page.getByRole('button', { name: '下一题', exact: true });
  const previous = page.getByRole('button', { name: '上一题', exact: true });
  const saveState = page.getByRole('status').filter({ hasText: /^(已保存|待保存|保存中|离线未保存)$/ });

  // Only the exam: no site header, no way out but handing in.
  await expect(page.getByRole('navigation', { name: '主导航' })).toBeHidden();
  await expect(page.getByRole('link', { name: '个人中心' })).toBeHidden();
  await expect(page.getByRole('button', { name: '退出' })).toBeHidden();
  // A 20-minute exam opens with less than 30 minutes left: nothing has been crossed, nothing is announced.
  await expect(page.getByText('剩余时间不足')).toHaveCount(0);

  await expect(question(page, 1)).toBeVisible();
  await expect(previous).toBeDisabled();
  await expect(next).toBeEnabled();
  await expect(next).toHaveText('下一题');
  // A radio keeps its own size beside its text (it was stretched across the row).
  const radio = await option(page, 1, 'A').boundingBox();
  expect(radio!.width).toBeLessThan(30);
  const label = await question(page, 1).locator('label').first().boundingBox();
  expect(radio!.x - label!.x).toBeLessThan(30);

  // Q1 = B by mouse, Q2 = C by keyboard, then the sequence Q3 = D, Q4 = A, Q5 = D.
  await option(page, 1, 'B').check();
  await expectChosen(page, 1, ['B']);
  await next.click();
  await expect(question(page, 2)).toBeVisible();
  await page.keyboard.press('c');
  await expectChosen(page, 2, ['C']);
  for (const [n, letter] of [[3, 'D'], [4, 'A'], [5, 'D']] as const) {
    await next.click();
    await option(page, n, letter).check();
    await expectChosen(page, n, [letter]);
  }
  // Back to Q4 from Q5 and from Q3: A stays shown chosen.
  await previous.click();
  await expectChosen(page, 4, ['A']);
  await previous.click();
  await expectChosen(page, 3, ['D']);
  await next.click();
  await expectChosen(page, 4, ['A']);
  await next.click();
  await expectChosen(page, 5, ['D']);

  // Multiple choice: A and C on Q6, still shown after leaving and coming back.
  await next.click();
  await option(page, 6, 'A').check();
  await option(page, 6, 'C').check();
  await next.click();
  await previous.click();
  await expectChosen(page, 6, ['A', 'C']);

  // Fill in: saved while typing, without leaving the field.
  await page.getByRole('navigation', { name: '答题卡' }).getByRole('button', { name: '9', exact: true }).click();
  const answer = question(page, 9).getByLabel('答案');
  await answer.pressSequentially('电脑', { delay: 50 });
  await expect(saveState).toHaveText('待保存');
  await expect(saveState).toHaveText('已保存', { timeout: 5_000 });
  await expect(answer).toBeFocused();
  await expect(page.getByRole('navigation', { name: '答题卡' }).getByRole('button', { name: '9', exact: true })).toHaveClass(/answered/);

  // A reload shows every answer again, wherever the question is reached from.
  await page.reload();
  await expect(question(page, 9).getByLabel('答案')).toHaveValue('电脑');
  await page.getByRole('navigation', { name: '答题卡' }).getByRole('button', { name: '1', exact: true }).click();
  await expectChosen(page, 1, ['B']);
  await next.click();
  await expectChosen(page, 2, ['C']);
  await next.click();
  await expectChosen(page, 3, ['D']);
  await next.click();
  await expectChosen(page, 4, ['A']);
  await page.getByRole('navigation', { name: '答题卡' }).getByRole('button', { name: '5', exact: true }).click();
  await expectChosen(page, 5, ['D']);
  await previous.click();
  await expectChosen(page, 4, ['A']);

  // Offline: a banner says the answers are kept here and how many wait; a move made meanwhile is sent
  // when the network is back, so a reload opens the question the candidate was on.
  await context.setOffline(true);
  await page.getByRole('navigation', { name: '答题卡' }).getByRole('button', { name: '10', exact: true }).click();
  await question(page, 10).getByLabel('答案').pressSequentially('服务器', { delay: 50 });
  const banner = page.getByRole('alert').filter({ hasText: '网络已断开' });
  await expect(banner).toContainText('您的答案已保存在本浏览器中，网络恢复后将自动提交');
  await expect(banner).toContainText('待提交：2');
  await expect(saveState).toHaveText('离线未保存');
  await previous.click();
  await expect(question(page, 9)).toBeVisible();
  await context.setOffline(false);
  await expect(saveState).toHaveText('已保存', { timeout: 10_000 });
  await expect(banner).toBeHidden();
  await page.reload();
  await expect(question(page, 9)).toBeVisible();
  await next.click();
  await expect(question(page, 10).getByLabel('答案')).toHaveValue('服务器');

  // Text typed just before handing in, without leaving the field, is in the grading.
  await question(page, 10).getByLabel('答案').fill('服务器端');
  await page.getByRole('button', { name: '交卷', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: '确认交卷' });
  await expect(dialog).toContainText('以下题目尚未作答：7、8');
  await dialog.getByRole('button', { name: '确定交卷' }).click();
  await expect(page).toHaveURL(/\/attempts\/\d+\/result$/);
  // The site header is back once the exam is over.
  await expect(page.getByRole('navigation', { name: '主导航' })).toBeVisible();
});

test('answering on a phone: every option can be reached and chosen, nothing sits under the bar', async ({ page, request }) => {
  await page.setViewportSize({ width: 375, height: 667 });
  await openMockExam(page, request);
  for (const letter of ['A', 'B', 'C', 'D']) {
    const target = option(page, 1, letter);
    // Scrolled to the bottom edge of the screen, the option must still be what a tap there reaches.
    await target.evaluate((el) => el.closest('label')!.scrollIntoView({ block: 'end' }));
    const hit = await target.evaluate((el) => {
      const box = el.closest('label')!.getBoundingClientRect();
      const found = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return !!found && el.closest('label')!.contains(found);
    });
    expect(hit, `option ${letter} is covered`).toBeTruthy();
  }
  await option(page, 1, 'D').check();
  await expectChosen(page, 1, ['D']);
});

test('answering in English: the page speaks English apart from the exam data', async ({ page, request }) => {
  const person = newPerson();
  await registerViaApi(request, person);
  await signInWithPassword(page, person.username, person.password);
  await expect(page).toHaveURL(/\/account$/);
  await page.getByRole('group', { name: '语言 / Language' }).getByRole('button', { name: 'English' }).click();
  await page.goto('/exams');
  await page.getByRole('article', { name: MOCK }).getByRole('link', { name: 'Start practice' }).click();
  await page.getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Start the exam' }).click();
  const first = page.getByRole('region', { name: 'Question 1' });
  await expect(first).toBeVisible();
  await expect(page.getByRole('button', { name: 'Next', exact: true })).toBeEnabled();
  const cjk = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;
  // Generated text only: the question head (number, kind, points), the bar without the candidate's name.
  await expect(first.locator('.question-head')).toHaveText(/^1\. Single choice \(\d+ points\)$/);
  const bar = await page.locator('.exam-bar').evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    copy.querySelector('.candidate')?.remove();
    return copy.textContent ?? '';
  });
  expect(bar).not.toMatch(cjk);
  await expect(page.locator('.exam-bar .candidate')).toHaveText(/^Candidate: /);
});

test('the answering page and the exam agreement look as designed (screenshots)', async ({ page, request }) => {
  // Fixed texts in place of the randomly drawn paper, and a fixed name, so the picture is the same every run.
  await page.route('**/api/exams/paper**', async (route) => {
    const response = await route.fetch();
    const paper = await response.json();
    paper.candidate_name = '测试考生';
    paper.questions = paper.questions.map((q: { kind: string; position: number; options: string[] }) => ({
      ...q,
      stem: `示例题干：第 ${q.position + 1} 题的题目文字`,
      options: q.options.map((_: string, i: number) => `选项文字 ${i + 1}`),
    }));
    await route.fulfill({ response, json: paper });
  });
  const person = newPerson();
  await registerViaApi(request, person);
  await signInWithPassword(page, person.username, person.password);
  await expect(page).toHaveURL(/\/account$/);
  await page.goto('/exams');
  await page.getByRole('article', { name: MOCK }).getByRole('link', { name: '开始练习' }).click();
  const agreement = page.getByLabel('我已阅读考试须知，并同意《用户信息授权使用协议》');
  await agreement.check();
  await expect(page.locator('.check')).toHaveScreenshot('exam-agreement.png', { maxDiffPixelRatio: 0.02 });
  await page.getByRole('button', { name: '下一步' }).click();
  await page.getByRole('button', { name: '开始考试' }).click();
  await option(page, 1, 'B').check();
  await expect(page.getByRole('status').filter({ hasText: /^已保存$/ })).toBeVisible();
  await expect(page.locator('.exam-page')).toHaveScreenshot('answering.png', {
    maxDiffPixelRatio: 0.02,
    mask: [page.locator('#remaining'), page.locator('.alert')],
  });
});
