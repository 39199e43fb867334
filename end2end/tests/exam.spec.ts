import { expect, test } from '@playwright/test';
import { newPerson, registerViaApi, signInWithPassword } from './helpers';

test('a mock exam: mouse and keyboard answers, reload resumes, offline answers are kept and sent, hand-in lists the unanswered, a complaint is answered', async ({ page, context, request, browser }) => {
  test.setTimeout(210_000);
  const person = newPerson();
  await registerViaApi(request, person);
  await signInWithPassword(page, person.username, person.password);
  await expect(page).toHaveURL(/\/account$/);
  await page.getByRole('link', { name: '我的考试' }).click();
  const card = page.getByRole('article', { name: '模拟练习（不限次数）' });
  // Seed 000: the mock exam says it is not the formal one.
  await expect(card.getByText('模拟题与正式考试的题目、题型和数量不完全一致')).toBeVisible();
  await card.getByRole('link', { name: '开始练习' }).click();

  // 考前确认: a mock exam asks only for the agreement; the waiting room is open because it has started.
  const next = page.getByRole('button', { name: '下一步' });
  await expect(next).toBeDisabled();
  await page.getByLabel('我已阅读考试须知，并同意《用户信息授权使用协议》').check();
  await next.click();
  await expect(page).toHaveURL(/\/exams\/\d+\/wait$/);
  await expect(page.getByRole('timer')).toHaveText('考试已开始');
  await page.getByRole('button', { name: '开始考试' }).click();
  await expect(page).toHaveURL(/\/attempts\/\d+$/);

  const answerCard = page.getByRole('navigation', { name: '答题卡' });
  const question = (n: number) => page.getByRole('region', { name: `第${n}题` });
  const saveState = page.getByRole('status').filter({ hasText: /^(已保存|待保存|保存中|离线未保存)$/ });
  await expect(question(1)).toBeVisible();
  await expect(page.getByRole('timer')).toContainText(/剩余时间 (19|20):\d\d/);
  // Mouse: pick the second option of question 1; the card turns it blue and the server has it.
  await question(1).getByRole('radio').nth(1).check();
  await expect(answerCard.getByRole('button', { name: '1', exact: true })).toHaveClass(/answered/);
  await expect(saveState).toHaveText('已保存');
  // Keyboard: → moves on, a digit picks an option.
  await page.keyboard.press('ArrowRight');
  await expect(question(2)).toBeVisible();
  await page.keyboard.press('1');
  await expect(question(2).getByRole('radio').first()).toBeChecked();
  await expect(answerCard.getByRole('button', { name: '2', exact: true })).toHaveClass(/answered/);
  await expect(saveState).toHaveText('已保存');

  // A reload resumes the same attempt at the same question with the answers.
  await page.reload();
  await expect(question(2)).toBeVisible();
  await expect(question(2).getByRole('radio').first()).toBeChecked();
  await expect(answerCard.getByRole('button', { name: '1', exact: true })).toHaveClass(/answered/);

  // Offline for a full minute (issue 7): answers given meanwhile are kept in the browser and shown as not
  // saved; back online they go out at once, not at the end of the retry backoff (which reaches 30 s).
  await answerCard.getByRole('button', { name: '3', exact: true }).click();
  await context.setOffline(true);
  await question(3).getByRole('radio').first().check();
  await expect(saveState).toHaveText('离线未保存');
  await page.waitForTimeout(30_000);
  await page.keyboard.press('ArrowRight');
  await expect(question(4)).toBeVisible();
  await page.keyboard.press('2');
  await expect(answerCard.getByRole('button', { name: '4', exact: true })).toHaveClass(/answered/);
  await page.waitForTimeout(30_000);
  await expect(saveState).toHaveText('离线未保存');
  // Both kept answers go out together in one request (issue 20: the batch save).
  const batch = page.waitForRequest((r) => r.url().endsWith('/api/exams/save-batch'));
  await context.setOffline(false);
  expect((await batch).postDataJSON().answers).toHaveLength(2);
  await expect(saveState).toHaveText('已保存', { timeout: 5_000 });
  await page.reload();
  await answerCard.getByRole('button', { name: '3', exact: true }).click();
  await expect(question(3).getByRole('radio').first()).toBeChecked();
  await answerCard.getByRole('button', { name: '4', exact: true }).click();
  await expect(question(4).getByRole('radio').nth(1)).toBeChecked();

  // Hand in: the confirmation lists what is unanswered.
  await page.getByRole('button', { name: '交卷', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: '确认交卷' });
  await expect(dialog.getByText(/^以下题目尚未作答/)).toContainText('5、6、7、8、9、10');
  await expect(dialog.getByText(/^以下题目尚未作答/)).not.toContainText('4、');
  await dialog.getByRole('button', { name: '确定交卷' }).click();
  await expect(page).toHaveURL(/\/attempts\/\d+\/result$/);
  await expect(page.getByText(/^得分：\d+ \/ 26/)).toBeVisible();
  await expect(page.getByText(/^(通过|未通过)$/)).toBeVisible();

  // 我要投诉 from the result page; the exam office answers; the answer shows here (and goes by SMS).
  await page.getByRole('button', { name: '我要投诉' }).click();
  await page.getByLabel('投诉内容').fill(`第2题题干有歧义 ${person.username}`);
  await page.getByRole('button', { name: '提交投诉' }).click();
  await expect(page.getByRole('status').filter({ hasText: '我的投诉' })).toContainText('处理中');
  const office = await (await browser.newContext()).newPage();
  await signInWithPassword(office, 'demo_examiner', 'Examiner#2026');
  await expect(office).toHaveURL(/\/account$/);
  await office.getByRole('link', { name: '考务管理' }).click();
  const complaint = office.getByRole('article').filter({ hasText: `第2题题干有歧义 ${person.username}` });
  await complaint.getByLabel('答复（短信发送给考生）').fill('已复核，题干无歧义，成绩维持');
  await complaint.getByRole('button', { name: '发送答复' }).click();
  await expect(complaint).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('status').filter({ hasText: '我的投诉' })).toContainText('答复：已复核，题干无歧义，成绩维持');

  // The exam office imports questions: a file with bad rows is refused whole, with their line numbers.
  const csvInput = office.getByLabel('导入题库（CSV：题型,题干,选项,答案）');
  await csvInput.setInputFiles({ name: 'bank.csv', mimeType: 'text/csv', buffer: Buffer.from('题型,题干,选项,答案\n单选,一加一,1|2,B\n判断,坏题,对|错,A\n') });
  await expect(office.getByRole('alert')).toContainText('第3行');
  await csvInput.setInputFiles({ name: 'bank.csv', mimeType: 'text/csv', buffer: Buffer.from('题型,题干,选项,答案\n单选,一加一,1|2,B\n填空,二加二,,4\n') });
  await expect(office.getByText('已导入 2 道题')).toBeVisible();
  // Practice questions go to the practice pool, which only mock exams draw from; the exam form says so.
  await office.getByRole('radio', { name: /模拟练习题库/ }).check();
  await csvInput.setInputFiles({ name: 'practice.csv', mimeType: 'text/csv', buffer: Buffer.from('题型,题干,选项,答案\n单选,练习：三加三,5|6,B\n') });
  await expect(office.getByText('已导入 1 道题')).toBeVisible();
  await expect(office.getByText('题库：正式考试题库')).toBeVisible();
  await office.getByLabel('模拟考试（不限次数、不监考、不发证）').check();
  await expect(office.getByText('题库：模拟练习题库（不含正式考试的题目）')).toBeVisible();
});
