import { APIRequestContext, BrowserContext, expect, Page, test } from '@playwright/test';
import { approveAll, reviewerDecides, submitThroughApi, WINDOW } from './application-helpers';
import { apiSignIn, verifiedCandidate } from './exam-helpers';
import { signInWithPassword } from './helpers';

// Seed 004 from end to end (审核阶段 → 考试阶段): two applicants are approved by the four stages and wait
// for the exam; each is told of the exam under 消息通知, takes it and reads that the results come later;
// the exam office publishes them after the end; the one who passed enters the pool, the one who failed
// is not admitted, and each reads the final result in 消息通知.

async function createExam(staff: APIRequestContext, title: string, username: string, startMs: number, passMark: number): Promise<void> {
  const settings = {
    title, kind: 'formal', start_ms: startMs, duration_min: 1,
    single_count: 2, multiple_count: 0, fill_count: 0, single_points: 2, multiple_points: 0, fill_points: 0,
    pass_mark: passMark, max_attempts: 1, waiting_room_min: 45, late_entry_min: 30, switch_limit: 3, verify_limit: 10,
    proctoring: false, show_result: false, candidates: [username],
  };
  const created = await staff.post('/api/exam-admin/create-exam', { data: { settings } });
  expect(created.ok(), await created.text()).toBeTruthy();
}

/** The applicant's status as the application page shows it. */
async function applicationStatus(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto('/applications');
  await page.getByRole('article', { name: WINDOW }).getByRole('button', { name: '查看申请' }).click();
  await expect(page).toHaveURL(/\/applications\/\d+$/);
  return page;
}

/** Reads the exam notice, waits in the waiting room for the start, answers the first question (or none)
 *  and hands in. */
async function takeExam(context: BrowserContext, title: string, answer: boolean): Promise<Page> {
  const page = await context.newPage();
  await page.goto('/me/notifications');
  await expect(page.getByText(`您已被安排参加“${title}”`)).toBeVisible();
  await page.goto('/exams');
  await page.getByRole('article', { name: title }).getByRole('link', { name: '开始考试' }).click();
  await page.getByLabel('我已阅读考试须知，并同意《用户信息授权使用协议》').check();
  await page.getByRole('button', { name: '下一步' }).click();
  const start = page.getByRole('button', { name: '开始考试' });
  await expect(start).toBeEnabled({ timeout: 20_000 });
  await start.click();
  if (answer) {
    await page.getByRole('region', { name: '第1题' }).getByRole('radio').first().check();
    await expect(page.getByRole('status').filter({ hasText: /^已保存$/ })).toBeVisible();
  }
  await page.getByRole('button', { name: '交卷', exact: true }).click();
  await page.getByRole('dialog', { name: '确认交卷' }).getByRole('button', { name: '确定交卷' }).click();
  await expect(page).toHaveURL(/\/attempts\/\d+\/result$/);
  await expect(page.getByText('成绩待公布', { exact: true })).toBeVisible();
  return page;
}

test('seed 004: four approvals, the exam notice, the exam, results published, the pool entry told by SMS; a failed candidate is not admitted', async ({ browser, request }) => {
  test.setTimeout(300_000);
  const passing = await verifiedCandidate(browser, request, 'one-face.jpg');
  const failing = await verifiedCandidate(browser, request, 'one-face.jpg');
  for (const applicant of [passing, failing]) {
    await submitThroughApi(applicant.api);
    for (const n of [1, 2, 3, 4]) {
      await reviewerDecides(browser, `demo_reviewer${n}`, applicant.person.username, approveAll);
    }
  }
  // Approved: the applicant waits for the exam, not yet in the pool.
  const waiting = await applicationStatus(passing.context);
  await expect(waiting.getByText('审核已完成，等待考试', { exact: true })).toBeVisible();
  const next = waiting.getByRole('note', { name: '下一步：征集考试' });
  await expect(next.getByRole('link', { name: '查看我的考试' })).toHaveAttribute('href', '/exams');
  await expect(next.getByRole('link', { name: '资料下载' })).toHaveAttribute('href', '/downloads');

  // The exam office schedules each one's exam after the approvals: a pass mark of 0 for one, and of
  // every point for the other, who hands in a blank paper.
  const staff = (await browser.newContext()).request;
  await apiSignIn(staff, 'demo_examiner', 'Examiner#2026');
  const passTitle = `征集考试 ${passing.person.username}`;
  const failTitle = `征集考试 ${failing.person.username}`;
  const startMs = Date.now() + 5_000;
  await createExam(staff, passTitle, passing.person.username, startMs, 0);
  await createExam(staff, failTitle, failing.person.username, startMs, 4);
  const passed = await takeExam(passing.context, passTitle, true);
  await takeExam(failing.context, failTitle, false);

  // After the end (a one-minute exam) the office publishes both.
  const office = await (await browser.newContext()).newPage();
  await signInWithPassword(office, 'demo_examiner', 'Examiner#2026');
  await expect(office).toHaveURL(/\/account$/);
  await office.getByRole('link', { name: '考务管理' }).click();
  await office.waitForTimeout(Math.max(0, startMs + 60_000 - Date.now() + 2_000));
  for (const title of [passTitle, failTitle]) {
    const item = office.getByRole('article', { name: title });
    await item.getByRole('button', { name: '公布成绩' }).click();
    await expect(item.getByRole('status')).toHaveText(/^成绩已公布：/);
  }
  await passed.reload();
  await expect(passed.getByText('通过', { exact: true })).toBeVisible();

  // The exam decides the applications (within seconds): the SMS under 消息通知, and the status.
  const outcomes: [typeof passing, string, string][] = [
    [passing, `您已通过“${passTitle}”，本次专家申请结果：已入选综合评标专家库。`, '已入库'],
    [failing, `您未通过“${failTitle}”，本次专家申请结果：未能入库。如有疑问请联系客服。`, '未入库（考试未通过）'],
  ];
  for (const [applicant, message, status] of outcomes) {
    const page = await applicant.context.newPage();
    await expect(async () => {
      await page.goto('/me/notifications');
      await expect(page.getByText(message)).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    await page.screenshot({ path: test.info().outputPath(`notifications-${status}.png`), fullPage: true });
    const application = await applicationStatus(applicant.context);
    await expect(application.getByText(status, { exact: true })).toBeVisible();
  }
});
