import { expect, test } from '@playwright/test';
import { apiSignIn, verifiedCandidate } from './exam-helpers';
import { signInWithPassword } from './helpers';

// An exam whose results the exam office publishes (issue 19): the candidate is told of the exam under
// 消息通知, hands in and reads that the results come later; the office can't publish before the exam
// has ended, then publishes; the candidate sees the score and the SMS.
test('the exam notice, a hidden result, and the office publishing it after the end', async ({ browser, request }) => {
  test.setTimeout(150_000);
  const { person, context } = await verifiedCandidate(browser, request, 'one-face.jpg');
  const title = `统一公布成绩考试 ${person.username}`;
  const staff = (await browser.newContext()).request;
  await apiSignIn(staff, 'demo_examiner', 'Examiner#2026');
  // Started 90 s ago, 2 minutes long: it ends 30 s from now.
  const endsAt = Date.now() + 30_000;
  const settings = {
    title, kind: 'formal', start_ms: endsAt - 120_000, duration_min: 2,
    single_count: 2, multiple_count: 0, fill_count: 0, single_points: 2, multiple_points: 0, fill_points: 0,
    pass_mark: 0, max_attempts: 1, waiting_room_min: 45, late_entry_min: 30, switch_limit: 3, verify_limit: 10,
    proctoring: false, show_result: false, candidates: [person.username],
  };
  const created = await staff.post('/api/exam-admin/create-exam', { data: { settings } });
  expect(created.ok(), await created.text()).toBeTruthy();

  const page = await context.newPage();
  await page.goto('/me/notifications');
  await expect(page.getByText(`您已被安排参加“${title}”`)).toBeVisible();
  await page.goto('/exams');
  await page.getByRole('article', { name: title }).getByRole('link', { name: '开始考试' }).click();
  await page.getByLabel('我已阅读考试须知，并同意《用户信息授权使用协议》').check();
  await page.getByRole('button', { name: '下一步' }).click();
  await page.getByRole('button', { name: '开始考试' }).click();
  await page.getByRole('region', { name: '第1题' }).getByRole('radio').first().check();
  await page.getByRole('button', { name: '交卷', exact: true }).click();
  await page.getByRole('dialog', { name: '确认交卷' }).getByRole('button', { name: '确定交卷' }).click();
  await expect(page).toHaveURL(/\/attempts\/\d+\/result$/);
  await expect(page.getByText('成绩待公布', { exact: true })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: '成绩由考务统一公布' })).toBeVisible();
  await expect(page.getByText(/^得分：/)).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('result-hidden.png'), fullPage: true });

  const office = await (await browser.newContext()).newPage();
  await signInWithPassword(office, 'demo_examiner', 'Examiner#2026');
  await expect(office).toHaveURL(/\/account$/);
  await office.getByRole('link', { name: '考务管理' }).click();
  const item = office.getByRole('article', { name: title });
  await expect(item.getByRole('status')).toHaveText('尚未设定公布时间');
  const publish = item.getByRole('button', { name: '公布成绩' });
  await publish.click();
  await expect(item.getByText('公布时间须在考试结束之后')).toBeVisible();
  // After the end, empty means now.
  await office.waitForTimeout(Math.max(0, endsAt - Date.now() + 2_000));
  await publish.click();
  await expect(item.getByRole('status')).toHaveText(/^成绩已公布：\d{4}-\d\d-\d\d \d\d:\d\d$/);
  await expect(item.getByRole('button', { name: '公布成绩' })).toHaveCount(0);
  await office.screenshot({ path: test.info().outputPath('office-results.png'), fullPage: true });

  await page.reload();
  await expect(page.getByText(/^得分：\d+ \/ 4/)).toBeVisible();
  await expect(page.getByText('通过', { exact: true })).toBeVisible();
  await page.goto('/me/notifications');
  await expect(page.getByText(`“${title}”成绩已公布：合格`)).toBeVisible();
});
